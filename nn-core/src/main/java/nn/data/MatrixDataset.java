package nn.data;

import java.util.Objects;
import java.util.function.IntUnaryOperator;
import nn.backend.BlasMatrix;
import nn.network.Network;
import org.jblas.DoubleMatrix;

/** A dataset held in memory as two matrices: inputs and targets, one example per column. */
public final class MatrixDataset implements Dataset {

    private final DoubleMatrix inputs;
    private final DoubleMatrix targets;
    private final int[] labels;

    private MatrixDataset(DoubleMatrix inputs, DoubleMatrix targets) {
        this.inputs = inputs;
        this.targets = targets;
        this.labels = new int[inputs.columns];
        for (int c = 0; c < labels.length; c++) {
            labels[c] = Network.argmax(targets, c);
        }
    }

    /**
     * A dataset of the given examples; the matrices are used as they are, not copied.
     *
     * @param inputs  one example per column
     * @param targets the desired output for each example, one per column
     * @return a dataset of {@code inputs.columns} examples that reads the given matrices; changing them changes
     *         it, though the labels are fixed here
     * @throws IllegalArgumentException if the column counts differ, there are no examples, or a value is not
     *                                  finite
     */
    public static MatrixDataset of(DoubleMatrix inputs, DoubleMatrix targets) {
        if (inputs.columns != targets.columns) {
            throw new IllegalArgumentException("inputs have " + inputs.columns + " columns (examples) but targets have "
                    + targets.columns);
        }
        if (inputs.columns == 0 || inputs.rows == 0 || targets.rows == 0) {
            throw new IllegalArgumentException("a dataset needs at least one example with at least one input and"
                    + " one target, got inputs " + inputs.rows + "×" + inputs.columns + " and targets "
                    + targets.rows + "×" + targets.columns);
        }
        checkFinite("inputs", inputs);
        checkFinite("targets", targets);
        return new MatrixDataset(inputs, targets);
    }

    /**
     * A classification dataset: the targets are the one-hot vectors of {@code labels}.
     *
     * @param inputs  one example per column, used as it is, not copied
     * @param labels  the class of each column, from 0 to {@code classes − 1}
     * @param classes the number of classes (output neurons)
     * @return a dataset whose targets are {@code classes × n} one-hot columns
     * @throws IllegalArgumentException if the counts differ, a label is out of range, there are no examples or
     *                                  an input is not finite
     */
    public static MatrixDataset ofLabels(DoubleMatrix inputs, int[] labels, int classes) {
        if (labels.length != inputs.columns) {
            throw new IllegalArgumentException("inputs have " + inputs.columns + " columns (examples) but there are "
                    + labels.length + " labels");
        }
        DoubleMatrix targets = new DoubleMatrix(classes, labels.length);
        for (int c = 0; c < labels.length; c++) {
            if (labels[c] < 0 || labels[c] >= classes) {
                throw new IllegalArgumentException("label " + c + " is " + labels[c] + ", expected 0 to "
                        + (classes - 1));
            }
            targets.put(labels[c], c, 1.0);
        }
        return of(inputs, targets);
    }

    /**
     * A classification dataset from plain arrays, one example per row, as most tabular data comes: no
     * transposing by hand. The rows are copied.
     *
     * @param rows    one example per row, every row as long as the first
     * @param labels  the class of each row, from 0 to {@code classes − 1}
     * @param classes the number of classes (output neurons)
     * @return the dataset
     * @throws IllegalArgumentException naming the row, if the rows are ragged, a value is not finite, the counts
     *                                  differ or a label is out of range
     */
    public static MatrixDataset ofRows(double[][] rows, int[] labels, int classes) {
        return ofLabels(columnsOf(rows, (r, i) -> rows[r][i], r -> rows[r].length), labels, classes);
    }

    /**
     * As {@link #ofRows(double[][], int[], int)} for {@code float} features (widened exactly).
     *
     * @param rows    one example per row, every row as long as the first
     * @param labels  the class of each row, from 0 to {@code classes − 1}
     * @param classes the number of classes (output neurons)
     * @return the dataset
     * @throws IllegalArgumentException as {@link #ofRows(double[][], int[], int)}
     */
    public static MatrixDataset ofRows(float[][] rows, int[] labels, int classes) {
        return ofLabels(columnsOf(rows, (r, i) -> rows[r][i], r -> rows[r].length), labels, classes);
    }

    /**
     * A dataset of any targets from plain arrays, one example per row (e.g. regression targets in [0, 1] for a
     * sigmoid output layer). The rows are copied.
     *
     * @param rows    one example's features per row, every row as long as the first
     * @param targets one example's desired output per row, every row as long as the first
     * @return the dataset
     * @throws IllegalArgumentException naming the row, if either array is ragged, the counts differ or a value is
     *                                  not finite
     */
    public static MatrixDataset ofRows(double[][] rows, double[][] targets) {
        if (targets.length != rows.length) {
            throw new IllegalArgumentException("there are " + rows.length + " rows of features but "
                    + targets.length + " rows of targets");
        }
        return of(columnsOf(rows, (r, i) -> rows[r][i], r -> rows[r].length),
                columnsOf(targets, (r, i) -> targets[r][i], r -> targets[r].length));
    }

    /** Reads entry i of row r. */
    private interface Entry {
        double get(int r, int i);
    }

    /** The transposed copy of rows: one column per row, checking that every row is as long as the first. */
    private static DoubleMatrix columnsOf(Object[] rows, Entry entry, IntUnaryOperator length) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("a dataset needs at least one example, got no rows");
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null) {
                throw new IllegalArgumentException("row " + r + " is null");
            }
        }
        int width = length.applyAsInt(0);
        DoubleMatrix m = new DoubleMatrix(width, rows.length);
        for (int r = 0; r < rows.length; r++) {
            int w = length.applyAsInt(r);
            if (w != width) {
                throw new IllegalArgumentException("row " + r + " has " + w + " values, expected " + width
                        + " like row 0");
            }
            for (int i = 0; i < width; i++) {
                m.put(i, r, entry.get(r, i));
            }
        }
        return m;
    }

    private static void checkFinite(String what, DoubleMatrix m) {
        for (int i = 0; i < m.length; i++) {
            if (!Double.isFinite(m.data[i])) {
                throw new IllegalArgumentException(what + " entry (" + (i % m.rows) + ", " + (i / m.rows)
                        + ") is " + m.data[i] + "; every value must be finite");
            }
        }
    }

    @Override
    public int size() {
        return inputs.columns;
    }

    @Override
    public int inputSize() {
        return inputs.rows;
    }

    @Override
    public int outputSize() {
        return targets.rows;
    }

    @Override
    public void copyBatch(int[] order, int from, int count, BlasMatrix x, BlasMatrix y) {
        Objects.checkFromIndexSize(from, count, order.length);
        for (int c = 0; c < count; c++) {
            int example = Objects.checkIndex(order[from + c], inputs.columns);
            x.put(c * inputs.rows, inputs.data, example * inputs.rows, inputs.rows);
            y.put(c * targets.rows, targets.data, example * targets.rows, targets.rows);
        }
    }

    @Override
    public int label(int index) {
        return labels[index];
    }
}
