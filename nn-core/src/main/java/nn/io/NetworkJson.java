package nn.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nn.data.FeatureScaling;
import nn.internal.AtomicFiles;
import nn.network.Activation;
import nn.network.Cost;
import nn.network.Network;
import nn.network.Sigmoid;
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
 *
 * <p>Reading streams: numbers go from the parser straight into the network's matrices, so loading a file takes
 * memory for the network (8 bytes a parameter, against about 20 bytes a parameter of JSON text) and not for the
 * text or a tree of it; files of any size load, and a file cannot make the reader allocate more than the numbers
 * it really holds. When {@code "sizes"} comes after the matrices (hand-made files; {@code network2.py} and this
 * class write it first) the rows are read first and checked against the sizes at the end.
 */
public final class NetworkJson {

    /** The format version written, and the newest one read. */
    public static final int FORMAT = 1;

    /** The field of the input scaling ({@link Network#inputScaling()}), written only when there is one. */
    private static final String INPUT_SCALING = "input_scaling";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Parse NaN and Infinity (which Python's json writes) so that the error can say where they are.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Numbers are most of a network's file; Jackson's own parser gives the same doubles as parseDouble.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private NetworkJson() {
    }

    /**
     * Writes {@code network} to {@code file} atomically: a crash leaves the old file or the new one, never half.
     *
     * @param network the network to save, with its input scaling if it has one
     * @param file    the file to create or replace; missing directories are created and symbolic links followed
     * @throws IllegalArgumentException if a parameter is NaN or infinite (a diverged network is not saved over a
     *                                  good one)
     * @throws IOException              if the file cannot be written, or is a directory, device, FIFO or socket;
     *                                  an existing file is then left as it was
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
        /**
         * Writes field names and values with {@code g}, inside the network's object.
         *
         * @param g the generator, positioned inside the open top-level object after the network's fields; it must
         *          be left there, with every field it starts complete, and not closed
         * @throws IOException if writing fails; it propagates to the caller of the save
         */
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * Writes the network as one JSON object with {@code g}, with {@code extra}'s fields after its own (a training
     * checkpoint's state, say), in one pass: no text or tree of the network is built first.
     *
     * @param network the network to write
     * @param g       the generator to write the object with, at a place where a value may start; neither flushed
     *                nor closed here
     * @param extra   writes more fields after the network's, or null for none
     * @throws IllegalArgumentException if a parameter is NaN or infinite; nothing is written then
     * @throws IOException              if {@code g} or {@code extra} fails to write
     */
    public static void write(Network network, JsonGenerator g, ExtraFields extra) throws IOException {
        checkFinite(network);
        writeObject(network, g, extra == null ? none -> { } : extra);
    }

    /**
     * The network as a JSON string.
     *
     * @param network the network to convert
     * @return the text {@link #save} would write to a file, on one line
     * @throws IllegalArgumentException if a parameter is NaN or infinite
     */
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
     * Reads fields of its own from a network's JSON object, such as a training checkpoint's state.
     */
    @FunctionalInterface
    public interface ExtraFieldReader {
        /**
         * Called for each top-level field that is not the network's, with {@code p} at the field's value, which it
         * must consume (e.g. with {@code readValueAsTree} or {@code skipChildren}).
         *
         * @param name the field's name
         * @param p    the parser, its current token the first of the field's value; it must be left at the value's
         *             last token
         * @throws IOException if the value cannot be read or is not what the reader expects (a
         *                     {@link NetworkFormatException} is the clearest); it propagates to the caller of the load
         */
        void read(String name, JsonParser p) throws IOException;
    }

    /**
     * Reads a network saved by this class or by {@code network2.py}'s {@code save}, streaming: see the class
     * comment.
     *
     * @param file the JSON file to read
     * @return a new network with the file's sizes, parameters, cost, activations (sigmoid when absent) and input
     *         scaling (none when absent); fields this class does not know are skipped
     * @throws NetworkFormatException naming the file and what is wrong with it
     * @throws IOException            if the file cannot be read
     */
    public static Network load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * As {@link #load(Path)}, handing the fields that are not the network's to {@code extra} (skipped when null).
     *
     * @param file  the JSON file to read
     * @param extra receives every top-level field that is not the network's, in file order; null to skip them
     * @return a new network, as {@link #load(Path)} reads it
     * @throws NetworkFormatException naming the file and what is wrong with it
     * @throws IOException            if the file cannot be read, or {@code extra} throws it
     */
    public static Network load(Path file, ExtraFieldReader extra) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             JsonParser p = MAPPER.getFactory().createParser(in)) {
            return read(p, file.toString(), Files.size(file), extra);
        }
    }

    /**
     * Parses a network from JSON text.
     *
     * @param json   the text of one JSON object in the format of the class comment
     * @param source a name for the text in error messages, e.g. its file name
     * @return a new network, as {@link #load(Path)} reads it
     * @throws NetworkFormatException naming the source, the field and what was expected
     */
    public static Network fromJson(String json, String source) throws NetworkFormatException {
        return fromJson(json, source, null);
    }

    /**
     * As {@link #fromJson(String, String)}, handing the fields that are not the network's to {@code extra}.
     *
     * @param json   the text of one JSON object in the format of the class comment
     * @param source a name for the text in error messages, e.g. its file name
     * @param extra  receives every top-level field that is not the network's, in text order; null to skip them
     * @return a new network, as {@link #load(Path)} reads it
     * @throws NetworkFormatException naming the source, the field and what was expected; also wrapping any
     *                                {@link IOException} {@code extra} throws
     */
    public static Network fromJson(String json, String source, ExtraFieldReader extra)
            throws NetworkFormatException {
        try (JsonParser p = MAPPER.getFactory().createParser(json)) {
            return read(p, source, json.length(), extra);
        } catch (NetworkFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new NetworkFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static Network read(JsonParser p, String source, long length, ExtraFieldReader extra)
            throws IOException {
        try {
            return new Reader(source, p, length).network(extra);
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Invalid UTF-8")) {
                throw new NetworkFormatException(source + ": not UTF-8 text, so not a JSON network file", e);
            }
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new NetworkFormatException(source + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (java.io.CharConversionException e) {
            throw new NetworkFormatException(source + ": not UTF-8 text, so not a JSON network file", e);
        }
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
        if (network.inputScaling().isPresent()) {
            // network2.py's load reads only sizes, weights, biases and cost: this field does not disturb it.
            FeatureScaling scaling = network.inputScaling().get();
            g.writeObjectFieldStart(INPUT_SCALING);
            g.writeStringField("method", scaling.method().jsonName());
            double[] offset = scaling.offset();
            g.writeFieldName("offset");
            g.writeArray(offset, 0, offset.length);
            double[] scale = scaling.scale();
            g.writeFieldName("scale");
            g.writeArray(scale, 0, scale.length);
            g.writeEndObject();
        }
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

    /**
     * Reads the object token by token, keeping the source name for messages. The small fields (sizes, cost,
     * activations, format) are read as trees, the matrices number by number.
     */
    private static final class Reader {
        private final String source;
        private final JsonParser p;
        /** One row's numbers as they are read; grows with the numbers actually present. */
        private double[] row = new double[16];
        /**
         * How many more numbers the text can hold: each takes at least two characters ("0,"). A matrix is
         * allocated from the declared sizes only within it, so a header cannot make the reader allocate more than
         * the text really holds.
         */
        private long numbersLeft;
        private final long length;

        Reader(String source, JsonParser p, long length) {
            this.source = source;
            this.p = p;
            this.length = length;
            this.numbersLeft = length / 2 + 1;
        }

        Network network(ExtraFieldReader extra) throws IOException {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw error("the top level must be a JSON object with sizes, weights, biases and cost, found "
                        + (first == null ? "nothing" : kind(p.readValueAsTree())));
            }
            JsonNode sizesNode = null;
            JsonNode costNode = null;
            JsonNode activationsNode = null;
            JsonNode format = null;
            JsonNode scalingNode = null;
            Matrices weightsRead = null;
            Matrices biasesRead = null;
            int[] sizes = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "sizes" -> {
                        sizesNode = p.readValueAsTree();
                        sizes = sizes(sizesNode);
                    }
                    case "weights" -> weightsRead = matrices("weights", sizes, false);
                    case "biases" -> biasesRead = matrices("biases", sizes, true);
                    case "cost" -> costNode = p.readValueAsTree();
                    case "activations" -> activationsNode = p.readValueAsTree();
                    case "nn_format" -> format = p.readValueAsTree();
                    case INPUT_SCALING -> scalingNode = p.readValueAsTree();
                    default -> {
                        if (extra != null) {
                            extra.read(name, p);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw error("not valid JSON: the top-level object is not closed");
            }
            field(sizesNode, "sizes");
            int layers = sizes.length - 1;
            Cost cost = cost(field(costNode, "cost"));
            Activation[] activations = activations(activationsNode, layers);
            if (format != null && (!format.isInt() || format.intValue() > FORMAT || format.intValue() < 1)) {
                throw error("nn_format is " + format + ", this version reads formats 1 to " + FORMAT);
            }
            DoubleMatrix[] weights = field(weightsRead, "weights").finish(sizes);
            DoubleMatrix[] biases = field(biasesRead, "biases").finish(sizes);
            FeatureScaling scaling = scalingNode == null ? null : scaling(scalingNode, sizes[0]);
            try {
                Network network = Network.of(sizes, activations, cost, weights, biases, false);
                network.setInputScaling(scaling);
                return network;
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        /** The input scaling: {@code {"method": "standardise"|"min_max", "offset": [..], "scale": [..]}}. */
        private FeatureScaling scaling(JsonNode node, int inputs) throws NetworkFormatException {
            if (!node.isObject()) {
                throw error(INPUT_SCALING + " must be an object with method, offset and scale, found " + kind(node));
            }
            JsonNode method = node.get("method");
            if (method == null || !method.isTextual()) {
                throw error(INPUT_SCALING + ".method must be \"standardise\" or \"min_max\", found "
                        + (method == null ? "nothing" : kind(method)));
            }
            FeatureScaling.Method m;
            try {
                m = FeatureScaling.Method.ofJsonName(method.textValue());
            } catch (IllegalArgumentException e) {
                throw error(INPUT_SCALING + ".method: " + e.getMessage());
            }
            double[] offset = numbers(node.get("offset"), INPUT_SCALING + ".offset", inputs);
            double[] scale = numbers(node.get("scale"), INPUT_SCALING + ".scale", inputs);
            try {
                return FeatureScaling.of(m, offset, scale);
            } catch (IllegalArgumentException e) {
                throw error(INPUT_SCALING + ": " + e.getMessage());
            }
        }

        private double[] numbers(JsonNode node, String what, int expected) throws NetworkFormatException {
            if (node == null || !node.isArray() || node.size() != expected) {
                throw error(what + " must be a list of " + expected + " numbers (one per input), found "
                        + (node == null ? "nothing" : node.isArray() ? "a list of " + node.size() : kind(node)));
            }
            double[] values = new double[expected];
            for (int i = 0; i < expected; i++) {
                if (!node.get(i).isNumber()) {
                    throw error(what + "[" + i + "] must be a number, found " + kind(node.get(i)));
                }
                values[i] = node.get(i).doubleValue();
            }
            return values;
        }

        /**
         * Reads {@code weights} or {@code biases}: into matrices of the declared shapes when the sizes are known
         * (a row longer or a matrix taller than declared fails at its first extra number), otherwise row by row.
         */
        private Matrices matrices(String name, int[] sizes, boolean biases) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw error(name + " must be a list, found " + kind(p.readValueAsTree()));
            }
            Matrices read = new Matrices(name, biases);
            int l = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), l++) {
                String matrix = name + "[" + l + "]";
                if (sizes != null && l >= sizes.length - 1) {
                    throw error(name + " has more than " + (sizes.length - 1) + " entries, expected "
                            + (sizes.length - 1) + " (one per layer after the input, from sizes)");
                }
                int rows = sizes == null ? -1 : sizes[l + 1];
                int columns = sizes == null ? -1 : biases ? 1 : sizes[l];
                String expected = "sizes[" + (l + 1) + "] × " + (biases ? "1" : "sizes[" + l + "]");
                if (t != JsonToken.START_ARRAY) {
                    throw error(matrix + " must be a list of " + (rows < 0 ? "" : rows + " ") + "rows"
                            + (rows < 0 ? "" : " (" + expected + ")") + ", found " + kind(p.readValueAsTree()));
                }
                if (rows >= 0 && (long) rows * columns > numbersLeft) {
                    throw error(matrix + " is declared " + expected + " = " + rows + " × " + columns + " = "
                            + (long) rows * columns + " numbers, more than the rest of the " + length
                            + " characters can hold");
                }
                if ((long) Math.max(rows, 0) * columns > Integer.MAX_VALUE - 8) {
                    throw error(matrix + " is declared " + expected + " = " + (long) rows * columns
                            + " numbers, more than one matrix can hold (2^31 - 9)");
                }
                numbersLeft -= rows >= 0 ? (long) rows * columns : 0;
                DoubleMatrix m = rows < 0 ? null : new DoubleMatrix(rows, columns);
                List<double[]> pending = rows < 0 ? new ArrayList<>() : null;
                int r = 0;
                for (JsonToken rt = p.nextToken(); rt != JsonToken.END_ARRAY; rt = p.nextToken(), r++) {
                    if (m != null && r >= rows) {
                        throw error(matrix + " must be a list of " + rows + " rows (" + expected + "), found more");
                    }
                    if (rt != JsonToken.START_ARRAY) {
                        throw error(matrix + "[" + r + "] must be a list of " + (columns < 0 ? "" : columns + " ")
                                + "numbers" + (columns < 0 ? "" : " (" + expected + ")") + ", found "
                                + kind(p.readValueAsTree()));
                    }
                    int n = row(matrix + "[" + r + "]", columns, expected);
                    if (m != null) {
                        if (n != columns) {
                            throw error(matrix + "[" + r + "] must be a list of " + columns + " numbers (" + expected
                                    + "), found " + n + " entries");
                        }
                        for (int c = 0; c < n; c++) {
                            m.put(r, c, row[c]);
                        }
                    } else {
                        pending.add(Arrays.copyOf(row, n));
                    }
                }
                if (m != null && r != rows) {
                    throw error(matrix + " must be a list of " + rows + " rows (" + expected + "), found " + r
                            + " rows");
                }
                read.add(m, pending);
            }
            return read;
        }

        /** Reads one row's numbers into {@link #row}, at most {@code columns} when that is known (≥ 0). */
        private int row(String name, int columns, String expected) throws IOException {
            int c = 0;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), c++) {
                if (columns >= 0 && c >= columns) {
                    throw error(name + " must be a list of " + columns + " numbers (" + expected
                            + "), found more");
                }
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw error(name + "[" + c + "] is " + kind(p.readValueAsTree()) + ", expected a number");
                }
                double d = p.getDoubleValue();
                if (!Double.isFinite(d)) {
                    throw error(name + "[" + c + "] is " + d + "; every weight and bias must be finite");
                }
                if (c == row.length) {
                    row = Arrays.copyOf(row, 2 * row.length);
                }
                row[c] = d;
            }
            return c;
        }

        /** The matrices of one field, as read: complete ones, or rows waiting for the sizes. */
        private final class Matrices {
            final String name;
            final boolean biases;
            final List<DoubleMatrix> complete = new ArrayList<>();
            final List<List<double[]>> pending = new ArrayList<>();

            Matrices(String name, boolean biases) {
                this.name = name;
                this.biases = biases;
            }

            void add(DoubleMatrix m, List<double[]> rows) {
                complete.add(m);
                pending.add(rows);
            }

            DoubleMatrix[] finish(int[] sizes) throws NetworkFormatException {
                int layers = sizes.length - 1;
                if (complete.size() != layers) {
                    throw error(name + " has " + complete.size() + " entries, expected " + layers
                            + " (one per layer after the input, from sizes)");
                }
                DoubleMatrix[] out = new DoubleMatrix[layers];
                for (int l = 0; l < layers; l++) {
                    out[l] = complete.get(l) != null ? complete.get(l) : fromRows(l, sizes);
                    pending.set(l, null);
                }
                return out;
            }

            private DoubleMatrix fromRows(int l, int[] sizes) throws NetworkFormatException {
                List<double[]> rows = pending.get(l);
                String matrix = name + "[" + l + "]";
                int rowCount = sizes[l + 1];
                int columns = biases ? 1 : sizes[l];
                String expected = "sizes[" + (l + 1) + "] × " + (biases ? "1" : "sizes[" + l + "]");
                if (rows.size() != rowCount) {
                    throw error(matrix + " must be a list of " + rowCount + " rows (" + expected + "), found "
                            + rows.size() + " rows");
                }
                if ((long) rowCount * columns > Integer.MAX_VALUE - 8) {
                    throw error(matrix + " has " + (long) rowCount * columns + " numbers, more than one matrix"
                            + " can hold (2^31 - 9)");
                }
                DoubleMatrix m = new DoubleMatrix(rowCount, columns);
                for (int r = 0; r < rowCount; r++) {
                    double[] values = rows.get(r);
                    if (values.length != columns) {
                        throw error(matrix + "[" + r + "] must be a list of " + columns + " numbers (" + expected
                                + "), found " + values.length + " entries");
                    }
                    for (int c = 0; c < columns; c++) {
                        m.put(r, c, values[c]);
                    }
                    rows.set(r, null);
                }
                return m;
            }
        }

        private <T> T field(T value, String name) throws NetworkFormatException {
            if (value == null) {
                throw error("field \"" + name + "\" is missing");
            }
            return value;
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

        private void array(JsonNode node, String name, int length) throws NetworkFormatException {
            if (!node.isArray()) {
                throw error(name + " must be a list, found " + kind(node));
            }
            if (node.size() != length) {
                throw error(name + " has " + node.size() + " entries, expected " + length
                        + " (one per layer after the input, from sizes)");
            }
        }

        private static String kind(JsonNode node) {
            if (node == null) {
                return "nothing";
            }
            return node.isNull() ? "null" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)
                    + (node.isValueNode() ? " " + node : "");
        }

        private NetworkFormatException error(String message) {
            return new NetworkFormatException(source + ": " + message);
        }
    }
}
