package nn.training;

import java.util.List;

/**
 * Chapter 3's early stopping: stop when the monitored figure on the evaluation data has not improved for
 * {@code patience} epochs ("no improvement in n epochs"), and keep the network of the best epoch.
 */
public final class EarlyStopping {

    /** The figure early stopping watches on the evaluation data. */
    public enum Metric {
        /** Correctly classified evaluation examples: higher is better. */
        ACCURACY,
        /** The total evaluation cost: lower is better. */
        COST
    }

    private final int patience;
    private final Metric metric;

    private EarlyStopping(int patience, Metric metric) {
        if (patience < 1) {
            throw new IllegalArgumentException("early stopping needs a patience of at least 1 epoch, got "
                    + patience);
        }
        if (metric == null) {
            throw new IllegalArgumentException("early stopping's metric is missing");
        }
        this.patience = patience;
        this.metric = metric;
    }

    /**
     * Stops after {@code patience} epochs without a better {@code metric} on the evaluation data.
     *
     * @param patience the number of epochs after the best one that end training, at least 1 (the book's n in
     *                 "no improvement in n epochs", e.g. 10)
     * @param metric   the evaluation figure watched; {@link Sgd} then monitors it whatever else is asked for
     * @return the setting for {@link Sgd.Builder#earlyStopping}
     * @throws IllegalArgumentException if {@code patience} is below 1 or {@code metric} is null
     */
    public static EarlyStopping noImprovementIn(int patience, Metric metric) {
        return new EarlyStopping(patience, metric);
    }

    /**
     * The epochs without improvement that end training.
     *
     * @return the patience, at least 1
     */
    public int patience() {
        return patience;
    }

    /**
     * The figure watched.
     *
     * @return the evaluation accuracy or cost, never null
     */
    public Metric metric() {
        return metric;
    }

    /**
     * The index in {@code history} of the best epoch (the first, on a tie), or −1 for an empty history.
     *
     * @param history the completed epochs, oldest first, with {@link #metric()} monitored on the evaluation data
     * @return the index of the epoch with the most correct evaluation examples ({@link Metric#ACCURACY}) or the
     *         lowest evaluation cost ({@link Metric#COST}); equal to its {@link EpochResult#epoch()} for a run's
     *         whole history; −1 when {@code history} is empty
     */
    public int bestEpoch(List<EpochResult> history) {
        int best = -1;
        for (int i = 0; i < history.size(); i++) {
            if (best < 0 || better(history.get(i), history.get(best))) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Whether the last {@code patience} epochs of {@code history} brought no improvement.
     *
     * @param history the completed epochs, oldest first, with {@link #metric()} monitored on the evaluation data
     * @return true when at least {@link #patience()} epochs follow the {@link #bestEpoch best one}; false for an
     *         empty history
     */
    public boolean shouldStop(List<EpochResult> history) {
        int best = bestEpoch(history);
        return best >= 0 && history.size() - 1 - best >= patience;
    }

    private boolean better(EpochResult a, EpochResult b) {
        return metric == Metric.ACCURACY ? a.evaluationAccuracy() > b.evaluationAccuracy()
                : a.evaluationCost() < b.evaluationCost();
    }

    @Override
    public String toString() {
        return "no improvement in " + patience + " epochs of evaluation " + metric.name().toLowerCase();
    }
}
