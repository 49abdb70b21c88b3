package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import nn.data.Dataset;
import nn.data.FeatureScaling;
import nn.data.MatrixDataset;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/** Standardisation and min–max scaling: fitted on a dataset, applied to it and to single examples alike. */
class FeatureScalingTest {

    /**
     * Means and variances of at most 40 values of magnitude up to 1000, computed in two passes: a few ulps of
     * 1000 at most, far under this.
     */
    private static final double TOLERANCE = 1e-9;

    @Test
    void standardisedTrainingFeaturesHaveMeanZeroAndVarianceOne() {
        RandomCases.theory().forAll(integers().between(1, 6), integers().between(2, 40), longs().all())
                .checkAssert((features, examples, seed) -> {
                    MatrixDataset data = randomRows(features, examples, seed);
                    DoubleMatrix x = inputs(FeatureScaling.standardise(data).apply(data));
                    for (int i = 0; i < features; i++) {
                        DoubleMatrix row = x.getRow(i);
                        double mean = row.mean();
                        double variance = row.sub(mean).mul(row.sub(mean)).mean();
                        assertEquals(0, mean, TOLERANCE, "mean of feature " + i);
                        assertEquals(1, variance, TOLERANCE, "variance of feature " + i);
                    }
                });
    }

    @Test
    void minMaxScaledTrainingFeaturesSpanZeroToOne() {
        RandomCases.theory().forAll(integers().between(1, 6), integers().between(2, 40), longs().all())
                .checkAssert((features, examples, seed) -> {
                    MatrixDataset data = randomRows(features, examples, seed);
                    DoubleMatrix x = inputs(FeatureScaling.minMax(data).apply(data));
                    for (int i = 0; i < features; i++) {
                        assertEquals(0, x.getRow(i).min(), TOLERANCE, "min of feature " + i);
                        assertEquals(1, x.getRow(i).max(), TOLERANCE, "max of feature " + i);
                    }
                });
    }

    /** One example scaled alone equals its column in the scaled dataset, to the bit (the same arithmetic). */
    @Test
    void aSingleExampleIsScaledAsInTheDataset() {
        MatrixDataset data = randomRows(3, 10, 7);
        for (FeatureScaling.Method method : FeatureScaling.Method.values()) {
            FeatureScaling scaling = FeatureScaling.fit(method, data);
            DoubleMatrix scaled = inputs(scaling.apply(data));
            DoubleMatrix raw = inputs(data);
            for (int c = 0; c < 10; c++) {
                assertArrayEquals(scaled.getColumn(c).data, scaling.apply(raw.getColumn(c).data), method + " " + c);
            }
        }
    }

    @Test
    void aConstantFeatureIsOnlyShifted() {
        MatrixDataset data = MatrixDataset.ofRows(new double[][] {{5, 1}, {5, 2}, {5, 4}}, new int[] {0, 1, 0}, 2);
        assertArrayEquals(new double[] {0, 0}, FeatureScaling.standardise(data).apply(new double[] {5, 7.0 / 3}),
                1e-15);
        assertEquals(1, FeatureScaling.minMax(data).scale()[0]);
        assertEquals(3, FeatureScaling.minMax(data).scale()[1]);
    }

    @Test
    void badParametersAndShapesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> FeatureScaling.of(FeatureScaling.Method.MIN_MAX, new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> FeatureScaling.of(FeatureScaling.Method.MIN_MAX, new double[] {0, 1}, new double[] {1}));
        FeatureScaling scaling = FeatureScaling.minMax(randomRows(3, 5, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> scaling.apply(new double[] {1, 2}));
        assertEquals("expected 3 features, got 2", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FeatureScaling.Method.ofJsonName("zscore"));
        assertTrue(e.getMessage().contains("standardise or min_max"), e.getMessage());
    }

    static MatrixDataset randomRows(int features, int examples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[examples][features];
        int[] labels = new int[examples];
        for (int r = 0; r < examples; r++) {
            for (int i = 0; i < features; i++) {
                // Each feature its own offset and spread, as raw columns in different units have.
                rows[r][i] = (i + 1) * 100 + random.nextDouble(-1, 1) * Math.pow(10, i % 3);
            }
            labels[r] = random.nextInt(2);
        }
        return MatrixDataset.ofRows(rows, labels, 2);
    }

    static DoubleMatrix inputs(Dataset data) {
        DoubleMatrix x = new DoubleMatrix(data.inputSize(), data.size());
        DoubleMatrix y = new DoubleMatrix(data.outputSize(), data.size());
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        data.copyBatch(all, 0, x, y);
        return x;
    }
}
