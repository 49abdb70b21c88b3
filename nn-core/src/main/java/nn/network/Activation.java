package nn.network;

import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Elementwise;
import nn.backend.Precision;
import nn.internal.HeapMatrix;
import org.jblas.DoubleMatrix;

/**
 * The function σ a layer applies to its weighted inputs {@code z} to get its activations {@code a = σ(z)}.
 *
 * <p>Matrices hold one example per column. Each implementation writes its formula once, in {@code double}
 * arithmetic on {@link BlasMatrix} entries (whatever storage and {@link Precision} the {@link Blas} backend
 * keeps), in place on caller-supplied matrices and on a range of columns, so that the batched engine can reuse
 * its workspaces and a backend can split the work across threads ({@link Elementwise}). The
 * {@link DoubleMatrix} forms wrap their arguments and delegate. The allocating {@link #apply(DoubleMatrix)} and
 * {@link #prime(DoubleMatrix)} serve the looped reference engine, which reads like the book.
 */
public interface Activation {

    /**
     * The name used in saved networks and on the command line.
     *
     * @return the name {@link #byName} knows this activation by, e.g. {@code "sigmoid"}
     */
    String name();

    /**
     * Whether σ acts on each entry on its own. Only such activations have the diagonal σ′ that equation BP2
     * needs; softmax is not, and may only be the output layer of a log-likelihood network.
     *
     * @return true when σ(z)_j depends on z_j alone (sigmoid, tanh, ReLU), false for softmax
     */
    boolean elementwise();

    /**
     * Writes {@code a = σ(z)} in columns {@code fromColumn} (inclusive) to {@code toColumn} (exclusive);
     * {@code a} has the shape of {@code z} and may be {@code z} itself.
     *
     * @param z          the weighted inputs {@code w a + b}, one example per column
     * @param a          receives σ(z) in the given columns; the other columns are left as they are
     * @param fromColumn the first column to compute, at least 0
     * @param toColumn   one past the last column to compute, at most {@code z.columns}
     */
    void apply(BlasMatrix z, BlasMatrix a, int fromColumn, int toColumn);

    /**
     * Multiplies {@code d} entry by entry by σ′(z), {@code d ⊙= σ′(z)} (the Hadamard product of BP1 and BP2), in
     * columns {@code fromColumn} (inclusive) to {@code toColumn} (exclusive).
     *
     * @param z          the weighted inputs, one example per column
     * @param a          σ(z), already computed, which several derivatives are cheapest from
     * @param d          the error being propagated, of the shape of {@code z}; multiplied in place
     * @param fromColumn the first column to multiply, at least 0
     * @param toColumn   one past the last column to multiply, at most {@code d.columns}
     * @throws UnsupportedOperationException for an activation that is not {@link #elementwise()}
     */
    void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d, int fromColumn, int toColumn);

    /**
     * {@link #apply(BlasMatrix, BlasMatrix, int, int)} on every column.
     *
     * @param z the weighted inputs, one example per column
     * @param a receives σ(z); the shape of {@code z}, and may be {@code z} itself
     */
    default void apply(BlasMatrix z, BlasMatrix a) {
        apply(z, a, 0, z.columns);
    }

    /**
     * {@link #multiplyByDerivative(BlasMatrix, BlasMatrix, BlasMatrix, int, int)} on every column.
     *
     * @param z the weighted inputs, one example per column
     * @param a σ(z), already computed
     * @param d the error being propagated, of the shape of {@code z}; multiplied in place, {@code d ⊙= σ′(z)}
     * @throws UnsupportedOperationException for an activation that is not {@link #elementwise()}
     */
    default void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d) {
        multiplyByDerivative(z, a, d, 0, d.columns);
    }

    /**
     * {@link #apply(BlasMatrix, BlasMatrix)} on heap matrices.
     *
     * @param z the weighted inputs, one example per column
     * @param a receives σ(z); the shape of {@code z}, and may be {@code z} itself
     */
    default void apply(DoubleMatrix z, DoubleMatrix a) {
        apply(HeapMatrix.wrap(z), HeapMatrix.wrap(a));
    }

    /**
     * {@link #multiplyByDerivative(BlasMatrix, BlasMatrix, BlasMatrix)} on heap matrices.
     *
     * @param z the weighted inputs, one example per column
     * @param a σ(z), already computed
     * @param d the error being propagated, of the shape of {@code z}; multiplied in place, {@code d ⊙= σ′(z)}
     * @throws UnsupportedOperationException for an activation that is not {@link #elementwise()}
     */
    default void multiplyByDerivative(DoubleMatrix z, DoubleMatrix a, DoubleMatrix d) {
        multiplyByDerivative(HeapMatrix.wrap(z), HeapMatrix.wrap(a), HeapMatrix.wrap(d));
    }

    /**
     * Computes σ(z) into a new matrix.
     *
     * @param z the weighted inputs, one example per column; not modified
     * @return a new matrix σ(z) of the shape of {@code z}
     */
    default DoubleMatrix apply(DoubleMatrix z) {
        DoubleMatrix a = new DoubleMatrix(z.rows, z.columns);
        apply(z, a);
        return a;
    }

    /**
     * Computes σ′(z) into a new matrix (the book's {@code sigmoid_prime}).
     *
     * @param z the weighted inputs, one example per column; not modified
     * @return a new matrix σ′(z) of the shape of {@code z}
     * @throws UnsupportedOperationException for an activation that is not {@link #elementwise()}
     */
    default DoubleMatrix prime(DoubleMatrix z) {
        DoubleMatrix d = DoubleMatrix.ones(z.rows, z.columns);
        multiplyByDerivative(z, apply(z), d);
        return d;
    }

    /**
     * The activation with the given {@link #name()}: {@code sigmoid}, {@code tanh}, {@code relu} or
     * {@code softmax}.
     *
     * @param name the activation's {@link #name()}, case-sensitive
     * @return the shared instance of that activation
     * @throws IllegalArgumentException for any other name
     */
    static Activation byName(String name) {
        switch (name) {
            case Sigmoid.NAME:
                return Sigmoid.INSTANCE;
            case Tanh.NAME:
                return Tanh.INSTANCE;
            case Relu.NAME:
                return Relu.INSTANCE;
            case Softmax.NAME:
                return Softmax.INSTANCE;
            default:
                throw new IllegalArgumentException(
                        "unknown activation '" + name + "': expected sigmoid, tanh, relu or softmax");
        }
    }
}
