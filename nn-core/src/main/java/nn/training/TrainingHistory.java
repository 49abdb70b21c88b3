package nn.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The figures of every completed epoch of a training run, why the run ended, and which epoch's network it left:
 * the last one, or the best one when early stopping restored it.
 */
public final class TrainingHistory {

    /** Why a run ended. */
    public enum StopReason {
        /** Every epoch asked for was trained. */
        COMPLETED,
        /** {@link Sgd#requestStop()} ended it inside an epoch. */
        REQUESTED,
        /** Early stopping saw no improvement for its patience. */
        NO_IMPROVEMENT,
        /** The learning-rate schedule ran its course (the book's η₀/128). */
        SCHEDULE_FINISHED
    }

    private final List<EpochResult> epochs;
    private StopReason stopReason = StopReason.COMPLETED;
    private int keptEpoch = -1;

    TrainingHistory() {
        this(List.of());
    }

    TrainingHistory(List<EpochResult> earlier) {
        this.epochs = new ArrayList<>(earlier);
    }

    void add(EpochResult result) {
        epochs.add(result);
    }

    void stop(StopReason reason) {
        stopReason = reason;
    }

    void keep(int epoch) {
        keptEpoch = epoch;
    }

    /**
     * The completed epochs, in order (those of the run a resumed run continued included).
     *
     * @return an unmodifiable view, element i being epoch i; empty when no epoch completed
     */
    public List<EpochResult> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /**
     * Whether {@link Sgd#requestStop()} ended the run before its last epoch was complete.
     *
     * @return true exactly when {@link #stopReason()} is {@link StopReason#REQUESTED}; early stopping and a
     *         finished schedule do not count
     */
    public boolean stoppedEarly() {
        return stopReason == StopReason.REQUESTED;
    }

    /**
     * Why the run ended.
     *
     * @return {@link StopReason#COMPLETED} unless a stop request, early stopping or the schedule ended it sooner
     */
    public StopReason stopReason() {
        return stopReason;
    }

    /**
     * The epoch (from 0) whose network the run left: the best one when early stopping restored it, otherwise
     * the last completed one; −1 when no epoch completed.
     *
     * @return an index into {@link #epochs()}, or −1
     */
    public int keptEpoch() {
        return keptEpoch >= 0 ? keptEpoch : epochs.size() - 1;
    }

    /**
     * The last completed epoch.
     *
     * @return the last element of {@link #epochs()}, which is not the kept one when early stopping restored an
     *         earlier epoch
     * @throws IllegalStateException if no epoch completed
     */
    public EpochResult last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch was completed");
        }
        return epochs.get(epochs.size() - 1);
    }
}
