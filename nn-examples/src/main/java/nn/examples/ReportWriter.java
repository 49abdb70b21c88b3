package nn.examples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import nn.internal.AtomicFiles;
import nn.mnist.ImageDataset;
import nn.network.Network;
import nn.training.EpochResult;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes {@code train --report DIR}: what a person would rather look at than read.
 * <ul>
 *   <li>{@code learning-curves.png}: cost and accuracy per epoch, training and validation (XChart);</li>
 *   <li>{@code confusion-matrix.png}: the test set's confusion matrix as a heat map (XChart);</li>
 *   <li>{@code misclassified.png}: misclassified test digits labelled with predicted and true class;</li>
 *   <li>{@code augmented.png}, with {@code --augment}: training images as augmented in the run;</li>
 *   <li>{@code history.csv} and {@code history.json}: every epoch's figures, the settings and the test result.</li>
 * </ul>
 * Every file is written atomically.
 */
final class ReportWriter {

    static final String LEARNING_CURVES = "learning-curves.png";
    static final String CONFUSION_MATRIX = "confusion-matrix.png";
    static final String MISCLASSIFIED = "misclassified.png";
    static final String AUGMENTED = "augmented.png";
    static final String HISTORY_CSV = "history.csv";
    static final String HISTORY_JSON = "history.json";
    /** Every file written into the report's directory. */
    static final java.util.List<String> FILES = java.util.List.of(LEARNING_CURVES, CONFUSION_MATRIX, MISCLASSIFIED,
            AUGMENTED, HISTORY_CSV, HISTORY_JSON);

    private final Path directory;

    ReportWriter(Path directory) {
        this.directory = directory;
    }

    /** Writes every file of the report. */
    void write(List<EpochResult> history, ConfusionMatrix confusion, ImageDataset test, TrainSettings settings,
               Network network) throws IOException {
        writeCsv(history);
        writeJson(history, confusion, settings, network);
        writePng(LEARNING_CURVES, learningCurves(history));
        writePng(CONFUSION_MATRIX, BitmapEncoder.getBufferedImage(heatMap(confusion)));
        writePng(MISCLASSIFIED, MisclassifiedGrid.draw(confusion.mistakes(), test));
    }

    /**
     * Writes {@link #AUGMENTED}: the first training image of each class and what {@code augmentation} made of it
     * ({@link AugmentedGrid}).
     *
     * @param seed the augmentation's seed, as training used it
     */
    void writeAugmented(nn.data.Augmentation augmentation, ImageDataset training, long seed) throws IOException {
        writePng(AUGMENTED, AugmentedGrid.draw(augmentation, training, seed));
    }

    private void writeCsv(List<EpochResult> history) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,seconds,training_cost,training_accuracy,training_size,"
                + "validation_cost,validation_accuracy,validation_size,eta\n");
        for (EpochResult r : history) {
            // Costs in full precision (Double.toString round-trips), so the CSV can be compared run against run.
            csv.append(r.epoch() + 1).append(',').append(String.format(Locale.ROOT, "%.3f", r.seconds())).append(',')
                    .append(r.trainingCost()).append(',').append(r.trainingAccuracy()).append(',')
                    .append(r.trainingSize()).append(',').append(r.evaluationCost()).append(',')
                    .append(r.evaluationAccuracy()).append(',').append(r.evaluationSize()).append(',')
                    .append(r.eta()).append('\n');
        }
        AtomicFiles.write(directory.resolve(HISTORY_CSV), csv.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void writeJson(List<EpochResult> history, ConfusionMatrix confusion, TrainSettings settings,
                           Network network) throws IOException {
        ObjectNode root = Checkpoint.MAPPER.createObjectNode();
        root.set("sizes", Checkpoint.MAPPER.valueToTree(network.sizes()));
        root.put("cost", network.cost().name());
        root.set("settings", Checkpoint.MAPPER.valueToTree(settings));
        var epochs = root.putArray("epochs");
        for (EpochResult r : history) {
            // The trainer's words: epochs from 1, and its evaluation data is the validation set.
            epochs.addObject().put("epoch", r.epoch() + 1).put("seconds", r.seconds())
                    .put("training_cost", r.trainingCost()).put("training_accuracy", r.trainingAccuracy())
                    .put("training_size", r.trainingSize()).put("validation_cost", r.evaluationCost())
                    .put("validation_accuracy", r.evaluationAccuracy()).put("validation_size", r.evaluationSize())
                    .put("eta", r.eta());
        }
        ObjectNode test = root.putObject("test");
        test.put("correct", confusion.correct());
        test.put("size", confusion.total());
        int[][] matrix = new int[confusion.classes()][confusion.classes()];
        for (int t = 0; t < matrix.length; t++) {
            for (int p = 0; p < matrix.length; p++) {
                matrix[t][p] = confusion.count(t, p);
            }
        }
        test.set("confusion_matrix", Checkpoint.MAPPER.valueToTree(matrix));
        AtomicFiles.write(directory.resolve(HISTORY_JSON), out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            Checkpoint.MAPPER.writerWithDefaultPrettyPrinter().writeValue(writer, root);
            writer.flush();
        });
    }

    private void writePng(String name, BufferedImage image) throws IOException {
        AtomicFiles.write(directory.resolve(name), out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer in this Java runtime");
            }
        });
    }

    /** Cost (left) and accuracy (right) per epoch, training and validation, side by side. */
    static BufferedImage learningCurves(List<EpochResult> history) {
        List<Integer> epochs = new ArrayList<>();
        List<Double> trainingCost = new ArrayList<>();
        List<Double> validationCost = new ArrayList<>();
        List<Double> trainingAccuracy = new ArrayList<>();
        List<Double> validationAccuracy = new ArrayList<>();
        for (EpochResult r : history) {
            epochs.add(r.epoch() + 1);
            trainingCost.add(r.trainingCost());
            validationCost.add(r.evaluationCost());
            trainingAccuracy.add(100 * r.trainingFraction());
            validationAccuracy.add(100 * r.evaluationFraction());
        }
        XYChart cost = chart("Cost per epoch", "cost (network2's total_cost)");
        addSeries(cost, "training", epochs, trainingCost, new Color(0x1f77b4));
        addSeries(cost, "validation", epochs, validationCost, new Color(0xff7f0e));
        XYChart accuracy = chart("Accuracy per epoch", "accuracy (%)");
        addSeries(accuracy, "training", epochs, trainingAccuracy, new Color(0x1f77b4));
        addSeries(accuracy, "validation", epochs, validationAccuracy, new Color(0xff7f0e));

        BufferedImage left = BitmapEncoder.getBufferedImage(cost);
        BufferedImage right = BitmapEncoder.getBufferedImage(accuracy);
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(),
                Math.max(left.getHeight(), right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, both.getWidth(), both.getHeight());
            g.drawImage(left, 0, 0, null);
            g.drawImage(right, left.getWidth(), 0, null);
        } finally {
            g.dispose();
        }
        return both;
    }

    private static XYChart chart(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(640).height(440).title(title).xAxisTitle("epoch")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xDDDDDD));
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    private static void addSeries(XYChart chart, String name, List<Integer> x, List<Double> y, Color color) {
        var series = chart.addSeries(name, x, y);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(x.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
    }

    /**
     * The confusion matrix as a heat map, true class down, predicted class across, each cell labelled with its
     * count. The colour follows log(1 + count), so that the few dozen mistakes in a cell stand out next to the
     * thousand correct answers on the diagonal: XChart spaces its colour stops evenly over the counts, so many
     * stops are given, each coloured by the logarithm of the count where it sits.
     */
    static HeatMapChart heatMap(ConfusionMatrix confusion) {
        int classes = confusion.classes();
        List<Integer> predicted = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            predicted.add(c);
        }
        // Row 0 at the top, as in a printed matrix: XChart's y axis grows upwards, so true class t sits at position
        // classes-1-t and the axis labels are reversed to match.
        List<String> actual = new ArrayList<>();
        for (int t = classes - 1; t >= 0; t--) {
            actual.add(Integer.toString(t));
        }
        List<Number[]> cells = new ArrayList<>();
        int max = 1;
        for (int t = 0; t < classes; t++) {
            for (int p = 0; p < classes; p++) {
                cells.add(new Number[] {p, classes - 1 - t, confusion.count(t, p)});
                max = Math.max(max, confusion.count(t, p));
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(720).height(640)
                .title(String.format(Locale.ROOT, "Confusion matrix: %d / %d test images right (%.2f%%)",
                        confusion.correct(), confusion.total(), 100.0 * confusion.correct() / confusion.total()))
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        chart.addSeries("test", predicted, actual, cells);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMin(0);
        chart.getStyler().setMax(max);
        chart.getStyler().setRangeColors(logColourStops(max, 128));
        chart.getStyler().setValueFontColor(Color.BLACK);
        return chart;
    }

    /** {@code stops} colours for counts evenly spaced over [0, max], white to red by log(1 + count). */
    static Color[] logColourStops(int max, int stops) {
        Color[] palette = {Color.WHITE, new Color(0xFEE8C8), new Color(0xFDBB84), new Color(0xEF6548)};
        Color[] colours = new Color[stops];
        for (int i = 0; i < stops; i++) {
            double count = (double) max * i / (stops - 1);
            double f = Math.log1p(count) / Math.log1p(max) * (palette.length - 1);
            int k = Math.min(palette.length - 2, (int) f);
            double u = f - k;
            Color a = palette[k];
            Color b = palette[k + 1];
            colours[i] = new Color((int) Math.round(a.getRed() + u * (b.getRed() - a.getRed())),
                    (int) Math.round(a.getGreen() + u * (b.getGreen() - a.getGreen())),
                    (int) Math.round(a.getBlue() + u * (b.getBlue() - a.getBlue())));
        }
        return colours;
    }
}
