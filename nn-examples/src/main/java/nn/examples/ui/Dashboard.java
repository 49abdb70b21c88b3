package nn.examples.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nn.training.EpochResult;

/**
 * The page a person opens to watch a network learn and then draw digits for it: what the trainer (or
 * {@code nn serve}) tells it is pushed to every open page at once. Every method returns at once: JSON is built on
 * the caller's thread, and nothing waits for a browser (see {@link LatestOnlyMailbox}).
 */
public final class Dashboard implements AutoCloseable {

    /** What the page says the run is doing. */
    public enum State {
        /** Epochs are running. */
        TRAINING,
        /** Training ended; the confusion matrix and the drawing canvas are shown. */
        DONE,
        /** Training stopped early (Ctrl-C or divergence). */
        STOPPED,
        /** {@code nn serve}: a saved model, no training. */
        SERVING
    }

    /**
     * A picture of a digit and what the network said it is.
     *
     * @param pixels    {@code side × side} values in [0, 1], ink 1, row by row
     * @param side      the picture's side
     * @param actual    its label
     * @param predicted the network's answer
     */
    public record Digit(double[] pixels, int side, int actual, int predicted) {
    }

    private final DashboardServer server;
    private volatile String title = "";
    private volatile Map<String, String> settings = Map.of();
    private volatile State state = State.TRAINING;
    private volatile boolean hasClassifier;

    private Dashboard(DashboardServer server) {
        this.server = server;
    }

    /**
     * Starts serving the page on {@code host}:{@code port} (0: a free port).
     *
     * @throws java.net.BindException when the port is taken or the host is not an address of this machine
     */
    public static Dashboard start(String host, int port) throws IOException {
        return new Dashboard(DashboardServer.start(host, port));
    }

    /** The address to open. */
    public URI address() {
        return server.address();
    }

    /** The run's title and settings (shown in this order), and what it is doing. */
    public void run(String title, Map<String, String> settings, State state) {
        this.title = title;
        this.settings = new LinkedHashMap<>(settings);
        state(state);
    }

    /** Changes what the run is said to be doing. */
    public void state(State state) {
        this.state = state;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("title", title);
        run.put("state", state.name().toLowerCase(Locale.ROOT));
        run.put("settings", settings);
        run.put("draw", hasClassifier);
        publish(EventKind.RUN, run);
    }

    /** {@code done} of {@code total} mini-batches of epoch {@code epoch} (from 1) of {@code epochs} are applied. */
    public void progress(int epoch, int epochs, int done, int total) {
        // Built by hand: this runs on the training thread several times a second.
        server.publish(EventKind.PROGRESS, "{\"epoch\":" + epoch + ",\"epochs\":" + epochs + ",\"done\":" + done
                + ",\"total\":" + total + "}");
    }

    /** Every completed epoch so far, of {@code epochs} planned. */
    public void history(List<EpochResult> history, int epochs) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochResult r : history) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", r.epoch() + 1);
            row.put("seconds", r.seconds());
            row.put("trainingCost", finite(r.trainingCost()));
            row.put("trainingAccuracy", r.trainingFraction());
            row.put("validationCost", finite(r.evaluationCost()));
            row.put("validationAccuracy", r.evaluationFraction());
            rows.add(row);
        }
        publish(EventKind.HISTORY, Map.of("epochs", epochs, "history", rows));
    }

    /** The first misclassified validation digits of epoch {@code epoch}, of {@code total} misclassified. */
    public void mistakes(int epoch, int total, List<Digit> shown) {
        List<Map<String, Object>> digits = new ArrayList<>();
        for (Digit d : shown) {
            digits.add(Map.of("pixels", Pixels.unsigned(d.pixels()), "side", d.side(), "actual", d.actual(),
                    "predicted", d.predicted()));
        }
        publish(EventKind.MISTAKES, Map.of("epoch", epoch, "total", total, "digits", digits));
    }

    /**
     * The incoming weights of the first {@code units.size()} of {@code totalUnits} units of the first hidden layer,
     * each {@code side × side}, after epoch {@code epoch} (0 for a saved model).
     */
    public void weights(int epoch, int side, List<double[]> units, int totalUnits) {
        List<String> pictures = new ArrayList<>();
        for (double[] unit : units) {
            pictures.add(Pixels.signed(unit));
        }
        publish(EventKind.WEIGHTS, Map.of("epoch", epoch, "side", side, "units", pictures, "total", totalUnits));
    }

    /** The confusion matrix {@code counts[actual][predicted]} of the data named {@code of}. */
    public void confusion(String of, int[][] counts) {
        publish(EventKind.CONFUSION, Map.of("of", of, "counts", counts));
    }

    /** Opens the drawing canvas, classifying with {@code classifier}. */
    public void classifier(DigitClassifier classifier) {
        server.classifier(classifier);
        hasClassifier = true;
        state(state);
    }

    /** Blocks until {@link #close()} (the page stays up until then, e.g. until Ctrl-C ends the process). */
    public void awaitClose() throws InterruptedException {
        server.awaitClose();
    }

    /** Stops the server and ends every page's event stream. */
    @Override
    public void close() {
        server.close();
    }

    DashboardServer server() {
        return server;
    }

    private void publish(EventKind kind, Object value) {
        try {
            server.publish(kind, Responses.JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the dashboard's " + kind + " update as JSON", e);
        }
    }

    /** JSON has no NaN or infinity; the page shows a gap for null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
