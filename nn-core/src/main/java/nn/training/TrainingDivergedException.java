package nn.training;

/**
 * Training produced a NaN or infinite weight, bias or cost. The network has been put back as it was after the
 * last good epoch; {@link #history()} holds the figures of the epochs before it.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The epoch, from 0, in which training diverged. */
    private final int epoch;
    /** What stopped being finite, in words. */
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

    /**
     * The diverged epoch's monitored figures, one of them not finite; null when a parameter diverged first.
     *
     * @return the figures, which are not in {@link #history()}, or null; also null after deserialisation
     */
    public EpochResult figures() {
        return figures;
    }

    /**
     * What stopped being finite.
     *
     * @return a phrase for a message: the first parameter that is not finite and its value, e.g.
     *         {@code "weights[1][0][3] = NaN"} ({@link nn.network.Network#firstNonFiniteParameter()}), or the
     *         monitored cost, e.g. {@code "the training cost became Infinity"}
     */
    public String what() {
        return what;
    }

    /**
     * The epoch in which training diverged.
     *
     * @return the epoch, counted from 0 as {@link EpochResult#epoch()}
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The completed, good epochs before the divergence.
     *
     * @return the run's history up to the last good epoch, the one the network was restored to (no epoch when
     *         the first one diverged); null after deserialisation
     */
    public TrainingHistory history() {
        return history;
    }
}
