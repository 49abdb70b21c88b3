package nn.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The figures of every completed epoch of a training run, and whether it was stopped early. */
public final class TrainingHistory {

    private final List<EpochResult> epochs = new ArrayList<>();
    private boolean stoppedEarly;

    TrainingHistory() {
    }

    void add(EpochResult result) {
        epochs.add(result);
    }

    void markStoppedEarly() {
        stoppedEarly = true;
    }

    /** The completed epochs, in order. */
    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Whether {@link Sgd#requestStop()} ended the run before its last epoch was complete. */
    public boolean stoppedEarly() {
        return stoppedEarly;
    }

    /** The last completed epoch. */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch was completed");
        }
        return epochs.get(epochs.size() - 1);
    }
}
