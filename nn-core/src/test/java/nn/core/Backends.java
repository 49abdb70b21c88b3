package nn.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Every backend × precision the tests run on: each {@link Blas} that loads here in each {@link Precision} it
 * has. In nn-core that is jblas in float64; nn-openblas runs the same tests with OpenBLAS in float64 and float32
 * as well.
 */
final class Backends {

    private Backends() {
    }

    /** Every available backend in every precision it has, float64 first. */
    static List<Blas> all() {
        List<Blas> all = new ArrayList<>();
        for (Blas blas : Blas.available()) {
            for (Precision p : Precision.values()) {
                try {
                    all.add(blas.withPrecision(p));
                } catch (UnsupportedOperationException e) {
                    // This backend has no such precision: nothing to test there.
                }
            }
        }
        return all;
    }

    /** A name for messages, e.g. {@code openblas/float32}. */
    static String describe(Blas blas) {
        return blas.name() + "/" + blas.precision();
    }
}
