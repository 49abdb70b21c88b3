package nn.core;

import java.util.Objects;
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
     * @param classes the number of classes (output neurons)
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
