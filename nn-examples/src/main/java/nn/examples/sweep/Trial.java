package nn.examples.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nn.examples.TrainOptions;

/**
 * One trial of a sweep: a configuration ({@code nn train} options) and a seed. {@link #run} is a pure function
 * from these to a {@link TrialResult}: it reads only the data it is given, writes nothing, and gives the same
 * figures wherever and however often it runs (one thread, one backend), which is what lets the local runner and
 * Spark (which may run a task again after a failure) share it.
 *
 * @param settings option (without dashes, e.g. {@code eta}) to its value as written on {@code nn train}'s command
 *                 line, in the spec's order
 * @param seed     the seed of the initial weights and the shuffles
 * @serial exclude Serialized only to ship a trial to a Spark executor of the same build, never stored.
 */
public record Trial(Map<String, String> settings, long seed) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Copies the settings, keeping their order.
     *
     * @param settings option (without dashes, e.g. {@code eta}) to its value as written on {@code nn train}'s
     *                 command line
     * @param seed     the seed of the initial weights and the shuffles
     */
    public Trial {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * {@return the trial's identity in a results file: the settings sorted by option, then the seed, e.g.
     * {@code eta=0.5 lambda=1 seed=2}}
     */
    public String key() {
        return key(settings, seed);
    }

    /** The key of a configuration and seed, independent of the options' order. */
    static String key(Map<String, String> settings, long seed) {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            s.append(e.getKey()).append('=').append(e.getValue()).append(' ');
        }
        return s.append("seed=").append(seed).toString();
    }

    /**
     * Trains this trial's network on {@code data} and returns what every epoch measured on the validation data.
     * The test set is not part of {@link TrialData}, so no trial can look at it.
     *
     * @param data   the training and validation images
     * @param runner which runner ran it, for the record ({@code local}, {@code spark})
     * @return the settings, seed, every completed epoch's figures, the time taken, the backend, and what diverged
     *         if training stopped early
     * @throws IllegalArgumentException if the settings are not valid {@code nn train} options
     */
    public TrialResult run(TrialData data, String runner) {
        long start = System.nanoTime();
        TrainOptions.Run run = options().train(data.training(), data.validation(), seed);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new TrialResult(settings, seed, run.history(), seconds, run.backend(), run.diverged(), runner);
    }

    /**
     * {@return the trial's options, parsed and checked as {@code nn train} does}
     *
     * @throws IllegalArgumentException if the settings are not valid {@code nn train} options
     */
    public TrainOptions options() {
        return TrainOptions.parse(arguments(settings));
    }

    /**
     * The {@code nn train} arguments of a configuration (without {@code --seed}).
     *
     * @param settings option (without dashes) to value; a flag's value is {@code true} or {@code false}
     * @return {@code --option value} pairs in the settings' order; a flag is {@code --option} when true, absent when
     *         false
     * @throws IllegalArgumentException if a flag's value is neither {@code true} nor {@code false}
     */
    public static List<String> arguments(Map<String, String> settings) {
        Map<String, TrainOptions.Kind> kinds = TrainOptions.sweepable();
        List<String> args = new ArrayList<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String option = "--" + e.getKey();
            if (kinds.get(option) == TrainOptions.Kind.FLAG) {
                if (!e.getValue().equals("true") && !e.getValue().equals("false")) {
                    throw new IllegalArgumentException(option + " is a flag: its values are true and false, got "
                            + e.getValue());
                }
                if (e.getValue().equals("true")) {
                    args.add(option);
                }
            } else {
                args.add(option);
                args.add(e.getValue());
            }
        }
        return args;
    }

    /**
     * The settings as {@code eta=0.5 lambda=1}, for a log line.
     *
     * @param settings option (without dashes) to value, in the order to show them
     * @return the pairs separated by spaces, or {@code (train's defaults)} when there are none
     */
    public static String describe(Map<String, String> settings) {
        StringBuilder s = new StringBuilder();
        settings.forEach((k, v) -> s.append(s.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return s.length() == 0 ? "(train's defaults)" : s.toString();
    }
}
