package nn.examples;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import nn.training.EpochResult;

/**
 * Shows training as it happens: one line per epoch (epoch, seconds, training cost, validation accuracy) and, on a
 * terminal, a live progress bar through the epoch's mini-batches and its evaluation passes. When the output is not
 * a terminal (a log file, a pipe) only the lines are written, so logs stay readable.
 */
final class EpochPrinter {

    private final PrintWriter out;
    private final PrintStream terminal;
    private ProgressBar bar;
    private int epochs;
    private int evaluationSize;

    /**
     * @param out      where the epoch lines go
     * @param terminal where the progress bar is drawn, or null for no progress bar
     */
    EpochPrinter(PrintWriter out, PrintStream terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** A printer that draws a progress bar on stderr when this process runs in a terminal. */
    static EpochPrinter forConsole(PrintWriter out) {
        return new EpochPrinter(out, System.console() != null ? System.err : null);
    }

    /** Sets how many examples each epoch's evaluation passes go through, for the progress bar. */
    void evaluationSize(int examples) {
        this.evaluationSize = examples;
    }

    void epochStarted(int epoch, int epochs, int miniBatches) {
        this.epochs = epochs;
        if (terminal == null) {
            return;
        }
        bar = new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %" + digits(epochs) + "d/%d", epoch, epochs))
                .setInitialMax(miniBatches)
                .setUnit(" mini-batches", 1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(200)
                .setConsumer(new ConsoleProgressBarConsumer(terminal))
                .clearDisplayOnFinish()
                .build();
    }

    void miniBatchDone(int done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    /** The mini-batches are done; the evaluation passes start. */
    void evaluating() {
        if (bar != null) {
            bar.setExtraMessage("evaluating");
        }
    }

    /** {@code examples} examples of this epoch's evaluation passes are done. */
    void evaluated(int examples) {
        if (bar != null && evaluationSize > 0) {
            bar.setExtraMessage(String.format(Locale.ROOT, "evaluating %d%%", 100L * examples / evaluationSize));
        }
    }

    /** The epoch was stopped part-way (Ctrl-C). */
    void epochAbandoned() {
        closeBar();
    }

    void epochEnded(EpochResult r) {
        closeBar();
        out.println(line(r, Math.max(epochs, r.epoch() + 1)));
        out.flush();
    }

    /**
     * The epoch line, e.g. {@code epoch  1/30    3.1 s  training cost 0.1021  validation 9052 / 10000 (90.52%)}.
     *
     * @param epochs the number of epochs of the run
     */
    static String line(EpochResult r, int epochs) {
        // A cost on its way to overflowing would take hundreds of digits in %.4f.
        String cost = Math.abs(r.trainingCost()) < 1e6 ? "%.4f" : "%.4g";
        return String.format(Locale.ROOT, "epoch %" + digits(epochs) + "d/%d  %6.1f s  training cost " + cost
                        + "  validation %d / %d (%.2f%%)", r.epoch() + 1, epochs, r.seconds(), r.trainingCost(),
                r.evaluationAccuracy(), r.evaluationSize(), 100.0 * r.evaluationFraction());
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    static int digits(int n) {
        return Integer.toString(n).length();
    }
}
