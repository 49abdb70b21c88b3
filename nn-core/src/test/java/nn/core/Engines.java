package nn.core;

import java.util.ArrayList;
import java.util.List;
import nn.backend.Blas;
import nn.backend.Precision;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.BatchedBackprop;
import nn.training.LoopedBackprop;
import org.jblas.DoubleMatrix;

/**
 * The engines the property tests run: the looped reference, then the batched engine on every {@link Blas}
 * backend × {@link Precision} that loads here ({@link Backends#all()}). In nn-core that is jblas in float64;
 * nn-openblas runs these same tests with OpenBLAS in float64 and float32 on the class path as well.
 *
 * <p>A float32 engine rounds the parameters and inputs it is given to float32 before it computes, so its
 * reference is the float64 computation on the same float32-rounded values ({@link #rounded}): what is left
 * between them is float32 arithmetic alone. Its tolerance, {@link #FLOAT32_RELATIVE} of each matrix's largest
 * entry, follows from the unit roundoff u = 2⁻²⁴ ≈ 6·10⁻⁸: the test networks have at most 4 layers of at most 8
 * units and mini-batches of at most 17 examples, so every entry is a chain of at most a few hundred rounded
 * operations (dot products, exponentials, products), whose error is at most a few hundred u ≈ 2·10⁻⁵. The bound
 * is ~5 times that, and still 10⁴ times below the error of any wrong equation (which is of the order of the
 * values themselves).
 */
final class Engines {

    /** Relative tolerance of a float32 engine against float64 on the same float32-rounded values. */
    static final double FLOAT32_RELATIVE = 1e-4;

    private Engines() {
    }

    /** The batched engine on every available backend in every precision it has. */
    static List<Backprop> batched() {
        List<Backprop> engines = new ArrayList<>();
        for (Blas blas : Backends.all()) {
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

    /** A name for messages: {@code looped} or {@code batched/<backend>/<precision>}. */
    static String describe(Backprop engine) {
        return engine instanceof BatchedBackprop
                ? "batched/" + Backends.describe(((BatchedBackprop) engine).blas()) : engine.name();
    }

    /** {@code float64} for a float64 engine, {@link #FLOAT32_RELATIVE} for a float32 one. */
    static double tolerance(Backprop engine, double float64) {
        return engine.precision() == Precision.FLOAT32 ? FLOAT32_RELATIVE : float64;
    }

    /** The values {@code engine} computes on: {@code network} itself in float64, a float32-rounded copy else. */
    static Network rounded(Backprop engine, Network network) {
        if (engine.precision() == Precision.FLOAT64) {
            return network;
        }
        Network copy = network.copy();
        for (int l = 0; l < copy.numLayers() - 1; l++) {
            round(copy.weights[l]);
            round(copy.biases[l]);
        }
        return copy;
    }

    /** The values {@code engine} computes on: {@code m} itself in float64, a float32-rounded copy else. */
    static DoubleMatrix rounded(Backprop engine, DoubleMatrix m) {
        return engine.precision() == Precision.FLOAT64 ? m : round(m.dup());
    }

    private static DoubleMatrix round(DoubleMatrix m) {
        for (int i = 0; i < m.length; i++) {
            m.data[i] = (float) m.data[i];
        }
        return m;
    }
}
