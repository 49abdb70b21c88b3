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

    /**
     * The name {@code network2.py} saves.
     *
     * @return {@code network2.py}'s class name for this cost, e.g. {@code "QuadraticCost"}; {@link #byName} knows it
     */
    String name();

    /**
     * The cost summed over every column (example) of {@code a} against the targets {@code y}.
     *
     * @param a the output activations, one example per column
     * @param y the targets, of the shape of {@code a}
     * @return Σ_x C_x, without any regularisation term; not divided by the number of examples
     * @throws IllegalArgumentException if {@code y} does not have the shape of {@code a}, naming both shapes
     */
    double fn(DoubleMatrix a, DoubleMatrix y);

    /**
     * Writes the output error δ^L for outputs {@code a = σ(z)} and targets {@code y} into {@code delta}
     * (equation BP1), in columns {@code fromColumn} (inclusive) to {@code toColumn} (exclusive).
     *
     * @param z          the output layer's weighted inputs z^L, one example per column
     * @param a          its activations a^L = σ(z^L), of the shape of {@code z}
     * @param y          the targets, of the shape of {@code z}
     * @param output     the output layer's activation σ
     * @param delta      receives δ^L in the given columns, of the shape of {@code z}; the other columns are left as
     *                   they are
     * @param fromColumn the first column to compute, at least 0
     * @param toColumn   one past the last column to compute, at most {@code delta.columns}
     */
    void delta(BlasMatrix z, BlasMatrix a, BlasMatrix y, Activation output, BlasMatrix delta, int fromColumn,
               int toColumn);

    /**
     * {@link #delta(BlasMatrix, BlasMatrix, BlasMatrix, Activation, BlasMatrix, int, int)} on every column.
     *
     * @param z      the output layer's weighted inputs z^L, one example per column
     * @param a      its activations a^L = σ(z^L), of the shape of {@code z}
     * @param y      the targets, of the shape of {@code z}
     * @param output the output layer's activation σ
     * @param delta  receives δ^L, of the shape of {@code z}
     */
    default void delta(BlasMatrix z, BlasMatrix a, BlasMatrix y, Activation output, BlasMatrix delta) {
        delta(z, a, y, output, delta, 0, delta.columns);
    }

    /**
     * {@link #delta(BlasMatrix, BlasMatrix, BlasMatrix, Activation, BlasMatrix)} on heap matrices.
     *
     * @param z      the output layer's weighted inputs z^L, one example per column
     * @param a      its activations a^L = σ(z^L), of the shape of {@code z}
     * @param y      the targets, of the shape of {@code z}
     * @param output the output layer's activation σ
     * @param delta  receives δ^L, of the shape of {@code z}
     */
    default void delta(DoubleMatrix z, DoubleMatrix a, DoubleMatrix y, Activation output, DoubleMatrix delta) {
        delta(HeapMatrix.wrap(z), HeapMatrix.wrap(a), HeapMatrix.wrap(y), output, HeapMatrix.wrap(delta));
    }

    /**
     * Checks that this cost can be paired with the output activation: the simplified errors δ = a − y hold
     * only for cross-entropy with sigmoid and log-likelihood with softmax.
     *
     * @param output the activation of the network's output layer
     * @throws IllegalArgumentException naming the pair when it does not make sense
     */
    void checkOutputActivation(Activation output);

    /**
     * Computes δ^L (equation BP1) into a new matrix.
     *
     * @param z      the output layer's weighted inputs z^L, one example per column
     * @param a      its activations a^L = σ(z^L), of the shape of {@code z}
     * @param y      the targets, of the shape of {@code a}
     * @param output the output layer's activation σ
     * @return a new matrix δ^L, of the shape of {@code a}
     */
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
     * @param name one of those names, case-sensitive
     * @return the shared instance of that cost
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
