package nn.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jblas.DoubleMatrix;

/**
 * Saves and loads networks in {@code network2.py}'s JSON format:
 * <pre>
 * {"sizes": [784, 30, 10], "weights": [...], "biases": [...], "cost": "QuadraticCost"}
 * </pre>
 * {@code weights[l]} is a list of rows ({@code sizes[l+1]} rows of {@code sizes[l]} numbers), {@code biases[l]}
 * a list of one-element rows. A file written here loads in {@code network2.load()} and the reverse, with the same
 * numbers: doubles are printed so that they parse back to the identical value.
 *
 * <p>Two fields {@code network2.py} ignores carry what it lacks: {@code "activations"} (one name per layer
 * after the input, all sigmoid when absent) and {@code "nn_format"} (this format's version, {@value #FORMAT}).
 * A network with a softmax/log-likelihood output saves its cost as {@code "LogLikelihoodCost"}, a class
 * {@code network2.py} does not have.
 */
public final class NetworkJson {

    /** The format version written, and the newest one read. */
    public static final int FORMAT = 1;

    /**
     * The largest file {@link #load} reads: 256 MiB. A [784, 800, 800, 10] network, larger than anything the
     * book trains, takes about 30 MB.
     */
    public static final long MAX_FILE_BYTES = 256L << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Parse NaN and Infinity (which Python's json writes) so that the error can say where they are.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private NetworkJson() {
    }

    /**
     * Writes {@code network} to {@code file} atomically: a crash leaves the old file or the new one, never half.
     *
     * @throws IllegalArgumentException if a parameter is NaN or infinite (a diverged network is not saved over a
     *                                  good one)
     */
    public static void save(Network network, Path file) throws IOException {
        checkFinite(network);
        AtomicFiles.write(file, out -> write(network, out));
    }

    /**
     * Writes fields of its own into the JSON object of a network, after the network's: readers of the format,
     * {@code network2.py}'s {@code load} among them, skip fields they do not know.
     */
    @FunctionalInterface
    public interface ExtraFields {
        /** Writes field names and values with {@code g}, inside the network's object. */
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Writes the network as one JSON object with {@code g}, with {@code extra}'s fields after its own (a training
     * checkpoint's state, say), in one pass: no text or tree of the network is built first.
     *
     * @throws IllegalArgumentException if a parameter is NaN or infinite
     */
    public static void write(Network network, JsonGenerator g, ExtraFields extra) throws IOException {
        checkFinite(network);
        writeObject(network, g, extra == null ? none -> { } : extra);
    }

    /** The network as a JSON string. */
    public static String toJson(Network network) {
        checkFinite(network);
        StringWriter text = new StringWriter();
        try {
            write(network, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * Reads a network saved by this class or by {@code network2.py}'s {@code save}.
     *
     * @throws NetworkFormatException naming the file and what is wrong with it
     */
    public static Network load(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new NetworkFormatException(file + ": the file is " + size + " bytes, more than the "
                    + MAX_FILE_BYTES + " bytes a saved network may have");
        }
        String json;
        try {
            json = Files.readString(file);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new NetworkFormatException(file + ": not UTF-8 text, so not a JSON network file", e);
        }
        return fromJson(json, file.toString());
    }

    /**
     * Parses a network from JSON text.
     *
     * @param source a name for the text in error messages, e.g. its file name
     * @throws NetworkFormatException naming the source, the field and what was expected
     */
    public static Network fromJson(String json, String source) throws NetworkFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new NetworkFormatException(source + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        return new Reader(source).network(root);
    }

    private static void write(Network network, OutputStream out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            writeObject(network, g, none -> { });
        }
    }

    private static void write(Network network, Writer out) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            writeObject(network, g, none -> { });
        }
    }

    private static void writeObject(Network network, JsonGenerator g, ExtraFields extra) throws IOException {
        int layers = network.numLayers() - 1;
        g.writeStartObject();
        g.writeFieldName("sizes");
        g.writeArray(network.sizes(), 0, network.numLayers());
        g.writeFieldName("weights");
        g.writeStartArray();
        for (int l = 0; l < layers; l++) {
            writeRows(g, network.weights[l]);
        }
        g.writeEndArray();
        g.writeFieldName("biases");
        g.writeStartArray();
        for (int l = 0; l < layers; l++) {
            writeRows(g, network.biases[l]);
        }
        g.writeEndArray();
        g.writeStringField("cost", network.cost().name());
        g.writeFieldName("activations");
        g.writeStartArray();
        for (int l = 0; l < layers; l++) {
            g.writeString(network.activation(l).name());
        }
        g.writeEndArray();
        g.writeNumberField("nn_format", FORMAT);
        extra.write(g);
        g.writeEndObject();
    }

    private static void writeRows(JsonGenerator g, DoubleMatrix m) throws IOException {
        g.writeStartArray();
        for (int r = 0; r < m.rows; r++) {
            g.writeStartArray();
            for (int c = 0; c < m.columns; c++) {
                // Jackson prints doubles with Double.toString, which parses back to the same double.
                g.writeNumber(m.get(r, c));
            }
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void checkFinite(Network network) {
        String bad = network.firstNonFiniteParameter();
        if (bad != null) {
            throw new IllegalArgumentException("not saving a network with a non-finite parameter, " + bad
                    + " (training diverged: try a smaller learning rate)");
        }
    }

    /** Reads the tree, keeping the source name for messages. */
    private static final class Reader {
        private final String source;

        Reader(String source) {
            this.source = source;
        }

        Network network(JsonNode root) throws NetworkFormatException {
            if (!root.isObject()) {
                throw error("the top level must be a JSON object with sizes, weights, biases and cost, found "
                        + kind(root));
            }
            int[] sizes = sizes(field(root, "sizes"));
            int layers = sizes.length - 1;
            Cost cost = cost(field(root, "cost"));
            Activation[] activations = activations(root.get("activations"), layers);
            JsonNode format = root.get("nn_format");
            if (format != null && (!format.isInt() || format.intValue() > FORMAT || format.intValue() < 1)) {
                throw error("nn_format is " + format + ", this version reads formats 1 to " + FORMAT);
            }
            JsonNode weightsNode = array(field(root, "weights"), "weights", layers);
            JsonNode biasesNode = array(field(root, "biases"), "biases", layers);
            DoubleMatrix[] weights = new DoubleMatrix[layers];
            DoubleMatrix[] biases = new DoubleMatrix[layers];
            for (int l = 0; l < layers; l++) {
                weights[l] = matrix(weightsNode.get(l), "weights[" + l + "]", sizes[l + 1], sizes[l],
                        "sizes[" + (l + 1) + "] × sizes[" + l + "]");
                biases[l] = matrix(biasesNode.get(l), "biases[" + l + "]", sizes[l + 1], 1,
                        "sizes[" + (l + 1) + "] × 1");
            }
            try {
                return Network.of(sizes, activations, cost, weights, biases);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private JsonNode field(JsonNode root, String name) throws NetworkFormatException {
            JsonNode node = root.get(name);
            if (node == null) {
                throw error("field \"" + name + "\" is missing");
            }
            return node;
        }

        private int[] sizes(JsonNode node) throws NetworkFormatException {
            if (!node.isArray() || node.size() < 2) {
                throw error("sizes must be a list of at least 2 layer sizes, found " + node);
            }
            int[] sizes = new int[node.size()];
            for (int i = 0; i < sizes.length; i++) {
                JsonNode s = node.get(i);
                if (!s.canConvertToInt() || !s.isIntegralNumber() || s.intValue() < 1) {
                    throw error("sizes[" + i + "] is " + s + ", expected a whole number ≥ 1");
                }
                sizes[i] = s.intValue();
            }
            return sizes;
        }

        private Cost cost(JsonNode node) throws NetworkFormatException {
            if (!node.isTextual()) {
                throw error("cost must be a string such as \"QuadraticCost\", found " + node);
            }
            try {
                return Cost.byName(node.textValue());
            } catch (IllegalArgumentException e) {
                throw error("cost: " + e.getMessage());
            }
        }

        private Activation[] activations(JsonNode node, int layers) throws NetworkFormatException {
            Activation[] activations = new Activation[layers];
            if (node == null) {
                java.util.Arrays.fill(activations, Sigmoid.INSTANCE); // network2.py's networks are all sigmoid
                return activations;
            }
            array(node, "activations", layers);
            for (int l = 0; l < layers; l++) {
                JsonNode a = node.get(l);
                if (!a.isTextual()) {
                    throw error("activations[" + l + "] is " + a + ", expected a name such as \"sigmoid\"");
                }
                try {
                    activations[l] = Activation.byName(a.textValue());
                } catch (IllegalArgumentException e) {
                    throw error("activations[" + l + "]: " + e.getMessage());
                }
            }
            return activations;
        }

        private JsonNode array(JsonNode node, String name, int length) throws NetworkFormatException {
            if (!node.isArray()) {
                throw error(name + " must be a list, found " + kind(node));
            }
            if (node.size() != length) {
                throw error(name + " has " + node.size() + " entries, expected " + length
                        + " (one per layer after the input, from sizes)");
            }
            return node;
        }

        private DoubleMatrix matrix(JsonNode node, String name, int rows, int columns, String expected)
                throws NetworkFormatException {
            if (!node.isArray() || node.size() != rows) {
                throw error(name + " must be a list of " + rows + " rows (" + expected + "), found "
                        + (node.isArray() ? node.size() + " rows" : kind(node)));
            }
            // Check every row against the declared sizes before allocating: a file must not be able to make
            // us allocate more than it actually holds.
            for (int r = 0; r < rows; r++) {
                JsonNode row = node.get(r);
                if (!row.isArray() || row.size() != columns) {
                    throw error(name + "[" + r + "] must be a list of " + columns + " numbers (" + expected
                            + "), found " + (row.isArray() ? row.size() + " entries" : kind(row)));
                }
            }
            DoubleMatrix m = new DoubleMatrix(rows, columns);
            for (int r = 0; r < rows; r++) {
                JsonNode row = node.get(r);
                for (int c = 0; c < columns; c++) {
                    JsonNode v = row.get(c);
                    if (!v.isNumber()) {
                        throw error(name + "[" + r + "][" + c + "] is " + kind(v) + ", expected a number");
                    }
                    double d = v.doubleValue();
                    if (!Double.isFinite(d)) {
                        throw error(name + "[" + r + "][" + c + "] is " + d
                                + "; every weight and bias must be finite");
                    }
                    m.put(r, c, d);
                }
            }
            return m;
        }

        private static String kind(JsonNode node) {
            return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                    + (node.isValueNode() ? " " + node : "");
        }

        private NetworkFormatException error(String message) {
            return new NetworkFormatException(source + ": " + message);
        }
    }
}
