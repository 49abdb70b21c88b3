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
        SERVING,
        /** {@code nn sweep}: trials are running, or the chosen configuration is being tested. */
        SWEEPING,
        /** {@code nn sweep}: every trial has run and the choice is made (and tested, unless asked not to). */
        SWEEP_DONE
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

    /**
     * One configuration of a sweep: a row of its table.
     *
     * @param values   the values of the options the sweep varies, in the order of {@link SweepState#columns()}
     * @param mean     its mean validation accuracy (last epoch) over its finished seeds, in [0, 1]
     * @param spread   the sample standard deviation of that accuracy over the seeds (0 for one seed)
     * @param seeds    how many of its trials have finished
     * @param diverged how many of those diverged
     * @param seconds  mean seconds per trial
     */
    public record SweepRow(List<String> values, double mean, double spread, int seeds, int diverged,
                           double seconds) {
    }

    /**
     * A trial's learning curve.
     *
     * @param label              the trial's name, e.g. {@code 1. eta=3 lambda=0 seed 2}
     * @param validationAccuracy its validation accuracy in [0, 1] after epoch 1, 2, …
     */
    public record SweepCurve(String label, double[] validationAccuracy) {
    }

    /**
     * The test accuracy of the chosen configuration, measured once after the choice.
     *
     * @param seed    the seed it was trained with again
     * @param correct test images classified correctly
     * @param size    test images
     */
    public record SweepTest(long seed, int correct, int size) {
    }

    /**
     * The whole state of a sweep, as its page shows it.
     *
     * @param finished trials finished (those the results file held at the start included)
     * @param total    trials in the sweep
     * @param running  trials running now, or -1 when the runner cannot tell
     * @param runner   where the trials run, e.g. {@code local}
     * @param fixed    the settings every configuration shares, e.g. {@code epochs=3 sizes=784,20,10}; empty if none
     * @param columns  the options the sweep varies, the table's columns
     * @param rows     the configurations with a finished trial, best validation accuracy first; the first is the
     *                 one chosen (so far)
     * @param curves   the learning curves of the best trials, best first
     * @param testing  whether the chosen configuration is being trained again to be measured on the test set
     * @param test     the chosen configuration's test accuracy once measured, else null
     */
    public record SweepState(int finished, int total, int running, String runner, String fixed, List<String> columns,
                             List<SweepRow> rows, List<SweepCurve> curves, boolean testing, SweepTest test) {
    }

    /**
     * A page gets at most one write of updates this often; what is published meanwhile (the newest of each kind)
     * goes out together with the next one. Every write costs the browser CPU, whatever it carries: headless
     * Chromium spent about 10 ms on receiving an event that changed nothing on the page and 17 ms on a history
     * that redrew the curves, one a second ({@code docs/dashboard/frame-cost.sh ignored|history 22 1100}, README
     * "Watch it learn"), on a 2-core machine where that CPU is taken from training. The default run's epochs end
     * about every 0.4 s, so its page takes their points four or five at a time; an epoch longer than this
     * interval gets its point as soon as it ends.
     */
    public static final long UPDATE_INTERVAL_MILLIS = 2000;

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
     * @param host the address to listen on, e.g. {@code 127.0.0.1}, or {@code 0.0.0.0} for every interface;
     *             requests whose {@code Host} header is not it, a loopback name or (for every interface) an address
     *             literal are refused (see {@link HostCheck})
     * @param port the TCP port, or 0 for a free one (see {@link #address()})
     * @return the running dashboard, showing an empty run until {@link #run} is called
     * @throws java.net.BindException when the port is taken or the host is not an address of this machine
     * @throws IOException            if the server cannot be created
     */
    public static Dashboard start(String host, int port) throws IOException {
        return new Dashboard(DashboardServer.start(host, port));
    }

    /** {@return the address to open in a browser, e.g. {@code http://127.0.0.1:41234/}} */
    public URI address() {
        return server.address();
    }

    /**
     * Shows a new run: its title and settings (shown in this order), and what it is doing.
     *
     * @param title    the heading, e.g. {@code training [784, 30, 10]}
     * @param settings label to value, e.g. {@code eta} to {@code 3.0}, shown as a table in this order
     * @param state    what the run is doing
     */
    public void run(String title, Map<String, String> settings, State state) {
        this.title = title;
        this.settings = new LinkedHashMap<>(settings);
        state(state);
    }

    /**
     * Changes what the run is said to be doing, keeping its title and settings.
     *
     * @param state what the run is doing now, e.g. {@link State#DONE} when training has ended
     */
    public void state(State state) {
        this.state = state;
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("title", title);
        run.put("state", state.name().toLowerCase(Locale.ROOT));
        run.put("settings", settings);
        run.put("draw", hasClassifier);
        publish(EventKind.RUN, run);
    }

    /**
     * Shows that {@code done} of {@code total} mini-batches of epoch {@code epoch} of {@code epochs} are applied.
     *
     * @param epoch  the running epoch, from 1
     * @param epochs the epochs planned
     * @param done   the mini-batches of this epoch applied so far, 0 to {@code total}
     * @param total  the mini-batches in an epoch
     */
    public void progress(int epoch, int epochs, int done, int total) {
        // Built by hand: this runs on the training thread several times a second.
        server.publish(EventKind.PROGRESS, "{\"epoch\":" + epoch + ",\"epochs\":" + epochs + ",\"done\":" + done
                + ",\"total\":" + total + "}");
    }

    /**
     * Shows every completed epoch so far: its time and the training and validation cost and accuracy, for the
     * learning curves. A cost that is not finite is shown as a gap.
     *
     * @param history every completed epoch, in order
     * @param epochs  the epochs planned, the curves' horizontal extent
     */
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

    /**
     * Shows the first misclassified validation digits after epoch {@code epoch}, of {@code total} misclassified.
     *
     * @param epoch the epoch just completed, from 1
     * @param total how many validation images the network misclassified
     * @param shown the first few of them, in validation order, with their labels and the network's answers
     */
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
     *
     * @param epoch      the epoch just completed, from 1, or 0 for a saved model
     * @param side       the side of an input picture: 28 for MNIST
     * @param units      per unit shown, its row of the first weight matrix: {@code side × side} weights, row by row,
     *                   drawn on a diverging scale (zero in the middle, scaled to the unit's largest magnitude)
     * @param totalUnits the number of units in the first hidden layer
     */
    public void weights(int epoch, int side, List<double[]> units, int totalUnits) {
        List<String> pictures = new ArrayList<>();
        for (double[] unit : units) {
            pictures.add(Pixels.signed(unit));
        }
        publish(EventKind.WEIGHTS, Map.of("epoch", epoch, "side", side, "units", pictures, "total", totalUnits));
    }

    /**
     * Shows the confusion matrix {@code counts[actual][predicted]} of the data named {@code of}.
     *
     * @param of     what was classified, for the caption, e.g. {@code test set, 10000 images}
     * @param counts {@code counts[a][p]} images of class {@code a} classified as {@code p}; classes × classes
     */
    public void confusion(String of, int[][] counts) {
        publish(EventKind.CONFUSION, Map.of("of", of, "counts", counts));
    }

    /**
     * Shows a sweep: its progress, its table and the best trials' learning curves. Each call replaces the whole
     * state, so call it with everything, not with what changed.
     *
     * @param state the sweep now
     */
    public void sweep(SweepState state) {
        Map<String, Object> sweep = new LinkedHashMap<>();
        sweep.put("finished", state.finished());
        sweep.put("total", state.total());
        sweep.put("running", state.running());
        sweep.put("runner", state.runner());
        sweep.put("fixed", state.fixed());
        sweep.put("columns", state.columns());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (SweepRow r : state.rows()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("values", r.values());
            row.put("mean", finite(r.mean()));
            row.put("spread", finite(r.spread()));
            row.put("seeds", r.seeds());
            row.put("diverged", r.diverged());
            row.put("seconds", finite(r.seconds()));
            rows.add(row);
        }
        sweep.put("rows", rows);
        List<Map<String, Object>> curves = new ArrayList<>();
        for (SweepCurve c : state.curves()) {
            List<Double> accuracy = new ArrayList<>();
            for (double v : c.validationAccuracy()) {
                accuracy.add(finite(v));
            }
            curves.add(Map.of("label", c.label(), "validationAccuracy", accuracy));
        }
        sweep.put("curves", curves);
        sweep.put("testing", state.testing());
        SweepTest t = state.test();
        sweep.put("test", t == null ? null : Map.of("seed", t.seed(), "correct", t.correct(), "size", t.size()));
        publish(EventKind.SWEEP, sweep);
    }

    /**
     * Opens the drawing canvas, classifying with {@code classifier}.
     *
     * @param classifier classifies each drawing the page posts, on a server thread
     */
    public void classifier(DigitClassifier classifier) {
        server.classifier(classifier);
        hasClassifier = true;
        state(state);
    }

    /**
     * Blocks until {@link #close()} (the page stays up until then, e.g. until Ctrl-C ends the process).
     *
     * @throws InterruptedException if the waiting thread is interrupted first
     */
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
