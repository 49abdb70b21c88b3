package nn.training;

/**
 * Training produced a NaN or infinite weight, bias or cost. The network has been put back as it was after the
 * last good epoch; {@link #history()} holds the figures of the epochs before it.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int epoch;
    private final String what;
    private final transient TrainingHistory history;
    private final transient EpochResult figures;

    TrainingDivergedException(int epoch, String what, double eta, double lambda, TrainingHistory history,
                              EpochResult figures) {
        super("training diverged in epoch " + epoch + ": " + what + ". Try a smaller learning rate than eta = " + eta
                + (lambda > 0 ? " or a smaller lambda than " + lambda : "") + ". The network was restored to "
                + (history.epochs().isEmpty() ? "its initial state" : "its state after epoch "
                + (history.epochs().size() - 1)) + ".");
        this.epoch = epoch;
        this.what = what;
        this.history = history;
        this.figures = figures;
    }

    /** The diverged epoch's monitored figures, one of them not finite; null when a parameter diverged first. */
    public EpochResult figures() {
        return figures;
    }

    /** What stopped being finite, e.g. {@code "the training cost became Infinity"}. */
    public String what() {
        return what;
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
