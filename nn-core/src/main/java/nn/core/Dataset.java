package nn.core;

import java.nio.DoubleBuffer;
import org.jblas.DoubleMatrix;

/**
 * Labelled examples that the network trains and is evaluated on.
 *
 * <p>A dataset never hands out one object per example: training asks it to copy a mini-batch straight into
 * the columns of reusable matrices, so an implementation may keep its examples in whatever compact form it
 * likes (MNIST keeps pixels as bytes) and widen them to doubles only for the current mini-batch.
 *
 * <p>{@link Sgd} calls {@link #copyBatch(int[], int, int, DoubleBuffer, DoubleBuffer)} from a second thread
 * while it trains on the previous mini-batch (unless {@code prefetch(false)}), one call at a time: a dataset
 * must not change while it is trained on, and must not depend on which thread reads it.
 */
public interface Dataset {

    /** Number of examples. */
    int size();

    /** Length of one input vector (the network's input layer size). */
    int inputSize();

    /** Length of one target vector (the network's output layer size). */
    int outputSize();

    /**
     * Copies the examples {@code order[from]}, … {@code order[from + count − 1]} into the first {@code count}
     * columns of {@code inputs} and {@code targets}, column-major (example j's input at
     * {@code j·inputSize()}, its target at {@code j·outputSize()}), with absolute puts. The buffers may be a
     * {@link Blas} backend's native memory, so the training loop copies straight into the matrices the
     * products read. Must not allocate.
     *
     * @param order   example indices, typically a shuffled permutation of {@code 0 .. size()-1}
     * @param from    position in {@code order} of the first example to copy
     * @param inputs  room for {@code inputSize() × count} entries
     * @param targets room for {@code outputSize() × count} entries
     * @throws IndexOutOfBoundsException if {@code order} or an index in it, or a buffer, is too short
     */
    void copyBatch(int[] order, int from, int count, DoubleBuffer inputs, DoubleBuffer targets);

    /**
     * Copies as many examples as {@code inputs} has columns into heap matrices; see
     * {@link #copyBatch(int[], int, int, DoubleBuffer, DoubleBuffer)}. Allocates two small buffer views.
     *
     * @param inputs  {@code inputSize() × m} destination, one example per column
     * @param targets {@code outputSize() × m} destination, one target vector per column
     * @throws IllegalArgumentException if the matrices do not have those shapes
     */
    default void copyBatch(int[] order, int from, DoubleMatrix inputs, DoubleMatrix targets) {
        if (inputs.rows != inputSize() || targets.rows != outputSize() || targets.columns != inputs.columns) {
            throw new IllegalArgumentException("expected inputs " + inputSize() + " × m and targets " + outputSize()
                    + " × m, got " + inputs.rows + " × " + inputs.columns + " and " + targets.rows + " × "
                    + targets.columns);
        }
        copyBatch(order, from, inputs.columns, DoubleBuffer.wrap(inputs.data), DoubleBuffer.wrap(targets.data));
    }

    /** The class of example {@code index}: the position of the largest entry of its target vector. */
    int label(int index);
}
