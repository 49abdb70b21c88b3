package nn.training;

import java.util.List;
import java.util.Locale;

/**
 * The learning rate η of each epoch, decided from the starting η₀ and the history of the epochs so far, so a run
 * resumed from its history continues with the same rates.
 */
public interface LearningRateSchedule {

    /**
     * The name used on the command line and in checkpoints.
     *
     * @return a short lower-case name without parameters: {@code constant}, {@code halve-on-plateau}, {@code step}
     *         or {@code exponential} for the library's schedules
     */
    String name();

    /**
     * The name with its parameters, for logs and reports.
     *
     * @return e.g. {@code "halve-on-plateau (10 epochs)"}; just the name when there are none ({@code "constant"})
     */
    String describe();

    /**
     * η for the epoch after {@code history}.
     *
     * @param eta0    the run's starting learning rate η₀ ({@link Sgd.Builder#eta}), above 0
     * @param history the completed epochs of the run, oldest first (empty before the first); its size is the
     *                number, from 0, of the epoch about to start
     * @return the learning rate η for that epoch, above 0
     */
    double eta(double eta0, List<EpochResult> history);

    /**
     * Whether the schedule has run its course after {@code history}: training then stops.
     *
     * @param eta0    the run's starting learning rate η₀
     * @param history the completed epochs of the run, oldest first
     * @return true to end the run before another epoch (as {@link TrainingHistory.StopReason#SCHEDULE_FINISHED});
     *         always false by default
     */
    default boolean finished(double eta0, List<EpochResult> history) {
        return false;
    }

    /**
     * Whether {@link #eta} reads the evaluation accuracy, which must then be monitored.
     *
     * @return true if {@link Sgd} must measure the evaluation accuracy every epoch (and so needs evaluation data);
     *         false by default
     */
    default boolean needsEvaluationAccuracy() {
        return false;
    }

    /**
     * Whether {@link #eta} or {@link #finished} reads the history at all (its figures or only its length).
     *
     * @return false only for a schedule whose η is the same whatever the history, such as {@link #constant()}:
     *         then an epoch may start before the previous one's figures are measured
     *         ({@link Sgd.Builder#overlapMonitoring}); true by default
     */
    default boolean readsHistory() {
        return true;
    }

    /**
     * η₀ in every epoch: {@code network2.py}'s fixed learning rate, and {@link Sgd}'s default.
     *
     * @return a schedule named {@code constant} that never finishes
     */
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

            @Override
            public boolean readsHistory() {
                return false;
            }
        };
    }

    /**
     * The book's chapter 3 schedule: halve η whenever the evaluation accuracy has not improved for
     * {@code patience} epochs, and stop when η has fallen to η₀/128.
     *
     * @param patience the number of epochs without a new best evaluation accuracy that halve η, at least 1 (the
     *                 book's "no-improvement-in-n", e.g. 10)
     * @return a schedule named {@code halve-on-plateau} that needs the evaluation accuracy monitored
     * @throws IllegalArgumentException if {@code patience} is below 1
     */
    static LearningRateSchedule halveOnPlateau(int patience) {
        return new HalveOnPlateau(patience);
    }

    /**
     * {@code η₀ · factor^⌊epoch / every⌋}: η multiplied by {@code factor} every {@code every} epochs, epochs counted
     * from 0.
     *
     * @param every  the number of epochs each rate lasts, at least 1
     * @param factor what η is multiplied by at each step, in (0, 1]; e.g. 0.1 for a tenfold drop
     * @return a schedule named {@code step} that never finishes
     * @throws IllegalArgumentException if {@code every} is below 1 or {@code factor} is outside (0, 1]
     */
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

    /**
     * {@code η₀ · γ^epoch}: exponential decay, epochs counted from 0 (so the first epoch trains with η₀).
     *
     * @param gamma the factor γ applied to η after every epoch, in (0, 1]; 1 keeps η constant
     * @return a schedule named {@code exponential} that never finishes
     * @throws IllegalArgumentException if {@code gamma} is outside (0, 1]
     */
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
