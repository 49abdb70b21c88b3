package nn.examples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import nn.data.Dataset;
import nn.network.Network;

/**
 * How a network classifies a labelled dataset: {@code count(t, p)} examples of true class t were predicted as p.
 * Also keeps the misclassified examples (in dataset order) for the report's picture of them.
 */
final class ConfusionMatrix {

    /** A misclassified example: its index in the dataset, its true class and the predicted one. */
    record Mistake(int index, int actual, int predicted) {
    }

    private final int[][] counts;
    private final List<Mistake> mistakes;

    private ConfusionMatrix(int[][] counts, List<Mistake> mistakes) {
        this.counts = counts;
        this.mistakes = mistakes;
    }

    /** Classifies every example of {@code data} in one chunked pass on every core ({@link Network#predict}). */
    static ConfusionMatrix of(Network network, Dataset data) {
        int classes = network.outputSize();
        int[][] counts = new int[classes][classes];
        List<Mistake> mistakes = new ArrayList<>();
        int[] predictions = network.predict(data);
        for (int i = 0; i < predictions.length; i++) {
            int actual = data.label(i);
            int predicted = predictions[i];
            counts[actual][predicted]++;
            if (actual != predicted) {
                mistakes.add(new Mistake(i, actual, predicted));
            }
        }
        return new ConfusionMatrix(counts, Collections.unmodifiableList(mistakes));
    }

    /** Number of classes. */
    int classes() {
        return counts.length;
    }

    /** Examples of true class {@code actual} predicted as {@code predicted}. */
    int count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** Number of examples. */
    int total() {
        int total = 0;
        for (int[] row : counts) {
            for (int c : row) {
                total += c;
            }
        }
        return total;
    }

    /** Correctly classified examples: the diagonal. */
    int correct() {
        int correct = 0;
        for (int c = 0; c < counts.length; c++) {
            correct += counts[c][c];
        }
        return correct;
    }

    /** Of the examples predicted as {@code c}, the fraction that are {@code c}; NaN when none was predicted. */
    double precision(int c) {
        int predicted = 0;
        for (int[] row : counts) {
            predicted += row[c];
        }
        return predicted == 0 ? Double.NaN : (double) counts[c][c] / predicted;
    }

    /** Of the examples of class {@code c}, the fraction predicted as {@code c}; NaN when there are none. */
    double recall(int c) {
        int actual = 0;
        for (int v : counts[c]) {
            actual += v;
        }
        return actual == 0 ? Double.NaN : (double) counts[c][c] / actual;
    }

    /** The misclassified examples in dataset order. */
    List<Mistake> mistakes() {
        return mistakes;
    }

    /** The per-class precision and recall as a table, one line per class. */
    String classTable() {
        StringBuilder s = new StringBuilder("class  precision  recall  examples\n");
        for (int c = 0; c < counts.length; c++) {
            int examples = 0;
            for (int v : counts[c]) {
                examples += v;
            }
            s.append(String.format(Locale.ROOT, "%5d  %8.2f%%  %5.2f%%  %8d%n", c, 100 * precision(c),
                    100 * recall(c), examples));
        }
        return s.toString();
    }

    /** The matrix as text: one row per true class, one column per predicted class. */
    String matrixTable() {
        int width = Math.max(4, Integer.toString(total()).length() + 1);
        StringBuilder s = new StringBuilder("true \\ predicted\n     ");
        for (int p = 0; p < counts.length; p++) {
            s.append(String.format(Locale.ROOT, "%" + width + "d", p));
        }
        s.append('\n');
        for (int t = 0; t < counts.length; t++) {
            s.append(String.format(Locale.ROOT, "%5d", t));
            for (int p = 0; p < counts.length; p++) {
                s.append(String.format(Locale.ROOT, "%" + width + "d", counts[t][p]));
            }
            s.append('\n');
        }
        return s.toString();
    }
}
