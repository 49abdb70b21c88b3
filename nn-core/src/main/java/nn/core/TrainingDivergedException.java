package nn.core;

/**
 * Training produced a NaN or infinite weight, bias or cost. The network has been put back as it was after the
 * last good epoch; {@link #history()} holds the figures of the epochs before it.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final transient TrainingHistory history;

    TrainingDivergedException(String message, int epoch, TrainingHistory history) {
        super(message);
        this.epoch = epoch;
        this.history = history;
    }

    /** The epoch (from 0) in which training diverged. */
    public int epoch() {
        return epoch;
    }

    /** The completed, good epochs before the divergence. */
    public TrainingHistory history() {
        return history;
    }
}
