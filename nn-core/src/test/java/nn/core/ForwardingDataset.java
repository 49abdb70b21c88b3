package nn.core;

import nn.backend.BlasMatrix;
import nn.data.Dataset;

/**
 * A dataset that passes every call on to another, for tests that watch or break one call (a copy that fails, an
 * epoch start that is recorded) and override only that.
 */
public class ForwardingDataset implements Dataset {

    private final Dataset data;

    /** @param data the dataset every call goes to */
    public ForwardingDataset(Dataset data) {
        this.data = data;
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int inputSize() {
        return data.inputSize();
    }

    @Override
    public int outputSize() {
        return data.outputSize();
    }

    @Override
    public void copyBatch(int[] order, int from, int count, BlasMatrix inputs, BlasMatrix targets) {
        data.copyBatch(order, from, count, inputs, targets);
    }

    @Override
    public int label(int index) {
        return data.label(index);
    }

    @Override
    public void startEpoch(int epoch) {
        data.startEpoch(epoch);
    }
}
