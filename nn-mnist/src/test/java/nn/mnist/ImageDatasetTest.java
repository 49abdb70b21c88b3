package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Random;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/** ImageDataset widens bytes into mini-batches exactly, shares its arrays with slices and checks its arguments. */
class ImageDatasetTest {

    private static final int EXAMPLES = Integer.getInteger("nn.examples", 200);

    @Test
    void copyBatchWidensPixelsAndWritesOneHotTargets() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(1, 40), integers().between(1, 5), integers().between(1, 12), longs().all())
                .checkAssert((count, side, classes, seed) -> {
                    Random random = new Random(seed);
                    byte[] pixels = new byte[count * side * side];
                    random.nextBytes(pixels);
                    byte[] labels = new byte[count];
                    for (int i = 0; i < count; i++) {
                        labels[i] = (byte) random.nextInt(classes);
                    }
                    ImageDataset full = new ImageDataset(pixels, labels, side, side, classes);
                    int from = random.nextInt(count);
                    ImageDataset data = full.slice(from, count);
                    int[] order = shuffled(data.size(), random);
                    int start = random.nextInt(order.length);
                    int m = 1 + random.nextInt(order.length - start);
                    // Garbage in the destination must be overwritten, not accumulated.
                    DoubleMatrix inputs = DoubleMatrix.rand(side * side, m);
                    DoubleMatrix targets = DoubleMatrix.rand(classes, m);
                    data.copyBatch(order, start, inputs, targets);
                    for (int j = 0; j < m; j++) {
                        int example = from + order[start + j];
                        for (int p = 0; p < side * side; p++) {
                            assertEquals((pixels[example * side * side + p] & 0xFF) / 255.0, inputs.get(p, j));
                        }
                        for (int c = 0; c < classes; c++) {
                            assertEquals(c == labels[example] ? 1.0 : 0.0, targets.get(c, j));
                        }
                        assertEquals(labels[example], data.label(order[start + j]));
                    }
                });
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        return order;
    }

    @Test
    void slicesShareTheArraysAndNest() {
        byte[] pixels = {0, 1, 2, 3, 4, 5};
        byte[] labels = {0, 1, 2, 3, 4, 5};
        ImageDataset data = new ImageDataset(pixels, labels, 1, 1, 6);
        ImageDataset inner = data.slice(1, 5).slice(2, 4);
        assertEquals(2, inner.size());
        assertEquals(3, inner.label(0));
        pixels[4] = (byte) 255; // shared, not copied
        assertEquals(1.0, inner.pixel(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> inner.label(2));
        assertThrows(IndexOutOfBoundsException.class, () -> data.slice(4, 7));
    }

    @Test
    void unlabelledImagesHaveNoLabelAndZeroTargets() {
        ImageDataset data = new ImageDataset(new byte[] {(byte) 255, 0}, null, 1, 1, 10);
        assertFalse(data.isLabelled());
        assertEquals(ImageDataset.NO_LABEL, data.label(1));
        DoubleMatrix inputs = new DoubleMatrix(1, 2);
        DoubleMatrix targets = DoubleMatrix.ones(10, 2);
        data.copyBatch(new int[] {0, 1}, 0, inputs, targets);
        assertEquals(1.0, inputs.get(0, 0));
        assertEquals(0.0, targets.sum());
    }

    @Test
    void rejectsInconsistentArguments() {
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset(new byte[5], null, 2, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset(new byte[4], new byte[] {10}, 2, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset(new byte[8], new byte[] {1}, 2, 2, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset(new byte[0], null, 65536, 65536, 10));
        assertThrows(IllegalArgumentException.class, () -> new ImageDataset(new byte[0], null, 0, 65536, 10));
        ImageDataset data = new ImageDataset(new byte[8], new byte[] {1, 2}, 2, 2, 10);
        assertThrows(IllegalArgumentException.class,
                () -> data.copyBatch(new int[] {0, 1}, 0, new DoubleMatrix(3, 2), new DoubleMatrix(10, 2)));
        assertThrows(IndexOutOfBoundsException.class,
                () -> data.copyBatch(new int[] {0, 1}, 1, new DoubleMatrix(4, 2), new DoubleMatrix(10, 2)));
        assertThrows(IndexOutOfBoundsException.class,
                () -> data.copyBatch(new int[] {0, 2}, 0, new DoubleMatrix(4, 2), new DoubleMatrix(10, 2)));
    }
}
