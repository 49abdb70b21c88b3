package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import nn.data.MatrixDataset;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/** Datasets from plain arrays, one example per row: the same dataset as the transposed matrices give. */
class RowsDatasetTest {

    private static final double[][] ROWS = {{1, 2, 3}, {4, 5, 6}};

    @Test
    void rowsBecomeColumns() {
        MatrixDataset data = MatrixDataset.ofRows(ROWS, new int[] {2, 0}, 3);
        assertEquals(2, data.size());
        assertEquals(3, data.inputSize());
        assertEquals(3, data.outputSize());
        assertEquals(2, data.label(0));
        assertEquals(0, data.label(1));
        DoubleMatrix x = FeatureScalingTest.inputs(data);
        assertArrayEquals(new DoubleMatrix(ROWS).transpose().data, x.data);
    }

    @Test
    void floatRowsWidenExactly() {
        float[][] rows = {{0.1f, 2.5f}, {-3f, 1e-7f}};
        DoubleMatrix x = FeatureScalingTest.inputs(MatrixDataset.ofRows(rows, new int[] {0, 1}, 2));
        assertArrayEquals(new double[] {0.1f, 2.5f, -3f, 1e-7f}, x.data);
    }

    @Test
    void targetRowsAreKeptAsTheyAre() {
        double[][] targets = {{0.25}, {0.75}};
        MatrixDataset data = MatrixDataset.ofRows(ROWS, targets);
        DoubleMatrix x = new DoubleMatrix(3, 2);
        DoubleMatrix y = new DoubleMatrix(1, 2);
        data.copyBatch(new int[] {1, 0}, 0, x, y);
        assertArrayEquals(new double[] {0.75, 0.25}, y.data);
        assertArrayEquals(new double[] {4, 5, 6, 1, 2, 3}, x.data);
    }

    @Test
    void badRowsAreNamed() {
        assertMessage("row 1 has 2 values, expected 3 like row 0",
                () -> MatrixDataset.ofRows(new double[][] {{1, 2, 3}, {4, 5}}, new int[] {0, 1}, 2));
        assertMessage("a dataset needs at least one example, got no rows",
                () -> MatrixDataset.ofRows(new double[0][], new int[0], 2));
        assertMessage("inputs have 2 columns (examples) but there are 3 labels",
                () -> MatrixDataset.ofRows(ROWS, new int[] {0, 1, 1}, 2));
        assertMessage("label 1 is 2, expected 0 to 1", () -> MatrixDataset.ofRows(ROWS, new int[] {0, 2}, 2));
        assertMessage("there are 2 rows of features but 1 rows of targets",
                () -> MatrixDataset.ofRows(ROWS, new double[][] {{1}}));
        assertMessage("inputs entry (1, 0) is NaN; every value must be finite",
                () -> MatrixDataset.ofRows(new double[][] {{1, Double.NaN}}, new int[] {0}, 1));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
