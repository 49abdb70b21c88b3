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
     * @throws IllegalArgumentException if the two matrices do not have the same number of columns
     */
    public MiniBatch {
        if (inputs.columns != targets.columns) {
            throw new IllegalArgumentException("a mini-batch has as many targets as inputs: got " + inputs.columns
                    + " input columns and " + targets.columns + " target columns");
        }
    }

    /** m, the number of examples. */
    public int size() {
        return inputs.columns;
    }

    /** Copies examples {@code order[from .. from + size())} of {@code data} into this mini-batch. */
    public void fill(Dataset data, int[] order, int from) {
        data.copyBatch(order, from, size(), inputs, targets);
    }
}
