package nn.internal;

import nn.backend.BlasMatrix;
import nn.data.Dataset;

/**
 * The matrices of one mini-batch of m examples in a {@link TrainingSession}'s storage: examples are copied
 * into {@link #inputs()} and {@link #targets()}, one per column, and {@link TrainingSession#step} trains on them.
 *
 * @param inputs  {@code inputSize × m}
 * @param targets {@code outputSize × m}
 */
public record MiniBatch(BlasMatrix inputs, BlasMatrix targets) {

    /**
     * Checks that there is one target per input.
     *
     * @param inputs  {@code inputSize × m}, one example per column
     * @param targets {@code outputSize × m}, one target vector per column
     * @throws IllegalArgumentException if the two matrices do not have the same number of columns
     */
    public MiniBatch {
        if (inputs.columns != targets.columns) {
            throw new IllegalArgumentException("a mini-batch has as many targets as inputs: got " + inputs.columns
                    + " input columns and " + targets.columns + " target columns");
        }
    }

    /** {@return m, the number of examples: the matrices' number of columns} */
    public int size() {
        return inputs.columns;
    }

    /**
     * Copies examples {@code order[from .. from + size())} of {@code data} into this mini-batch.
     *
     * @param data  the dataset, whose input and output sizes are the matrices' rows
     * @param order example indices, typically the epoch's shuffled permutation
     * @param from  the position in {@code order} of the first example
     * @throws IndexOutOfBoundsException if {@code order} or an index in it is too short or out of range
     */
    public void fill(Dataset data, int[] order, int from) {
        data.copyBatch(order, from, size(), inputs, targets);
    }
}
