package nn.examples;

import nn.core.BlasMatrix;
import nn.core.Dataset;

/**
 * A training set seen through {@link Trainer}'s one-epoch {@code Sgd} runs: each of them starts "epoch 0", and
 * this view passes that on as the run's own epoch, so that an augmented training set draws each epoch's
 * distortions by its true number (and a resumed run draws what the uninterrupted one did). Not needed once one
 * {@code Sgd} run trains every epoch.
 */
final class EpochOffsetDataset implements Dataset {

    private final Dataset source;
    private int offset;

    EpochOffsetDataset(Dataset source) {
        this.source = source;
    }

    /** The run's epoch (from 0) that the next {@code Sgd} run's epoch 0 is. */
    void offset(int offset) {
        this.offset = offset;
    }

    @Override
    public void startEpoch(int epoch) {
        source.startEpoch(offset + epoch);
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public int inputSize() {
        return source.inputSize();
    }

    @Override
    public int outputSize() {
        return source.outputSize();
    }

    @Override
    public void copyBatch(int[] order, int from, int count, BlasMatrix inputs, BlasMatrix targets) {
        source.copyBatch(order, from, count, inputs, targets);
    }

    @Override
    public int label(int index) {
        return source.label(index);
    }
}
