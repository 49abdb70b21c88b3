package nn.core;

import java.util.List;
import nn.backend.Blas;
import nn.backend.Precision;

/**
 * Every backend × precision the tests run on: each {@link Blas} that loads here in each {@link Precision} it
 * has. In nn-core that is jblas in float64; nn-openblas runs the same tests with OpenBLAS in float64 and float32
 * as well.
 */
public final class Backends {

    private Backends() {
    }

    /** Every available backend in every precision it has, float64 first. */
    public static List<Blas> all() {
        return Blas.availableInEveryPrecision();
    }

    /** A name for messages, e.g. {@code openblas/float32}. */
    public static String describe(Blas blas) {
        return blas.name() + "/" + blas.precision();
    }
}
