package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import nn.backend.BlasMatrix;
import nn.data.AffineDistortion;
import nn.data.Augmentation;
import nn.data.Dataset;
import nn.data.Distortion;
import nn.data.ElasticDistortion;
import nn.data.MatrixDataset;
import nn.data.PixelShifts;
import nn.internal.HeapMatrix;
import nn.network.Evaluation;
import nn.network.Network;
import nn.training.EpochResult;
import nn.training.Sgd;
import nn.training.TrainingHistory;
import nn.training.TrainingListener;
import nn.training.TrainingState;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The augmentations ({@link Augmentation}): labels and targets kept, pixels in [0, 1], the book's shifts exact,
 * random distortions a function of (seed, epoch, index) only, and copies that allocate nothing.
 */
class AugmentationTest {

    /** Every augmentation, including strong ones that push much of the image outside its frame. */
    private static final Augmentation[] ALL = {
        Augmentation.shifts(),
        Augmentation.affine(),
        Augmentation.elastic(),
        AffineDistortion.of(180, 0.3, 3, 10),
        ElasticDistortion.of(300, 1),
    };

    /** Images of rows × columns with pixels uniform in [0, 1] (a tenth of them exactly 0 or 1) and labels. */
    private static MatrixDataset images(int n, int rows, int columns, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DoubleMatrix x = new DoubleMatrix(rows * columns, n);
        for (int i = 0; i < x.length; i++) {
            double u = random.nextDouble();
            x.data[i] = u < 0.05 ? 0.0 : u < 0.1 ? 1.0 : random.nextDouble();
        }
        return MatrixDataset.ofLabels(x, random.ints(n, 0, classes).toArray(), classes);
    }

    /** Copies every example of {@code data}, in index order, as one batch. */
    private static DoubleMatrix[] copyAll(Dataset data) {
        DoubleMatrix x = new DoubleMatrix(data.inputSize(), data.size());
        DoubleMatrix y = new DoubleMatrix(data.outputSize(), data.size());
        data.copyBatch(java.util.stream.IntStream.range(0, data.size()).toArray(), 0, x, y);
        return new DoubleMatrix[] {x, y};
    }

    @Test
    void augmentedImagesKeepTheirLabelAndTargetAndTheirPixelsStayInZeroToOne() {
        RandomCases.theory().forAll(
                integers().between(0, ALL.length - 1),
                integers().between(1, 9),
                integers().between(1, 9),
                longs().all())
            .checkAssert((which, rows, columns, seed) -> {
                Augmentation augmentation = ALL[which];
                MatrixDataset images = images(1 + (int) Math.floorMod(seed, 6L), rows, columns, 3, seed);
                Dataset augmented = augmentation.applyTo(images, rows, columns, seed);
                int copies = augmented.size() / images.size();
                assertEquals(augmentation instanceof PixelShifts ? 5 : 1, copies);
                augmented.startEpoch(Math.floorMod(seed >> 8, 1000));
                DoubleMatrix[] xy = copyAll(augmented);
                DoubleMatrix[] original = copyAll(images);
                for (int k = 0; k < augmented.size(); k++) {
                    int image = k / copies;
                    assertEquals(images.label(image), augmented.label(k), augmentation + " label of " + k);
                    assertArrayEquals(original[1].getColumn(image).data, xy[1].getColumn(k).data, 0.0,
                            augmentation + " target of " + k);
                }
                for (double pixel : xy[0].data) {
                    assertTrue(pixel >= 0 && pixel <= 1, augmentation + " pixel " + pixel + " outside [0, 1]");
                }
            });
    }

    @Test
    void shiftsMoveAKnownPatternByExactlyOnePixelInTheBooksOrder() {
        // 3 rows × 4 columns, pixel (r, c) = (4r + c + 1) / 16: every value distinct, so any mix-up of rows and
        // columns or of directions shows.
        int rows = 3;
        int columns = 4;
        DoubleMatrix x = new DoubleMatrix(rows * columns, 1);
        for (int p = 0; p < x.length; p++) {
            x.data[p] = (p + 1) / 16.0;
        }
        Dataset shifted = Augmentation.shifts().applyTo(MatrixDataset.ofLabels(x, new int[] {1}, 2), rows, columns,
                0);
        DoubleMatrix out = copyAll(shifted)[0];
        double[][] expected = {
            { 1,  2,  3,  4,   5,  6,  7,  8,   9, 10, 11, 12},  // unmoved
            { 0,  0,  0,  0,   1,  2,  3,  4,   5,  6,  7,  8},  // down: the top row is new
            { 5,  6,  7,  8,   9, 10, 11, 12,   0,  0,  0,  0},  // up
            { 0,  1,  2,  3,   0,  5,  6,  7,   0,  9, 10, 11},  // right: the left column is new
            { 2,  3,  4,  0,   6,  7,  8,  0,  10, 11, 12,  0},  // left
        };
        for (int k = 0; k < expected.length; k++) {
            double[] want = Arrays.stream(expected[k]).map(v -> v / 16.0).toArray();
            assertArrayEquals(want, out.getColumn(k).data, 0.0, "shift " + k);
            assertEquals(1, shifted.label(k));
        }
    }

    @Test
    void distortionsWithNothingToDrawReproduceTheImagesExactly() {
        MatrixDataset images = images(7, 6, 5, 3, 11);
        DoubleMatrix original = copyAll(images)[0];
        for (Distortion none : new Distortion[] {AffineDistortion.of(0, 1, 1, 0), ElasticDistortion.of(0, 2)}) {
            Dataset same = none.applyTo(images, 6, 5, 3);
            same.startEpoch(4);
            // Exact: the source position is the pixel itself, so bilinear interpolation weighs it by exactly 1.
            assertArrayEquals(original.data, copyAll(same)[0].data, 0.0, none.toString());
        }
    }

    @Test
    void theSameSeedEpochAndIndexGiveTheSamePixelsWhateverTheOrderAndBatching() {
        RandomCases.theory().forAll(
                integers().between(0, ALL.length - 1),
                integers().between(0, 5),
                longs().all())
            .checkAssert((which, epoch, seed) -> {
                Augmentation augmentation = ALL[which];
                MatrixDataset images = images(9, 7, 6, 4, seed);
                Dataset reference = augmentation.applyTo(images, 7, 6, seed);
                reference.startEpoch(epoch);
                DoubleMatrix expected = copyAll(reference)[0];

                // Another instance, used for other epochs first, then asked for the examples shuffled, in
                // mini-batches of random sizes.
                Dataset other = augmentation.applyTo(images, 7, 6, seed);
                SplittableRandom random = new SplittableRandom(seed);
                other.startEpoch(epoch + 1);
                copyAll(other);
                other.startEpoch(epoch);
                int n = other.size();
                int[] order = java.util.stream.IntStream.range(0, n).toArray();
                for (int i = n - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
                for (int from = 0; from < n; ) {
                    int m = Math.min(n - from, 1 + random.nextInt(7));
                    DoubleMatrix x = new DoubleMatrix(other.inputSize(), m);
                    other.copyBatch(order, from, x, new DoubleMatrix(other.outputSize(), m));
                    for (int j = 0; j < m; j++) {
                        assertArrayEquals(expected.getColumn(order[from + j]).data, x.getColumn(j).data, 0.0,
                                augmentation + " example " + order[from + j]);
                    }
                    from += m;
                }
            });
    }

    @Test
    void differentEpochsAndSeedsDrawDifferentDistortions() {
        MatrixDataset images = images(20, 28, 28, 10, 5);
        for (Augmentation augmentation : new Augmentation[] {Augmentation.affine(), Augmentation.elastic()}) {
            Dataset a = augmentation.applyTo(images, 28, 28, 1);
            DoubleMatrix epoch0 = copyAll(a)[0];
            a.startEpoch(1);
            DoubleMatrix epoch1 = copyAll(a)[0];
            DoubleMatrix seed2 = copyAll(augmentation.applyTo(images, 28, 28, 2))[0];
            DoubleMatrix original = copyAll(images)[0];
            for (int i = 0; i < images.size(); i++) {
                double[] e0 = epoch0.getColumn(i).data;
                assertFalse(Arrays.equals(e0, epoch1.getColumn(i).data), augmentation + " epochs 0, 1 image " + i);
                assertFalse(Arrays.equals(e0, seed2.getColumn(i).data), augmentation + " seeds 1, 2 image " + i);
                assertFalse(Arrays.equals(e0, original.getColumn(i).data), augmentation + " unchanged image " + i);
            }
        }
    }

    @Test
    void sgdStartsEveryEpochOnceInOrderAndTrainsTheSameWithAndWithoutPrefetching() {
        MatrixDataset images = images(53, 4, 3, 3, 9);
        List<Integer> started = new ArrayList<>();
        Dataset recording = new ForwardingDataset(images) {
            @Override
            public void startEpoch(int epoch) {
                started.add(epoch);
            }
        };
        Sgd.builder().epochs(4).miniBatchSize(10).seed(1).prefetch(false).build()
                .train(Network.builder(12, 5, 3).seed(1).build(), recording);
        assertEquals(List.of(0, 1, 2, 3), started);
        // Resumed after epoch 2, the run goes on with epochs 2 and 3 (numbered by the run, not from 0 again).
        started.clear();
        List<EpochResult> firstTwo = List.of(new EpochResult(0, 0.1, 0.5, 10, 53, Double.NaN, -1, 0, 3.0),
                new EpochResult(1, 0.1, 0.5, 10, 53, Double.NaN, -1, 0, 3.0));
        Sgd.builder().epochs(4).miniBatchSize(10).seed(1).prefetch(false).build()
                .train(Network.builder(12, 5, 3).seed(1).build(), recording, null,
                        new TrainingState(firstTwo, new double[0][], null));
        assertEquals(List.of(2, 3), started, "resumed after epoch 2");

        for (Augmentation augmentation : ALL) {
            Network without = Network.builder(12, 5, 3).seed(2).build();
            Network with = without.copy();
            Sgd.Builder sgd = Sgd.builder().epochs(3).miniBatchSize(10).eta(0.5).seed(3);
            sgd.prefetch(false).build().train(without, augmentation.applyTo(images, 4, 3, 7));
            sgd.prefetch(true).build().train(with, augmentation.applyTo(images, 4, 3, 7));
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(without.weights[l].data, with.weights[l].data, 0.0, augmentation.toString());
                assertArrayEquals(without.biases[l].data, with.biases[l].data, 0.0, augmentation.toString());
            }
        }
    }

    @Test
    void copyingAMiniBatchAllocatesNothingOnceWarm() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled(), "this JVM does not count allocated bytes per thread");
        long self = Thread.currentThread().getId();
        MatrixDataset images = images(50, 28, 28, 10, 3);
        int[] order = java.util.stream.IntStream.range(0, images.size()).toArray();
        DoubleMatrix x = new DoubleMatrix(784, 10);
        DoubleMatrix y = new DoubleMatrix(10, 10);
        BlasMatrix xs = HeapMatrix.wrap(x);
        BlasMatrix ys = HeapMatrix.wrap(y);
        for (Augmentation augmentation : new Augmentation[] {Augmentation.shifts(), Augmentation.affine(),
                Augmentation.elastic()}) {
            Dataset data = augmentation.applyTo(images, 28, 28, 1);
            for (int warm = 0; warm < 200; warm++) { // long enough for the JIT to compile the loops
                data.copyBatch(order, (warm % 5) * 10, 10, xs, ys);
            }
            // The counter's own call may allocate a few bytes; measured empty, then subtracted.
            long a = threads.getThreadAllocatedBytes(self);
            long b = threads.getThreadAllocatedBytes(self);
            long overhead = b - a;
            long before = threads.getThreadAllocatedBytes(self);
            for (int k = 0; k < 100; k++) {
                data.copyBatch(order, (k % 5) * 10, 10, xs, ys);
            }
            long allocated = threads.getThreadAllocatedBytes(self) - before - overhead;
            // 0 exactly: one object per copied example (the smallest is 16 bytes) would show as at least 16,000.
            assertTrue(allocated <= 0, augmentation + " allocated " + allocated + " bytes in 100 mini-batches");
        }
    }

    @Test
    void badShapesAndParametersAreRefusedInOneLine() {
        MatrixDataset images = images(2, 4, 3, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.affine().applyTo(images, 4, 4, 1));
        assertEquals("images of 4 × 4 pixels need an input size of 16, but the dataset's is 12", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.shifts().applyTo(images, 0, 12, 1));
        assertThrows(IllegalArgumentException.class, () -> AffineDistortion.of(-1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> AffineDistortion.of(10, 1.1, 0.9, 0));
        assertThrows(IllegalArgumentException.class, () -> AffineDistortion.of(10, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> AffineDistortion.of(10, 1, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ElasticDistortion.of(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> ElasticDistortion.of(34, 0));
        assertThrows(IllegalArgumentException.class, () -> ElasticDistortion.of(Double.POSITIVE_INFINITY, 4));
    }

    /** {@link Sgd.Builder#augmentation}: steps over the 5n shifted images, figures on the n originals. */
    @Test
    void sgdStepsThroughTheAugmentedViewAndMeasuresTheOriginalImages() {
        MatrixDataset original = images(20, 3, 3, 2, 4);
        for (Augmentation augmentation : new Augmentation[] {null, Augmentation.shifts(), Augmentation.affine()}) {
            List<Integer> miniBatches = new ArrayList<>();
            Sgd sgd = Sgd.builder().epochs(2).miniBatchSize(5).eta(0.5).seed(3).prefetch(false)
                    .augmentation(augmentation, 3, 3)
                    .monitorTrainingCost(true).monitorTrainingAccuracy(true)
                    .listener(new TrainingListener() {
                        @Override
                        public void epochStarted(int epoch, int count) {
                            miniBatches.add(count);
                        }
                    })
                    .build();
            Network network = Network.builder(9, 4, 2).seed(1).build();
            TrainingHistory run = sgd.train(network, original);
            int expected = augmentation == Augmentation.shifts() ? 20 : 4;
            assertEquals(List.of(expected, expected), miniBatches, String.valueOf(augmentation));
            Evaluation onOriginal = network.evaluate(original);
            EpochResult last = run.epochs().get(1);
            assertEquals(20, last.trainingSize(), String.valueOf(augmentation));
            assertEquals(onOriginal.correct(), last.trainingAccuracy(), String.valueOf(augmentation));
        }
        assertThrows(IllegalArgumentException.class, () -> Sgd.builder().augmentation(Augmentation.shifts(), 0, 9));
    }
}
