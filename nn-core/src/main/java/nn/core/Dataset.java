package nn.core;

import org.jblas.DoubleMatrix;

/**
 * Labelled examples that the network trains and is evaluated on.
 *
 * <p>A dataset never hands out one object per example: training asks it to copy a mini-batch straight into
 * the columns of reusable matrices, so an implementation may keep its examples in whatever compact form it
 * likes (MNIST keeps pixels as bytes) and widen them to doubles only for the current mini-batch.
 */
public interface Dataset {

    /** Number of examples. */
    int size();

    /** Length of one input vector (the network's input layer size). */
    int inputSize();

    /** Length of one target vector (the network's output layer size). */
    int outputSize();

    /**
     * Copies the examples {@code order[from]}, {@code order[from + 1]}, … into the columns of {@code inputs}
     * and {@code targets}, as many as {@code inputs} has columns. Must not allocate per call.
     *
     * @param order   example indices, typically a shuffled permutation of {@code 0 .. size()-1}
     * @param from    position in {@code order} of the first example to copy
     * @param inputs  {@code inputSize() × m} destination, one example per column
     * @param targets {@code outputSize() × m} destination, one target vector per column
     */
    void copyBatch(int[] order, int from, DoubleMatrix inputs, DoubleMatrix targets);

    /** The class of example {@code index}: the position of the largest entry of its target vector. */
    int label(int index);
}
