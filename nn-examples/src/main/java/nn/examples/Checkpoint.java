package nn.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nn.internal.AtomicFiles;
import nn.io.NetworkJson;
import nn.network.Network;
import nn.training.EpochResult;
import nn.training.Sgd;
import nn.training.TrainingState;

/**
 * A training checkpoint: the network in {@code network2.py}'s JSON format (so the file also loads in
 * {@code network2.load()}, {@code NetworkJson.load} and {@code nn evaluate}) plus one extra top-level field,
 * {@code "training"}, that {@code network2.py} ignores:
 * <pre>
 * "training": {"epochs_done": 12, "seed": 1, "interrupted": false,
 *              "settings": {"epochs": 30, "mini_batch_size": 10, "eta": 3.0, ...},
 *              "history": [{"epoch": 0, "seconds": 3.1, "training_cost": 0.1, ..., "eta": 3.0}, ...],
 *              "optimizer_state": [[...], ...], "best_parameters": null}
 * </pre>
 * {@code optimizer_state} holds the optimiser's matrices (momentum's velocities, Adam's moments; empty for plain
 * SGD) and {@code best_parameters}, with early stopping, the best epoch's weights and biases (layer by layer,
 * column-major), so that a resumed run continues exactly. Checkpoints written before these existed, whose history
 * counted epochs from 1 and said "validation", still load.
 * {@code interrupted} is true when Ctrl-C stopped training inside epoch {@code epochs_done + 1}: the network then
 * holds that epoch's mini-batches so far, which resuming keeps, and resuming runs that epoch again in full.
 */
final class Checkpoint {

    /** The JSON of the checkpoint and of the report's history; the stream stays open for {@link AtomicFiles}. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    /**
     * What a checkpoint says about the training that produced it.
     *
     * @param epochsDone  completed epochs
     * @param seed        the run's seed, so a resumed run shuffles as the uninterrupted one would have
     * @param interrupted whether training was stopped inside the next epoch
     * @param settings    the run's settings, which a resumed run takes unless given again
     * @param history     every completed epoch
     * @param trainLimit  the run's {@code --train-limit}, or null for all training images (also in checkpoints
     *                    written before it was recorded)
     * @param precision   the run's {@code --precision}, or null in checkpoints written before it was recorded
     *                    (float64, the only precision then)
     * @param augment     the run's {@code --augment}, or null in checkpoints written before it was recorded (none)
     */
    record State(int epochsDone, long seed, boolean interrupted, TrainSettings settings, List<EpochResult> history,
                 Integer trainLimit, String precision, String augment, double[][] optimizerState, double[][] bestParameters) {

        /** A state without a training limit, in float64, without augmentation. */
        State(int epochsDone, long seed, boolean interrupted, TrainSettings settings, List<EpochResult> history) {
            this(epochsDone, seed, interrupted, settings, history, null, null, null, new double[0][], null);
        }

        /** Fills in what an older checkpoint lacks. */
        State {
            optimizerState = optimizerState == null ? new double[0][] : optimizerState;
        }

        /**
         * The state nn-core's {@link Sgd} continues from, with the best network (early stopping's) rebuilt on
         * {@code network}'s architecture.
         */
        TrainingState trainingState(Network network) {
            Network best = null;
            if (bestParameters != null) {
                best = Parameters.network(network, bestParameters);
            }
            return new TrainingState(history, optimizerState, best);
        }
    }

    /**
     * A network read from a file, with the training state when the file is a checkpoint.
     *
     * @param network the network
     * @param state   the training state, empty for a plain saved network
     */
    record Loaded(Network network, Optional<State> state) {
    }

    private Checkpoint() {
    }

    /** Writes the checkpoint atomically: a crash leaves the previous checkpoint or this one, never half. */
    static void write(Path file, Network network, State state) throws IOException {
        AtomicFiles.write(file, out -> {
            try (JsonGenerator g = MAPPER.createGenerator(out).useDefaultPrettyPrinter()) {
                NetworkJson.write(network, g, fields -> {
                    fields.writeFieldName("training");
                    MAPPER.writeValue(fields, state);
                });
            }
        });
    }

    /**
     * Reads a checkpoint or a plain network file ({@code --save}'s output, or {@code network2.py}'s), streaming
     * (see {@link NetworkJson}): memory for the network, not for the file's text.
     *
     * @throws IOException naming the file and what is wrong
     */
    static Loaded read(Path file) throws IOException {
        JsonNode[] training = new JsonNode[1];
        Network network = NetworkJson.load(file, trainingField(training));
        return loaded(network, training[0], file.toString());
    }

    /**
     * Parses a checkpoint or a plain network file's text.
     *
     * @param source the file's name, for messages
     * @throws IOException naming the source and what is wrong
     */
    static Loaded parse(String json, String source) throws IOException {
        JsonNode[] training = new JsonNode[1];
        Network network = NetworkJson.fromJson(json, source, trainingField(training));
        return loaded(network, training[0], source);
    }

    /** Keeps the "training" field's tree (small: settings and one record per epoch) and skips other fields. */
    private static NetworkJson.ExtraFieldReader trainingField(JsonNode[] into) {
        return (name, p) -> {
            if (name.equals("training")) {
                into[0] = MAPPER.readTree(p);
                if (into[0] == null) {
                    into[0] = com.fasterxml.jackson.databind.node.NullNode.getInstance();
                }
            } else {
                p.skipChildren();
            }
        };
    }

    private static Loaded loaded(Network network, JsonNode training, String source) throws IOException {
        if (training == null) {
            return new Loaded(network, Optional.empty());
        }
        if (!training.isObject()) {
            throw new IOException(source + ": the \"training\" field must be an object, found " + training);
        }
        State state;
        try {
            upgradeHistory((com.fasterxml.jackson.databind.node.ObjectNode) training);
            state = MAPPER.treeToValue(training, State.class);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": the \"training\" field is not a checkpoint's: "
                    + e.getOriginalMessage(), e);
        }
        List<EpochResult> history = state.history();
        if (history == null || history.size() != state.epochsDone()) {
            throw new IOException(source + ": the \"training\" field says " + state.epochsDone()
                    + " epochs were done but its history holds " + (history == null ? 0 : history.size()));
        }
        for (int i = 0; i < history.size(); i++) {
            String problem = problem(history.get(i), i);
            if (problem != null) {
                throw new IOException(source + ": training.history[" + i + "] " + problem);
            }
        }
        String settingsProblem = problem(state.settings(), state.trainLimit());
        if (settingsProblem == null && state.precision() != null
                && !List.of("float64", "float32").contains(state.precision())) {
            settingsProblem = "have precision " + state.precision() + ", expected float64 or float32";
        }
        if (settingsProblem == null && state.augment() != null
                && !TrainCommand.AUGMENTATIONS.contains(state.augment())) {
            settingsProblem = "have augment " + state.augment() + ", expected one of "
                    + String.join(", ", TrainCommand.AUGMENTATIONS);
        }
        if (settingsProblem != null) {
            throw new IOException(source + ": training.settings " + settingsProblem);
        }
        if (state.bestParameters() != null) {
            try {
                Parameters.network(network, state.bestParameters());
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": training.best_parameters " + e.getMessage());
            }
        }
        return new Loaded(network, Optional.of(state));
    }

    /**
     * A history written before epochs were counted from 0 and η recorded: {"epoch": 1, ..., "validation_cost":
     * ...} becomes {"epoch": 0, ..., "evaluation_cost": ..., "eta": the settings' η}.
     */
    private static void upgradeHistory(com.fasterxml.jackson.databind.node.ObjectNode training) {
        JsonNode history = training.get("history");
        JsonNode settings = training.get("settings");
        if (history == null || !history.isArray()) {
            return;
        }
        for (JsonNode e : history) {
            if (!(e instanceof com.fasterxml.jackson.databind.node.ObjectNode r) || !r.has("validation_size")) {
                continue;
            }
            for (String what : List.of("cost", "accuracy", "size")) {
                r.set("evaluation_" + what, r.remove("validation_" + what));
            }
            if (r.has("epoch") && r.get("epoch").canConvertToInt()) {
                r.put("epoch", r.get("epoch").asInt() - 1);
            }
            if (!r.has("eta") && settings != null && settings.has("eta")) {
                r.set("eta", settings.get("eta"));
            }
        }
    }

    /** What is wrong with the recorded settings, or null: a resumed run trains with them. */
    private static String problem(TrainSettings s, Integer trainLimit) {
        if (s == null) {
            return "are missing";
        }
        if (s.epochs() < 1 || s.miniBatchSize() < 1 || !(s.eta() > 0) || !Double.isFinite(s.eta())
                || !(s.lambda() >= 0) || !Double.isFinite(s.lambda())
                || !java.util.List.of("batched", "looped").contains(String.valueOf(s.engine()))
                || (trainLimit != null && trainLimit < 1)) {
            return "are " + s + (trainLimit == null ? "" : " with train_limit " + trainLimit) + ", expected epochs,"
                    + " mini_batch_size and train_limit ≥ 1, a finite eta > 0, a finite lambda ≥ 0 and engine"
                    + " batched or looped";
        }
        return null;
    }

    /** What is wrong with the record of epoch {@code epoch}, or null; the report divides and plots these. */
    private static String problem(EpochResult r, int epoch) {
        if (r == null) {
            return "is null, expected epoch " + epoch + "'s figures";
        }
        if (!(r.eta() > 0) || !Double.isFinite(r.eta())) {
            return "has eta " + r.eta() + ", expected a finite number above 0";
        }
        if (r.epoch() != epoch) {
            return "is epoch " + r.epoch() + ", expected " + epoch;
        }
        if (r.trainingSize() < 1 || r.evaluationSize() < 0) {
            return "has " + r.trainingSize() + " training and " + r.evaluationSize()
                    + " validation examples, expected at least 1 and 0";
        }
        if (r.trainingAccuracy() < 0 || r.trainingAccuracy() > r.trainingSize() || r.evaluationAccuracy() < 0
                || r.evaluationAccuracy() > r.evaluationSize()) {
            return "has accuracies " + r.trainingAccuracy() + " / " + r.trainingSize() + " and "
                    + r.evaluationAccuracy() + " / " + r.evaluationSize() + ", expected between 0 and the size";
        }
        if (!(r.seconds() >= 0) || !Double.isFinite(r.seconds()) || !Double.isFinite(r.trainingCost())
                || !Double.isFinite(r.evaluationCost())) {
            return "has seconds " + r.seconds() + " and costs " + r.trainingCost() + ", " + r.evaluationCost()
                    + ", expected finite numbers";
        }
        return null;
    }
}
