package nn.examples;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nn.examples.sweep.Sweep;
import nn.examples.sweep.SweepReport;
import nn.examples.sweep.Trial;
import nn.examples.sweep.TrialResult;
import nn.examples.ui.Dashboard;
import nn.network.Evaluation;
import nn.training.EpochResult;

/**
 * Connects {@code nn sweep --ui} to the browser {@link Dashboard}: the sweep's progress, the table of configurations
 * by validation accuracy and the best trials' learning curves, each time a trial is recorded, and the chosen
 * configuration's test accuracy once it is measured.
 *
 * <p>Everything shown comes from the {@link SweepReport} the sweep prints and writes (one ranking, not a second
 * one). It is built on the thread that records the finished trial, once per trial, never per epoch; publishing
 * returns at once (the dashboard's mailboxes hold the latest state for each page, and a slow page never holds up
 * a trial).
 */
final class SweepDashboard implements AutoCloseable {

    private final Dashboard dashboard;
    private final int top;
    private final String runner;
    private SweepReport report;
    private int running;
    private boolean testing;
    private Dashboard.SweepTest test;

    private SweepDashboard(Dashboard dashboard, int top, String runner) {
        this.dashboard = dashboard;
        this.top = top;
        this.runner = runner;
    }

    /**
     * Starts the server as {@code train --ui} does (same checks, messages and loopback warning), before any data is
     * read or trial runs.
     *
     * @param top    how many trials' learning curves to show ({@code --top})
     * @param runner the runner's name, e.g. {@code local}
     */
    static SweepDashboard start(String host, int port, PrintWriter out, PrintWriter err, int top, String runner) {
        return new SweepDashboard(TrainingDashboard.open(host, port, "--ui", out, err), top, runner);
    }

    URI address() {
        return dashboard.address();
    }

    /** Shows the sweep's title and settings (shown in this order) while it runs. */
    void describe(String title, Map<String, String> settings) {
        dashboard.run(title, settings, Dashboard.State.SWEEPING);
    }

    /** The sweep now: called by {@link Sweep#run} after each recorded trial, on the thread that records them. */
    void update(SweepReport report, int running) {
        this.report = report;
        this.running = running;
        publish();
    }

    /** The chosen configuration is being trained again, to be measured on the test set. */
    void testing() {
        testing = true;
        publish();
    }

    /** The chosen configuration's test accuracy, measured once after the choice, trained with {@code seed}. */
    void tested(long seed, Evaluation e) {
        testing = false;
        test = new Dashboard.SweepTest(seed, e.correct(), e.size());
        publish();
    }

    /** Every trial has run and the choice is made: the page says so. */
    void finished() {
        testing = false;
        publish();
        dashboard.state(Dashboard.State.SWEEP_DONE);
    }

    /** Prints where the page is and blocks until the process is ended (Ctrl-C), as {@code train --ui} does. */
    void stayUp(PrintWriter out) {
        TrainingDashboard.stayUp(dashboard, out, "sweep done");
    }

    @Override
    public void close() {
        dashboard.close();
    }

    private void publish() {
        if (report != null) {
            dashboard.sweep(state(report, running, runner, top, testing, test));
        }
    }

    /**
     * What the page shows of {@code report}: its rows in its order, and the curves of its {@link
     * SweepReport#bestTrials best {@code top} trials}.
     */
    static Dashboard.SweepState state(SweepReport report, int running, String runner, int top, boolean testing,
                                      Dashboard.SweepTest test) {
        List<Dashboard.SweepRow> rows = new ArrayList<>();
        for (SweepReport.Row r : report.rows()) {
            List<String> values = new ArrayList<>();
            for (String option : report.varied()) {
                values.add(r.settings().getOrDefault(option, ""));
            }
            rows.add(new Dashboard.SweepRow(values, r.mean(), r.spread(), r.trials().size(), r.diverged(),
                    r.seconds()));
        }
        List<Dashboard.SweepCurve> curves = new ArrayList<>();
        List<TrialResult> best = report.bestTrials(top);
        for (int i = 0; i < best.size(); i++) {
            List<EpochResult> epochs = best.get(i).epochs();
            if (epochs.isEmpty()) {
                continue; // as in the report's picture: no epoch, no curve
            }
            double[] accuracy = new double[epochs.size()];
            for (int e = 0; e < accuracy.length; e++) {
                accuracy[e] = epochs.get(e).evaluationFraction();
            }
            curves.add(new Dashboard.SweepCurve(report.curveLabel(i + 1, best.get(i)), accuracy));
        }
        Map<String, String> fixed = report.fixed();
        return new Dashboard.SweepState(report.finished(), report.total(), running, runner,
                fixed.isEmpty() ? "" : Trial.describe(fixed), report.varied(), rows, curves, testing, test);
    }
}
