package nn.examples;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nn.core.AtomicFiles;
import nn.core.Network;
import nn.core.NetworkJson;

/**
 * A training checkpoint: the network in {@code network2.py}'s JSON format (so the file also loads in
 * {@code network2.load()}, {@code NetworkJson.load} and {@code nn evaluate}) plus one extra top-level field,
 * {@code "training"}, that {@code network2.py} ignores:
 * <pre>
 * "training": {"epochs_done": 12, "seed": 1, "interrupted": false,
 *              "settings": {"epochs": 30, "mini_batch_size": 10, "eta": 3.0, ...},
 *              "history": [{"epoch": 1, "seconds": 3.1, "training_cost": 0.1, ...}, ...]}
 * </pre>
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
     * @param settings    the run's settings, for the record
     * @param history     every completed epoch
     */
    record State(int epochsDone, long seed, boolean interrupted, TrainSettings settings, List<EpochRecord> history) {
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
        ObjectNode root = (ObjectNode) MAPPER.readTree(NetworkJson.toJson(network));
        root.set("training", MAPPER.valueToTree(state));
        AtomicFiles.write(file, out -> MAPPER.writerWithDefaultPrettyPrinter().writeValue(out, root));
    }

    /**
     * Reads a checkpoint or a plain network file ({@code --save}'s output, or {@code network2.py}'s).
     *
     * @throws IOException naming the file and what is wrong
     */
    static Loaded read(Path file) throws IOException {
        String json = Files.readString(file);
        Network network = NetworkJson.fromJson(json, file.toString());
        JsonNode training = MAPPER.readTree(json).get("training");
        if (training == null) {
            return new Loaded(network, Optional.empty());
        }
        State state;
        try {
            state = MAPPER.treeToValue(training, State.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": the \"training\" field is not a checkpoint's: "
                    + e.getOriginalMessage(), e);
        }
        if (state.history() == null || state.history().size() != state.epochsDone()) {
            throw new IOException(file + ": the \"training\" field says " + state.epochsDone()
                    + " epochs were done but its history holds " + (state.history() == null ? 0
                    : state.history().size()));
        }
        return new Loaded(network, Optional.of(new State(state.epochsDone(), state.seed(), state.interrupted(),
                state.settings(), new ArrayList<>(state.history()))));
    }
}
