package nn.network;

import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Precision;
import nn.internal.HeapMatrix;
import org.jblas.DoubleMatrix;

/**
 * A cost function C(a, y) and the output error δ^L = ∂C/∂z^L it gives (equation BP1).
 *
 * <p>As in {@code network2.py}, a cost is a stateless strategy with two operations, {@code fn} and
 * {@code delta}; {@code delta} takes {@code z} even when it does not need it, so every cost has the same shape.
 * Matrices hold one example per column. {@code delta} is written once, in {@code double} arithmetic on
 * {@link BlasMatrix} entries (the batched engine's storage, whichever {@link Blas} backend and {@link Precision}
 * keeps it) and on a range of columns, so that a backend can split it across threads; its {@link DoubleMatrix}
 * form delegates.
 */
public interface Cost {

    /** The name {@code network2.py} saves, e.g. {@code "QuadraticCost"}. */
    String name();

    /** The cost summed over every column (example) of {@code a} against the targets {@code y}. */
    double fn(DoubleMatrix a, DoubleMatrix y);

    /**
     * Writes the output error δ^L for outputs {@code a = σ(z)} and targets {@code y} into {@code delta}
     * (equation BP1), in columns {@code fromColumn} (inclusive) to {@code toColumn} (exclusive).
     *
     * @param output the output layer's activation σ
     */
    void delta(BlasMatrix z, BlasMatrix a, BlasMatrix y, Activation output, BlasMatrix delta, int fromColumn,
               int toColumn);

    /** {@link #delta(BlasMatrix, BlasMatrix, BlasMatrix, Activation, BlasMatrix, int, int)} on every column. */
    default void delta(BlasMatrix z, BlasMatrix a, BlasMatrix y, Activation output, BlasMatrix delta) {
        delta(z, a, y, output, delta, 0, delta.columns);
    }

    /** {@link #delta(BlasMatrix, BlasMatrix, BlasMatrix, Activation, BlasMatrix)} on heap matrices. */
    default void delta(DoubleMatrix z, DoubleMatrix a, DoubleMatrix y, Activation output, DoubleMatrix delta) {
        delta(HeapMatrix.wrap(z), HeapMatrix.wrap(a), HeapMatrix.wrap(y), output, HeapMatrix.wrap(delta));
    }

    /**
     * Checks that this cost can be paired with the output activation: the simplified errors δ = a − y hold
     * only for cross-entropy with sigmoid and log-likelihood with softmax.
     *
     * @throws IllegalArgumentException naming the pair when it does not make sense
     */
    void checkOutputActivation(Activation output);

    /** Returns a new matrix holding δ^L (equation BP1). */
    default DoubleMatrix delta(DoubleMatrix z, DoubleMatrix a, DoubleMatrix y, Activation output) {
        DoubleMatrix delta = new DoubleMatrix(a.rows, a.columns);
        delta(z, a, y, output, delta);
        return delta;
    }

    /**
     * The cost with the given name: {@code network2.py}'s class names {@code QuadraticCost},
     * {@code CrossEntropyCost}, {@code LogLikelihoodCost}, or the short forms {@code quadratic},
     * {@code cross-entropy}, {@code log-likelihood}.
     *
     * @throws IllegalArgumentException for any other name
     */
    static Cost byName(String name) {
        switch (name) {
            case QuadraticCost.NAME:
            case "quadratic":
                return QuadraticCost.INSTANCE;
            case CrossEntropyCost.NAME:
            case "cross-entropy":
                return CrossEntropyCost.INSTANCE;
            case LogLikelihoodCost.NAME:
            case "log-likelihood":
                return LogLikelihoodCost.INSTANCE;
            default:
                throw new IllegalArgumentException("unknown cost '" + name
                        + "': expected QuadraticCost, CrossEntropyCost or LogLikelihoodCost"
                        + " (or quadratic, cross-entropy, log-likelihood)");
        }
    }
}
