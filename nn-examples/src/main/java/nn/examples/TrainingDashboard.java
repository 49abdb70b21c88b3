package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import nn.examples.ui.Dashboard;
import nn.mnist.ImageDataset;
import nn.network.Network;
import nn.training.EpochResult;
import org.jblas.DoubleMatrix;

/**
 * Connects a training run (or a saved model, for {@code nn serve}) to the browser {@link Dashboard}.
 *
 * <p>The training thread does only cheap things here: a clock check per mini-batch, a few hundred bytes of JSON at
 * most once a second, the history after each epoch, and a copy of the network. The pictures (misclassified
 * validation digits, hidden units' weights) are made from that copy on a low-priority thread of their own, at
 * most every {@link #PICTURES_INTERVAL_NANOS} (and after the last epoch): on two cores every picture drawn, here or
 * in the browser, is time taken from training.
 *
 * <p>Every update the browser receives costs it CPU (the README's "Watch it learn", from
 * {@code docs/dashboard/frame-cost.sh}), and a page gets at most one write every
 * {@link nn.examples.ui.Dashboard#UPDATE_INTERVAL_MILLIS}. So the page takes whole epochs from the history, and
 * progress inside an epoch is built and sent only for an epoch that has run for {@link #PROGRESS_INTERVAL_NANOS}:
 * the default run's short epochs send none.
 */
final class TrainingDashboard implements AutoCloseable {

    /** Progress inside an epoch is pushed at most this often, the first time this long after the epoch began. */
    static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** The pictures are renewed at most this often while epochs are short. */
    static final long PICTURES_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** Misclassified validation digits shown per epoch: the first ones in the validation set. */
    static final int SHOWN_MISTAKES = 40;

    /** Hidden units whose weights are drawn. */
    static final int SHOWN_UNITS = 100;

    private final Dashboard dashboard;
    private final ThreadPoolExecutor pictures;
    private int epochs;
    private long lastProgress;
    private long lastPictures = System.nanoTime() - PICTURES_INTERVAL_NANOS;

    private TrainingDashboard(Dashboard dashboard) {
        this.dashboard = dashboard;
        this.pictures = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1), r -> {
            Thread t = new Thread(r, "nn-dashboard-pictures");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        }, new ThreadPoolExecutor.DiscardOldestPolicy());
    }

    /**
     * Starts the server and prints its address on {@code out}; a host that is not a loopback address gets a warning
     * on {@code err}.
     *
     * @param option the option that chose the port, for error messages (e.g. "--ui")
     */
    static TrainingDashboard start(String host, int port, String option, PrintWriter out, PrintWriter err) {
        return new TrainingDashboard(open(host, port, option, out, err));
    }

    /**
     * Starts a dashboard's server for any command ({@code train --ui}, {@code serve}, {@code sweep --ui}): a port out
     * of range or one that cannot be listened on is one line of bad usage; prints the address on {@code out}, and a
     * warning on {@code err} for a host that is not a loopback address.
     *
     * @param option the option that chose the port, for error messages (e.g. "--ui")
     */
    static Dashboard open(String host, int port, String option, PrintWriter out, PrintWriter err) {
        if (port < 0 || port > 65535) {
            throw CliException.usage(option + " " + port + ": expected a port from 1 to 65535 (or none for a free"
                    + " one)");
        }
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(host, port);
        } catch (IOException | RuntimeException e) {
            throw CliException.usage(option + (port == 0 ? "" : " " + port) + ": cannot listen on " + host + ":"
                    + port + " (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        }
        if (!isLoopback(host)) {
            err.println("warning: the dashboard listens on " + host + ", not only on this machine: anyone who can"
                    + " reach " + dashboard.address() + " sees this run and can use the network, with no password");
            err.flush();
        }
        out.println("dashboard: " + dashboard.address());
        out.flush();
        return dashboard;
    }

    URI address() {
        return dashboard.address();
    }

    /** Shows a training run's settings, before its first epoch. */
    void runStarted(Network network, TrainSettings settings, String backend, DataSplit data,
                    List<EpochResult> history) {
        this.epochs = settings.epochs();
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("network", TrainCommand.join(network.sizes()) + " " + activations(network));
        shown.put("cost", network.cost().name());
        shown.put("epochs", Integer.toString(settings.epochs()));
        shown.put("mini-batch", Integer.toString(settings.miniBatchSize()));
        shown.put("η (eta)", TrainCommand.number(settings.eta()));
        shown.put("λ (lambda)", TrainCommand.number(settings.lambda()));
        shown.put("engine", settings.engine());
        shown.put("backend", backend);
        shown.put("seed", Long.toString(settings.seed()) + (settings.shuffle() ? ", shuffled" : ", not shuffled"));
        shown.put("data", data.training().size() + " training, " + data.validation().size() + " validation, "
                + data.test().size() + " test images");
        shown.put("from", data.origin());
        dashboard.run("training " + TrainCommand.join(network.sizes()), shown, Dashboard.State.TRAINING);
        dashboard.history(history, epochs);
        pictures.execute(() -> weights(network.copy(), history.size()));
    }

    /** An epoch began: its progress is shown once it has run for {@link #PROGRESS_INTERVAL_NANOS}. */
    public void epochStarted() {
        lastProgress = System.nanoTime();
    }

    /**
     * {@code done} of an epoch's {@code miniBatches} are applied; the epoch's end itself comes with the history
     * ({@link #epochEnded}).
     */
    public void miniBatchDone(int epoch, int done, int miniBatches) {
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_INTERVAL_NANOS && done < miniBatches) {
            lastProgress = now;
            dashboard.progress(epoch, epochs, done, miniBatches);
        }
    }

    /** An epoch ended: the curves gain a point now, the pictures follow from a copy of the network. */
    void epochEnded(List<EpochResult> history, Network network, ImageDataset validation) {
        dashboard.history(history, epochs);
        int epoch = history.size();
        long now = System.nanoTime();
        if (now - lastPictures < PICTURES_INTERVAL_NANOS && epoch < epochs) {
            return;
        }
        lastPictures = now;
        Network copy = network.copy();
        int misclassified = history.isEmpty() ? 0 : history.get(history.size() - 1).evaluationSize()
                - history.get(history.size() - 1).evaluationAccuracy();
        pictures.execute(() -> {
            dashboard.mistakes(epoch, misclassified, firstMistakes(copy, validation, SHOWN_MISTAKES));
            weights(copy, epoch);
        });
    }

    /** Training ended: the test set's confusion matrix and the drawing canvas. */
    void finished(Network network, ConfusionMatrix confusion, String of) {
        showModel(network, confusion, of);
        dashboard.state(Dashboard.State.DONE);
    }

    private void showModel(Network network, ConfusionMatrix confusion, String of) {
        int[][] counts = new int[confusion.classes()][confusion.classes()];
        for (int a = 0; a < counts.length; a++) {
            for (int p = 0; p < counts.length; p++) {
                counts[a][p] = confusion.count(a, p);
            }
        }
        dashboard.confusion(of, counts);
        if (NetworkClassifier.fits(network)) {
            dashboard.classifier(new NetworkClassifier(network));
        }
    }

    /** Shows a saved model for {@code nn serve}. */
    void serving(Network network, String model, ConfusionMatrix confusion, String of) {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("model", model);
        shown.put("network", TrainCommand.join(network.sizes()) + " " + activations(network));
        shown.put("cost", network.cost().name());
        shown.put("test accuracy", String.format(java.util.Locale.ROOT, "%d / %d (%.2f%%)", confusion.correct(),
                confusion.total(), 100.0 * confusion.correct() / confusion.total()));
        dashboard.run("model " + model, shown, Dashboard.State.SERVING);
        weights(network, 0);
        showModel(network, confusion, of);
    }

    /** Prints where the page is and blocks until the process is ended (Ctrl-C). */
    void stayUp(PrintWriter out, String what) {
        stayUp(dashboard, out, what);
    }

    /** Prints where {@code dashboard}'s page is and blocks until the process is ended (Ctrl-C). */
    static void stayUp(Dashboard dashboard, PrintWriter out, String what) {
        out.println(what + ": the dashboard stays up at " + dashboard.address() + " until Ctrl-C");
        out.flush();
        try {
            dashboard.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        pictures.shutdownNow();
        dashboard.close();
    }

    private void weights(Network network, int epoch) {
        if (network.numLayers() < 3 || !NetworkClassifier.fits(network)) {
            return; // no hidden layer, or inputs that are not a picture
        }
        DoubleMatrix w = network.weights(0);
        int side = (int) Math.round(Math.sqrt(network.inputSize()));
        List<double[]> units = new ArrayList<>();
        for (int u = 0; u < Math.min(SHOWN_UNITS, w.rows); u++) {
            units.add(w.getRow(u).toArray());
        }
        dashboard.weights(epoch, side, units, w.rows);
    }

    /** The first {@code limit} misclassified images of {@code data}, in order; stops reading once it has them. */
    static List<Dashboard.Digit> firstMistakes(Network network, ImageDataset data, int limit) {
        List<Dashboard.Digit> found = new ArrayList<>();
        int chunk = 500;
        int n = data.size();
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        for (int from = 0; from < n && found.size() < limit; from += chunk) {
            int m = Math.min(chunk, n - from);
            DoubleMatrix x = new DoubleMatrix(data.inputSize(), m);
            DoubleMatrix y = new DoubleMatrix(data.outputSize(), m);
            data.copyBatch(order, from, x, y);
            DoubleMatrix a = network.feedforward(x);
            for (int i = 0; i < m && found.size() < limit; i++) {
                int predicted = Network.argmax(a, i);
                if (predicted != data.label(from + i)) {
                    found.add(new Dashboard.Digit(x.getColumn(i).toArray(), data.imageColumns(),
                            data.label(from + i), predicted));
                }
            }
        }
        return found;
    }

    private static String activations(Network network) {
        List<String> names = new ArrayList<>();
        for (int l = 0; l < network.numLayers() - 1; l++) {
            names.add(network.activation(l).name());
        }
        return "(" + String.join(", ", names) + ")";
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
