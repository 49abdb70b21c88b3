package nn.training;

import java.util.List;

/**
 * The book's learning-rate schedule (chapter 3, "Variable learning rate"): η is halved each time the evaluation
 * accuracy has not improved for {@code patience} epochs, and training ends when η has fallen to η₀/128.
 */
final class HalveOnPlateau implements LearningRateSchedule {

    /** η₀/128 = η₀/2⁷: the book stops after the seventh halving. */
    static final int HALVINGS = 7;

    private final int patience;

    HalveOnPlateau(int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("halve-on-plateau needs a patience of at least 1 epoch, got "
                    + patience);
        }
        this.patience = patience;
    }

    @Override
    public String name() {
        return "halve-on-plateau";
    }

    @Override
    public String describe() {
        return "halve-on-plateau (" + patience + " epochs)";
    }

    @Override
    public boolean needsEvaluationAccuracy() {
        return true;
    }

    @Override
    public double eta(double eta0, List<EpochResult> history) {
        return eta0 / (1L << Math.min(halvings(history), HALVINGS));
    }

    @Override
    public boolean finished(double eta0, List<EpochResult> history) {
        return halvings(history) >= HALVINGS;
    }

    /**
     * Replays the history: the best accuracy so far and the epochs since it improved; every {@code patience}
     * epochs without improvement halve η and start the count again.
     */
    private int halvings(List<EpochResult> history) {
        int halvings = 0;
        int best = -1;
        int since = 0;
        for (EpochResult r : history) {
            if (r.evaluationAccuracy() > best) {
                best = r.evaluationAccuracy();
                since = 0;
            } else if (++since >= patience) {
                halvings++;
                since = 0;
            }
        }
        return halvings;
    }

    @Override
    public String toString() {
        return describe();
    }
}
