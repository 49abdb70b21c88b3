package nn.examples.sweep;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nn.internal.AtomicFiles;
import nn.training.EpochResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The sweep's results, configuration by configuration: the table sorted by validation accuracy (the last epoch's,
 * mean ± sample standard deviation over the seeds), the heat map of a two-parameter grid and the learning curves of
 * the best trials. Nothing here sees the test set: this is what the configuration is chosen on.
 */
public final class SweepReport {

    /**
     * One configuration's trials.
     *
     * @param settings the configuration
     * @param trials   its finished trials, one per seed
     * @param mean     mean validation accuracy (last epoch) over the seeds, in [0, 1]
     * @param spread   sample standard deviation of it (0 for one seed)
     * @param diverged how many of its trials diverged
     * @param seconds  mean seconds per trial
     */
    public record Row(Map<String, String> settings, List<TrialResult> trials, double mean, double spread,
                      int diverged, double seconds) {
    }

    private final List<String> varied;
    private final List<Row> rows;
    private final List<TrialResult> all;
    private final int missing;

    private SweepReport(List<String> varied, List<Row> rows, List<TrialResult> all, int missing) {
        this.varied = varied;
        this.rows = rows;
        this.all = all;
        this.missing = missing;
    }

    /**
     * Groups the results of {@code trials} (others in {@code results} are ignored) by configuration.
     *
     * @param varied  the options the spec varies, shown as the table's columns
     * @param trials  the sweep's trials; those without a result are counted as not run yet
     * @param results finished trials by {@link Trial#key()}
     * @return the report, its rows sorted best first: configurations none of whose trials diverged before any that
     *         did, each group by mean validation accuracy, highest first
     */
    public static SweepReport of(List<String> varied, List<Trial> trials, Map<String, TrialResult> results) {
        Map<Map<String, String>, List<TrialResult>> byConfiguration = new LinkedHashMap<>();
        List<TrialResult> all = new ArrayList<>();
        int missing = 0;
        for (Trial t : trials) {
            TrialResult r = results.get(t.key());
            List<TrialResult> group = byConfiguration.computeIfAbsent(t.settings(), k -> new ArrayList<>());
            if (r == null) {
                missing++;
            } else {
                group.add(r);
                all.add(r);
            }
        }
        List<Row> rows = new ArrayList<>();
        byConfiguration.forEach((settings, group) -> {
            if (group.isEmpty()) {
                return;
            }
            double mean = group.stream().mapToDouble(TrialResult::validationFraction).average().orElse(0);
            double squares = group.stream().mapToDouble(r -> Math.pow(r.validationFraction() - mean, 2)).sum();
            double spread = group.size() > 1 ? Math.sqrt(squares / (group.size() - 1)) : 0.0;
            int diverged = (int) group.stream().filter(r -> r.diverged() != null).count();
            double seconds = group.stream().mapToDouble(TrialResult::seconds).average().orElse(0);
            rows.add(new Row(settings, List.copyOf(group), mean, spread, diverged, seconds));
        });
        // A configuration that diverged for some seed ranks after every one that never did, however far its other
        // seeds got: its network cannot be trusted to train.
        rows.sort(Comparator.comparing((Row r) -> r.diverged() > 0).thenComparing(Row::mean,
                Comparator.reverseOrder()));
        return new SweepReport(List.copyOf(varied), List.copyOf(rows), all, missing);
    }

    /** {@return the configurations that have a finished trial, best first} */
    public List<Row> rows() {
        return rows;
    }

    /**
     * {@return the chosen configuration: the highest mean validation accuracy, preferring one that never diverged;
     * null when no trial has finished}
     */
    public Row best() {
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** {@return the options the spec varies, the table's columns, in the spec's order} */
    public List<String> varied() {
        return varied;
    }

    /**
     * {@return the settings every configuration shares (the options that are not varied), in the spec's order;
     * empty when no trial has finished}
     */
    public Map<String, String> fixed() {
        Map<String, String> fixed = new LinkedHashMap<>();
        if (!rows.isEmpty()) {
            fixed.putAll(rows.get(0).settings());
            fixed.keySet().removeAll(varied);
        }
        return fixed;
    }

    /** {@return how many of the sweep's trials have a result} */
    public int finished() {
        return all.size();
    }

    /** {@return how many trials the sweep has, finished or not} */
    public int total() {
        return all.size() + missing;
    }

    /**
     * The {@code k} trials with the best last-epoch validation accuracy, whose learning curves the report draws.
     *
     * @param k how many trials, at most
     * @return up to {@code k} finished trials, best first; of equal accuracy, the one earlier in the sweep first
     */
    public List<TrialResult> bestTrials(int k) {
        List<TrialResult> best = new ArrayList<>(all);
        best.sort(Comparator.comparingDouble(TrialResult::validationFraction).reversed());
        return List.copyOf(best.subList(0, Math.min(k, best.size())));
    }

    /**
     * The name of a trial's learning curve: its place among {@link #bestTrials}, the varied options' values and
     * its seed.
     *
     * @param place the trial's place among the best, from 1
     * @param trial the trial
     * @return e.g. {@code 1. eta=3 lambda=0 seed 2}
     */
    public String curveLabel(int place, TrialResult trial) {
        Map<String, String> shown = new LinkedHashMap<>();
        for (String v : varied) {
            shown.put(v, trial.settings().get(v));
        }
        return place + ". " + (shown.isEmpty() ? "" : Trial.describe(shown) + " ") + "seed " + trial.seed();
    }

    /**
     * {@return the table, one line per configuration, best first, with a header, and a last line counting the trials
     * not run yet, if any}
     */
    public String table() {
        StringBuilder s = new StringBuilder();
        List<String> columns = new ArrayList<>(varied);
        List<Integer> widths = new ArrayList<>();
        for (String c : columns) {
            int w = c.length();
            for (Row r : rows) {
                w = Math.max(w, r.settings().getOrDefault(c, "").length());
            }
            widths.add(w);
        }
        Map<String, String> fixed = fixed();
        if (!fixed.isEmpty()) {
            s.append("every configuration: ").append(Trial.describe(fixed)).append('\n');
        }
        s.append(String.format(Locale.ROOT, "%4s", "rank"));
        for (int i = 0; i < columns.size(); i++) {
            s.append("  ").append(pad(columns.get(i), widths.get(i)));
        }
        s.append("  validation accuracy (mean ± sd)  seeds  seconds\n");
        for (int k = 0; k < rows.size(); k++) {
            Row r = rows.get(k);
            s.append(String.format(Locale.ROOT, "%4d", k + 1));
            for (int i = 0; i < columns.size(); i++) {
                s.append("  ").append(pad(r.settings().getOrDefault(columns.get(i), ""), widths.get(i)));
            }
            s.append(String.format(Locale.ROOT, "  %14.2f%% ± %5.2f        %5d  %7.1f", 100 * r.mean(),
                    100 * r.spread(), r.trials().size(), r.seconds()));
            if (r.diverged() > 0) {
                s.append("  (").append(r.diverged()).append(" diverged)");
            }
            s.append('\n');
        }
        if (missing > 0) {
            s.append(missing).append(" trials have not run yet\n");
        }
        return s.toString();
    }

    /** {@return whether a heat map can be drawn: exactly two options vary} */
    public boolean hasHeatMap() {
        return varied.size() == 2;
    }

    /**
     * Writes the heat map of mean validation accuracy over the two varied options (the first across, the second
     * up), each cell labelled with its percentage.
     *
     * @param png the PNG file to write, 720 × 560 pixels, replaced atomically if it exists
     * @throws IOException if the file cannot be written or its path is not a regular file
     * @throws IndexOutOfBoundsException if fewer than two options vary (see {@link #hasHeatMap()})
     */
    public void writeHeatMap(Path png) throws IOException {
        String x = varied.get(0);
        String y = varied.get(1);
        List<String> xs = new ArrayList<>();
        List<String> ys = new ArrayList<>();
        for (Row r : rows) {
            if (!xs.contains(r.settings().get(x))) {
                xs.add(r.settings().get(x));
            }
            if (!ys.contains(r.settings().get(y))) {
                ys.add(r.settings().get(y));
            }
        }
        Comparator<String> numeric = SweepReport::compareValues;
        xs.sort(numeric);
        ys.sort(numeric);
        List<Number[]> cells = new ArrayList<>();
        double min = 100;
        double max = 0;
        for (Row r : rows) {
            double percent = Math.round(1000 * r.mean()) / 10.0;
            cells.add(new Number[] {xs.indexOf(r.settings().get(x)), ys.indexOf(r.settings().get(y)), percent});
            min = Math.min(min, percent);
            max = Math.max(max, percent);
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(720).height(560)
                .title("Validation accuracy (%), mean over seeds").xAxisTitle(x).yAxisTitle(y).build();
        chart.addSeries("validation", xs, ys, cells);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0.0");
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMin(min);
        chart.getStyler().setMax(max > min ? max : min + 1);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xFFF7EC), new Color(0xFDBB84),
                new Color(0xD7301F)});
        chart.getStyler().setValueFontColor(Color.BLACK);
        writePng(png, chart);
    }

    /**
     * Writes the validation accuracy per epoch of the {@code k} trials with the best last-epoch accuracy.
     *
     * @param png the PNG file to write, 900 × 560 pixels, replaced atomically if it exists
     * @param k   how many trials to draw, at most; a trial without a completed epoch is left out
     * @throws IOException if the file cannot be written or its path is not a regular file
     */
    public void writeCurves(Path png, int k) throws IOException {
        List<TrialResult> best = bestTrials(k);
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("Learning curves of the best " + best.size() + " trials")
                .xAxisTitle("epoch").yAxisTitle("validation accuracy (%)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xDDDDDD));
        chart.getStyler().setXAxisDecimalPattern("0");
        for (int i = 0; i < best.size(); i++) {
            TrialResult r = best.get(i);
            List<Integer> epochs = new ArrayList<>();
            List<Double> accuracy = new ArrayList<>();
            for (EpochResult e : r.epochs()) {
                epochs.add(e.epoch() + 1);
                accuracy.add(100 * e.evaluationFraction());
            }
            if (epochs.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries(curveLabel(i + 1, r), epochs, accuracy);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        writePng(png, chart);
    }

    private static void writePng(Path png, org.knowm.xchart.internal.chartpart.Chart<?, ?> chart)
            throws IOException {
        byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        if (Files.exists(png) && !Files.isRegularFile(png)) {
            throw new IOException(png + ": not a regular file, so it is not replaced");
        }
        AtomicFiles.write(png, bytes);
    }

    /** Numbers in numeric order, anything else as text. */
    static int compareValues(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }
}
