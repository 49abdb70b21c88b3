package nn.examples.sweep;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.training.EpochResult;

/**
 * What one trial gave: one line of a sweep's results file.
 *
 * @param settings the configuration, option (without dashes) to value
 * @param seed     the seed
 * @param epochs   every completed epoch's figures on the training and validation data
 * @param seconds  wall-clock seconds of the whole trial (training and the per-epoch measurements)
 * @param backend  what computed it, e.g. {@code OpenBLAS 0.3.31 (SKYLAKEX), 1 thread}
 * @param diverged what diverged and where, or null when every epoch completed
 * @param runner   which runner ran it: {@code local} or {@code spark}
 */
@JsonPropertyOrder({"settings", "seed", "seconds", "backend", "runner", "diverged", "epochs"})
public record TrialResult(Map<String, String> settings, long seed, List<EpochResult> epochs, double seconds,
                          String backend, String diverged, String runner) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, false);

    /**
     * Copies the lists, keeping the settings' order.
     *
     * @param settings the configuration, option (without dashes) to value; not {@code null}
     * @param seed     the seed
     * @param epochs   every completed epoch's figures on the training and validation data; not {@code null}
     * @param seconds  wall-clock seconds of the whole trial (training and the per-epoch measurements)
     * @param backend  what computed it, e.g. {@code OpenBLAS 0.3.31 (SKYLAKEX), 1 thread}
     * @param diverged what diverged and where, or null when every epoch completed
     * @param runner   which runner ran it: {@code local} or {@code spark}
     * @throws IllegalArgumentException if {@code settings} or {@code epochs} is {@code null}
     */
    public TrialResult {
        if (settings == null || epochs == null) {
            throw new IllegalArgumentException("a trial result needs its settings and epochs");
        }
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        epochs = List.copyOf(epochs);
    }

    /** {@return the trial's key in a results file (see {@link Trial#key()})} */
    public String key() {
        return Trial.key(settings, seed);
    }

    /** {@return the last epoch's validation accuracy in [0, 1], or 0 when no epoch completed} */
    @JsonIgnore
    public double validationFraction() {
        return epochs.isEmpty() ? 0.0 : epochs.get(epochs.size() - 1).evaluationFraction();
    }

    /** {@return this result as one line of JSON, without a line break} */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trial result is always JSON", e);
        }
    }

    /**
     * Reads a line written by {@link #toJson()}.
     *
     * @param line one line of a results file, without its line break
     * @return the result it records
     * @throws IllegalArgumentException saying what is wrong, if it is not one
     */
    public static TrialResult fromJson(String line) {
        try {
            TrialResult r = JSON.readValue(line, TrialResult.class);
            if (r == null) {
                throw new IllegalArgumentException("not a trial record");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        }
    }

    /**
     * Whether {@code other} computed the same: the same settings, seed, backend and outcome, and every epoch's
     * figures equal bit for bit. Only the times and the runner may differ. A missing (null) backend equals only
     * another missing one.
     *
     * @param other a result of the same trial, e.g. the one a results file already holds
     * @return {@code true} when both computed the same figures
     */
    public boolean sameFigures(TrialResult other) {
        if (!settings.equals(other.settings) || seed != other.seed || !java.util.Objects.equals(backend, other.backend)
                || !java.util.Objects.equals(diverged, other.diverged) || epochs.size() != other.epochs.size()) {
            return false;
        }
        for (int i = 0; i < epochs.size(); i++) {
            EpochResult a = epochs.get(i);
            EpochResult b = other.epochs.get(i);
            if (!a.equals(new EpochResult(b.epoch(), a.seconds(), b.trainingCost(), b.trainingAccuracy(),
                    b.trainingSize(), b.evaluationCost(), b.evaluationAccuracy(), b.evaluationSize(), b.eta()))) {
                return false;
            }
        }
        return true;
    }
}
