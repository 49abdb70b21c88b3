package nn.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The engines the property tests run: the looped reference, then the batched engine on every {@link Blas}
 * backend that loads here. In nn-core that is jblas; nn-openblas runs these same tests with OpenBLAS on the
 * class path as well.
 */
final class Engines {

    private Engines() {
    }

    /** The batched engine on every available backend. */
    static List<Backprop> batched() {
        List<Backprop> engines = new ArrayList<>();
        for (Blas blas : Blas.available()) {
            engines.add(new BatchedBackprop(blas));
        }
        return engines;
    }

    /** The looped engine, then {@link #batched()}. */
    static List<Backprop> all() {
        List<Backprop> engines = new ArrayList<>();
        engines.add(new LoopedBackprop());
        engines.addAll(batched());
        return engines;
    }

    /** A name for messages: {@code looped} or {@code batched/<backend>}. */
    static String describe(Backprop engine) {
        return engine instanceof BatchedBackprop ? "batched/" + ((BatchedBackprop) engine).blas().name()
                : engine.name();
    }
}
