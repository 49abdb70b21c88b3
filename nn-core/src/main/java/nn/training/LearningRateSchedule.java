package nn.training;

import java.util.List;
import java.util.Locale;

/**
 * The learning rate η of each epoch, decided from the starting η₀ and the history of the epochs so far, so a run
 * resumed from its history continues with the same rates.
 */
public interface LearningRateSchedule {

    /** The name used on the command line and in checkpoints, e.g. {@code "halve-on-plateau"}. */
    String name();

    /** The name with its parameters, e.g. {@code "halve-on-plateau (10 epochs)"}. */
    String describe();

    /** η for the epoch after {@code history}. */
    double eta(double eta0, List<EpochResult> history);

    /** Whether the schedule has run its course after {@code history}: training then stops. */
    default boolean finished(double eta0, List<EpochResult> history) {
        return false;
    }

    /** Whether {@link #eta} reads the evaluation accuracy, which must then be monitored. */
    default boolean needsEvaluationAccuracy() {
        return false;
    }

    /** η₀ in every epoch. */
    static LearningRateSchedule constant() {
        return new LearningRateSchedule() {
            @Override
            public String name() {
                return "constant";
            }

            @Override
            public String describe() {
                return "constant";
            }

            @Override
            public double eta(double eta0, List<EpochResult> history) {
                return eta0;
            }
        };
    }

    /**
     * The book's chapter 3 schedule: halve η whenever the evaluation accuracy has not improved for
     * {@code patience} epochs, and stop when η has fallen to η₀/128.
     */
    static LearningRateSchedule halveOnPlateau(int patience) {
        return new HalveOnPlateau(patience);
    }

    /** {@code η₀ · factor^⌊epoch / every⌋}: η multiplied by {@code factor} every {@code every} epochs. */
    static LearningRateSchedule step(int every, double factor) {
        if (every < 1 || !(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("a step schedule needs every ≥ 1 epochs and a factor in (0, 1], got "
                    + every + " and " + factor);
        }
        return new LearningRateSchedule() {
            @Override
            public String name() {
                return "step";
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "step (×%s every %d epochs)", factor, every);
            }

            @Override
            public double eta(double eta0, List<EpochResult> history) {
                return eta0 * Math.pow(factor, history.size() / every);
            }
        };
    }

    /** {@code η₀ · γ^epoch}: exponential decay. */
    static LearningRateSchedule exponential(double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("an exponential schedule needs gamma in (0, 1], got " + gamma);
        }
        return new LearningRateSchedule() {
            @Override
            public String name() {
                return "exponential";
            }

            @Override
            public String describe() {
                return String.format(Locale.ROOT, "exponential (gamma %s)", gamma);
            }

            @Override
            public double eta(double eta0, List<EpochResult> history) {
                return eta0 * Math.pow(gamma, history.size());
            }
        };
    }
}
