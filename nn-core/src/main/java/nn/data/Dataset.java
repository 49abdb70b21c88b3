package nn.data;

import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.internal.HeapMatrix;
import nn.network.Network;
import nn.training.Sgd;
import org.jblas.DoubleMatrix;

/**
 * Labelled examples that the network trains and is evaluated on.
 *
 * <p>A dataset never hands out one object per example: training asks it to copy a mini-batch straight into
 * the columns of reusable matrices, so an implementation may keep its examples in whatever compact form it
 * likes (MNIST keeps pixels as bytes) and widen them only for the current mini-batch, straight into the
 * backend's storage and precision.
 *
 * <p>{@link Sgd} calls {@link #copyBatch(int[], int, int, BlasMatrix, BlasMatrix)} from a second thread
 * while it trains on the previous mini-batch (unless {@code prefetch(false)}), one call at a time: a dataset
 * must not change while it is trained on, and must not depend on which thread reads it.
 * {@link Network#evaluate} calls it from several threads at once, each with its own destination matrices: a
 * dataset that keeps mutable state for copying (a generator drawing augmentations, say) must keep it per thread
 * or derive it from the example's index.
 */
public interface Dataset {

    /**
     * Number of examples.
     *
     * @return n, the number of examples, indexed 0 to n − 1; at least 1 for a dataset a network accepts
     */
    int size();

    /**
     * Length of one input vector (the network's input layer size).
     *
     * @return the number of features per example, e.g. 784 for MNIST's 28 × 28 pixels
     */
    int inputSize();

    /**
     * Length of one target vector (the network's output layer size).
     *
     * @return the number of entries per target, e.g. 10 for MNIST's one-hot digits
     */
    int outputSize();

    /**
     * Copies the examples {@code order[from]}, … {@code order[from + count − 1]} into the first {@code count}
     * columns of {@code inputs} and {@code targets} (example j's input from index {@code j·inputSize()}, its
     * target from {@code j·outputSize()}) with {@link BlasMatrix#set} or {@link BlasMatrix#put}. The matrices may
     * be a {@link Blas} backend's native memory in either precision, so the training loop copies straight into
     * the matrices the products read. Must not allocate.
     *
     * @param order   example indices, typically a shuffled permutation of {@code 0 .. size()-1}
     * @param from    position in {@code order} of the first example to copy
     * @param count   the number of examples to copy, the mini-batch size m
     * @param inputs  at least {@code count} columns of {@code inputSize()} rows
     * @param targets at least {@code count} columns of {@code outputSize()} rows
     * @throws IndexOutOfBoundsException if {@code order} or an index in it, or a buffer, is too short
     */
    void copyBatch(int[] order, int from, int count, BlasMatrix inputs, BlasMatrix targets);

    /**
     * Copies as many examples as {@code inputs} has columns into heap matrices; see
     * {@link #copyBatch(int[], int, int, BlasMatrix, BlasMatrix)}. Allocates two small views.
     *
     * @param order   example indices, typically a shuffled permutation of {@code 0 .. size()-1}
     * @param from    position in {@code order} of the first example to copy; m examples are copied from there
     * @param inputs  {@code inputSize() × m} destination, one example per column
     * @param targets {@code outputSize() × m} destination, one target vector per column
     * @throws IllegalArgumentException  if the matrices do not have those shapes
     * @throws IndexOutOfBoundsException if {@code order} or an index in it is too short or out of range
     */
    default void copyBatch(int[] order, int from, DoubleMatrix inputs, DoubleMatrix targets) {
        if (inputs.rows != inputSize() || targets.rows != outputSize() || targets.columns != inputs.columns) {
            throw new IllegalArgumentException("expected inputs " + inputSize() + " × m and targets " + outputSize()
                    + " × m, got " + inputs.rows + " × " + inputs.columns + " and " + targets.rows + " × "
                    + targets.columns);
        }
        copyBatch(order, from, inputs.columns, HeapMatrix.wrap(inputs), HeapMatrix.wrap(targets));
    }

    /**
     * The class of example {@code index}: the position of the largest entry of its target vector.
     *
     * @param index the example, from 0 to {@code size() − 1}
     * @return its class, from 0 to {@code outputSize() − 1}; the first largest entry on ties, as
     *         {@link Network#argmax}
     * @throws IndexOutOfBoundsException if {@code index} is out of range
     */
    int label(int index);

    /**
     * Called by {@link Sgd} before the first example of epoch {@code epoch} (counted from 0) is copied, with no
     * copy in flight. A plain dataset ignores it; an augmented one ({@link Augmentation}) selects that epoch's
     * distortions, so that what an epoch trains on depends on its number, not on the epochs before it, and a
     * resumed run sees what the uninterrupted one would have.
     *
     * @param epoch the epoch about to start, from 0
     */
    default void startEpoch(int epoch) {
    }
}
