package nn.examples.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nn.examples.TrainOptions;
import nn.mnist.ImageDataset;
import nn.network.Evaluation;

/**
 * Runs a sweep: the trials not yet in the results file on a {@link TrialRunner}, each result added to the file as
 * it arrives, then the report, and last the test accuracy of the chosen configuration, measured once.
 */
public final class Sweep {

    /**
     * Told how a sweep stands, e.g. the browser dashboard of {@code nn sweep --ui}. It is called on the thread that
     * records the results, between recording one trial and taking the next, so it must be quick; it is never called
     * per epoch.
     */
    @FunctionalInterface
    public interface Watcher {
        /**
         * The sweep now: called once before any trial runs (with the trials the results file already holds), after
         * each trial is recorded, and once when the runner has finished.
         *
         * @param report  the report of every trial of this sweep recorded so far
         * @param running how many trials are running now; -1 when the runner cannot tell (any runner but the local
         *                one: Spark decides how many of its tasks run at once)
         */
        void update(SweepReport report, int running);
    }

    private final SweepSpec spec;
    private final List<Trial> trials;
    private final ResultsFile results;
    private final PrintWriter out;

    /**
     * @param spec    what to try; its configurations are checked here, before anything runs
     * @param results where finished trials are recorded and looked up
     * @param out     where progress and the report are printed
     * @throws IllegalArgumentException if the trainer refuses a configuration
     */
    public Sweep(SweepSpec spec, ResultsFile results, PrintWriter out) {
        this.spec = spec;
        this.trials = spec.trials();
        this.results = results;
        this.out = out;
    }

    /** {@return every trial of the sweep, configuration by configuration, each configuration with every seed} */
    public List<Trial> trials() {
        return trials;
    }

    /**
     * Checks that every configuration's network fits the data, before any trial runs.
     *
     * @param inputs  the pixels per image of the data, e.g. 784
     * @param classes the number of classes of the data, e.g. 10
     * @throws IllegalArgumentException saying which sizes do not fit, if one does not
     */
    public void checkFits(int inputs, int classes) {
        for (Trial t : trials) {
            t.options().checkFits(inputs, classes);
        }
    }

    /**
     * Runs the trials that the results file does not hold yet, appending each result to the file and printing a
     * line as it arrives.
     *
     * @param runner      where the trials run: this machine's cores or Spark
     * @param data        the training and validation images every trial uses
     * @param parallelism how many trials to run at once, for a runner that decides that (the local one)
     * @return the results of every trial of this sweep, by key ({@link Trial#key()}), in the sweep's order; those
     *         run before come from the results file
     * @throws IOException if the results file cannot be read or a result cannot be appended to it
     * @throws Exception   if a trial fails for good; the results recorded before that stay in the file
     */
    public Map<String, TrialResult> run(TrialRunner runner, TrialData data, int parallelism) throws Exception {
        return run(runner, data, parallelism, null);
    }

    /**
     * As {@link #run(TrialRunner, TrialData, int)}, telling {@code watcher} how the sweep stands before the first
     * trial, after each trial is recorded and at the end.
     *
     * @param runner      where the trials run: this machine's cores or Spark
     * @param data        the training and validation images every trial uses
     * @param parallelism how many trials to run at once, for a runner that decides that (the local one)
     * @param watcher     told the report after each recorded trial, on this thread; null for none
     * @return the results of every trial of this sweep, by key ({@link Trial#key()}), in the sweep's order; those
     *         run before come from the results file
     * @throws IOException if the results file cannot be read or a result cannot be appended to it
     * @throws Exception   if a trial fails for good; the results recorded before that stay in the file
     */
    public Map<String, TrialResult> run(TrialRunner runner, TrialData data, int parallelism, Watcher watcher)
            throws Exception {
        Map<String, TrialResult> done = results.read();
        List<Trial> pending = new ArrayList<>();
        for (Trial t : trials) {
            if (!done.containsKey(t.key())) {
                pending.add(t);
            }
        }
        int configurations = (int) trials.stream().map(Trial::settings).distinct().count();
        out.println(String.format(Locale.ROOT, "sweep: %d trials (%d configurations × %d seeds, %s search);"
                        + " %d already in %s; %d to run on %s%s", trials.size(), configurations,
                spec.seeds().size(), spec.search().name().toLowerCase(Locale.ROOT), trials.size() - pending.size(),
                results.path(), pending.size(), runner.name(),
                runner.name().equals(LocalRunner.NAME) ? ", " + Math.min(parallelism, Math.max(1, pending.size()))
                        + " at a time" : ""));
        out.flush();
        int[] finished = {trials.size() - pending.size()};
        // The local runner keeps this many threads busy while trials are left: a thread that finishes one takes
        // the next at once.
        int threads = runner.name().equals(LocalRunner.NAME) ? Math.min(parallelism, pending.size()) : -1;
        if (watcher != null) {
            watcher.update(report(done), running(threads, pending.size()));
        }
        int[] ran = {0};
        long start = System.nanoTime();
        runner.run(pending, data, parallelism, result -> {
            results.append(result);
            finished[0]++;
            out.println(String.format(Locale.ROOT, "trial %d/%d  %6.1f s  %s seed %d: %s", finished[0],
                    trials.size(), result.seconds(), Trial.describe(result.settings()), result.seed(),
                    result.diverged() != null ? result.diverged() : validation(result)));
            out.flush();
            if (watcher != null) {
                done.put(result.key(), result);
                ran[0]++;
                watcher.update(report(done), running(threads, pending.size() - ran[0]));
            }
        });
        if (!pending.isEmpty()) {
            out.println(String.format(Locale.ROOT, "ran %d trials in %.1f s on %s", pending.size(),
                    (System.nanoTime() - start) / 1e9, runner.name()));
        }
        Map<String, TrialResult> all = results.read();
        Map<String, TrialResult> mine = new LinkedHashMap<>();
        for (Trial t : trials) {
            if (all.containsKey(t.key())) {
                mine.put(t.key(), all.get(t.key()));
            }
        }
        if (watcher != null) {
            watcher.update(report(mine), 0);
        }
        return mine;
    }

    /** Trials running while {@code left} are unfinished on {@code threads} threads; -1 when not known. */
    private static int running(int threads, int left) {
        return threads < 0 ? -1 : Math.min(threads, left);
    }

    /**
     * The report of this sweep's results.
     *
     * @param results finished trials by key, as {@link #run} returns them; trials of other sweeps are ignored
     * @return the table, heat map and curves of this sweep's configurations
     */
    public SweepReport report(Map<String, TrialResult> results) {
        return SweepReport.of(spec.varied(), trials,
                results);
    }

    /**
     * Prints the table and, when {@code reportDir} is given, writes it with the heat map (for a two-parameter
     * grid) and the learning curves of the best {@code top} trials.
     *
     * @param report    the report of this sweep's results
     * @param reportDir the directory for {@code table.txt}, {@code heat-map.png} and {@code learning-curves.png},
     *                  created when missing; {@code null} to print the table only
     * @param top       how many trials' learning curves to draw, the best by last-epoch validation accuracy
     * @throws IOException if the directory or a file cannot be written, or a file's path is not a regular file
     */
    public void writeReport(SweepReport report, Path reportDir, int top) throws IOException {
        out.println();
        out.print(report.table());
        if (reportDir != null) {
            Files.createDirectories(reportDir);
            nn.internal.AtomicFiles.write(reportDir.resolve("table.txt"),
                    report.table().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (report.hasHeatMap() && spec.search() == SweepSpec.Search.GRID) {
                report.writeHeatMap(reportDir.resolve("heat-map.png"));
            }
            report.writeCurves(reportDir.resolve("learning-curves.png"), top);
            out.println("wrote the table, " + (report.hasHeatMap() && spec.search() == SweepSpec.Search.GRID
                    ? "the heat map " : "") + "and the learning curves to " + reportDir);
        }
        out.flush();
    }

    /**
     * Trains the chosen configuration again with its first seed (which reproduces its trial exactly, and is
     * checked to) and measures that network on the test set: the only time a sweep looks at the test set.
     *
     * @param report the report of this sweep's results, whose {@link SweepReport#best()} is the chosen one
     * @param data   the training and validation images the trials used
     * @param test   the test images, looked at here only
     * @return the test figures, or null when no trial has finished
     */
    public Evaluation testChosen(SweepReport report, TrialData data, ImageDataset test) {
        SweepReport.Row best = report.best();
        if (best == null) {
            return null;
        }
        TrialResult first = chosenTrial(report);
        Trial trial = new Trial(best.settings(), first.seed());
        TrainOptions.Run run = trial.options().train(data.training(), data.validation(), trial.seed());
        TrialResult again = new TrialResult(trial.settings(), trial.seed(), run.history(), 0, run.backend(),
                run.diverged(), LocalRunner.NAME);
        if (!again.sameFigures(first)) {
            out.println("note: training the chosen configuration again did not reproduce its trial's figures"
                    + " (was the trial run on another backend, " + first.backend() + "?)");
        }
        Evaluation e = run.network().evaluate(test);
        out.println(String.format(Locale.ROOT, "chosen on validation accuracy: %s (%.2f%% ± %.2f over %d seeds)",
                Trial.describe(best.settings()), 100 * best.mean(), 100 * best.spread(), best.trials().size()));
        out.println(String.format(Locale.ROOT, "test accuracy of the chosen configuration (seed %d), measured once"
                        + " after the choice: %d / %d (%.2f%%)", trial.seed(), e.correct(), e.size(),
                100.0 * e.correct() / e.size()));
        out.flush();
        return e;
    }

    /**
     * The trial {@link #testChosen} trains again: the chosen configuration's trial with the first of the spec's
     * seeds that it has.
     *
     * @param report the report of this sweep's results, whose {@link SweepReport#best()} is the chosen one
     * @return that trial's result, or null when no trial has finished
     */
    public TrialResult chosenTrial(SweepReport report) {
        SweepReport.Row best = report.best();
        if (best == null) {
            return null;
        }
        TrialResult first = best.trials().get(0);
        for (TrialResult r : best.trials()) {
            if (spec.seeds().indexOf(r.seed()) < spec.seeds().indexOf(first.seed())) {
                first = r;
            }
        }
        return first;
    }

    private static String validation(TrialResult r) {
        if (r.epochs().isEmpty()) {
            return "no epoch";
        }
        var last = r.epochs().get(r.epochs().size() - 1);
        return String.format(Locale.ROOT, "validation %d / %d (%.2f%%)", last.evaluationAccuracy(),
                last.evaluationSize(), 100 * last.evaluationFraction());
    }
}
