package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The parallel GEMM against one jblas call. Each column of C is computed by the same kernel over the same k
 * either way, so the results should agree to the last bit; the stated bound is 1e-12 relative to the largest
 * entry of C, and the test also counts how often they are bit-identical.
 */
class ParallelGemmTest {

    private static final double TOLERANCE = 1e-12;

    /** Splits every product, however small, so that tiny random shapes exercise the panel logic. */
    private static final ParallelGemm ALWAYS_SPLIT_2 = new ParallelGemm(2, 0);
    private static final ParallelGemm ALWAYS_SPLIT_3 = new ParallelGemm(3, 0);

    @Test
    void panelsEqualOneCallForEveryTransposeAndBeta() {
        RandomCases.theory().forAll(
                integers().between(1, 40),
                integers().between(1, 40),
                integers().between(1, 40),
                longs().all())
            .checkAssert((m, n, k, seed) -> {
                boolean ta = (seed & 1) != 0; // the transposes come from the seed: QuickTheories takes 4 sources
                boolean tb = (seed & 2) != 0;
                SplittableRandom random = new SplittableRandom(seed);
                DoubleMatrix a = random(ta ? k : m, ta ? m : k, random);
                DoubleMatrix b = random(tb ? n : k, tb ? k : n, random);
                DoubleMatrix c0 = random(m, n, random);
                double alpha = random.nextDouble(-2, 2);
                double beta = random.nextInt(3) == 0 ? 0.0 : random.nextDouble(-2, 2);
                DoubleMatrix expected = c0.dup();
                Gemm.jblas().gemm(ta, tb, alpha, a, b, beta, expected);
                for (ParallelGemm gemm : new ParallelGemm[] {ALWAYS_SPLIT_2, ALWAYS_SPLIT_3}) {
                    DoubleMatrix actual = c0.dup();
                    gemm.gemm(ta, tb, alpha, a, b, beta, actual);
                    assertClose(expected, actual, gemm.name() + " " + m + "x" + n + "x" + k + " ta=" + ta
                            + " tb=" + tb + " beta=" + beta);
                }
            });
    }

    @Test
    void trainingShapesAreBitIdentical() {
        // The products of [784, 800, 800, 10] at m = 128, above the default threshold.
        SplittableRandom random = new SplittableRandom(5);
        DoubleMatrix w = random(800, 784, random);
        DoubleMatrix x = random(784, 128, random);
        DoubleMatrix delta = random(800, 128, random);
        Gemm parallel = Gemm.parallel(2);
        check(parallel, false, false, 1.0, w, x, 1.0, random(800, 128, random));   // Z = W A + Z
        check(parallel, true, false, 1.0, w, delta, 0.0, random(784, 128, random)); // Wᵀ Δ
        check(parallel, false, true, -0.3, delta, x, 0.99, w.dup());                // W ← decay W − step Δ Aᵀ
    }

    @Test
    void sharedPerThreadCountAndOneThreadIsJblas() {
        assertSame(Gemm.parallel(2), Gemm.parallel(2));
        assertSame(Gemm.jblas(), Gemm.parallel(1));
        assertThrows(IllegalArgumentException.class, () -> Gemm.parallel(0));
    }

    @Test
    void rejectsShapesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> ALWAYS_SPLIT_2.gemm(false, false, 1.0,
                new DoubleMatrix(3, 4), new DoubleMatrix(5, 6), 0.0, new DoubleMatrix(3, 6)));
    }

    @Test
    void sgdWithTwoThreadsTrainsTheSameNetwork() {
        Network one = Network.builder(20, 300, 10).seed(3).build();
        Network two = one.copy();
        SplittableRandom random = new SplittableRandom(9);
        DoubleMatrix inputs = random(20, 500, random);
        int[] labels = random.ints(500, 0, 10).toArray();
        MatrixDataset data = MatrixDataset.ofLabels(inputs, labels, 10);
        Sgd.builder().epochs(2).miniBatchSize(100).eta(0.5).lambda(1.0).seed(4).build().train(one, data);
        Sgd.builder().epochs(2).miniBatchSize(100).eta(0.5).lambda(1.0).seed(4).threads(2).build().train(two, data);
        for (int l = 0; l < 2; l++) {
            assertClose(one.weights[l], two.weights[l], "weights[" + l + "]");
            assertClose(one.biases[l], two.biases[l], "biases[" + l + "]");
        }
        assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder().engine(new LoopedBackprop()).threads(2).build());
    }

    private static void check(Gemm gemm, boolean ta, boolean tb, double alpha, DoubleMatrix a, DoubleMatrix b,
                              double beta, DoubleMatrix c0) {
        DoubleMatrix expected = c0.dup();
        Gemm.jblas().gemm(ta, tb, alpha, a, b, beta, expected);
        DoubleMatrix actual = c0.dup();
        gemm.gemm(ta, tb, alpha, a, b, beta, actual);
        assertClose(expected, actual, "ta=" + ta + " tb=" + tb);
        assertEquals(0, mismatches(expected, actual), "entries that differ in any bit, ta=" + ta + " tb=" + tb);
    }

    private static long mismatches(DoubleMatrix x, DoubleMatrix y) {
        long count = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.doubleToLongBits(x.data[i]) != Double.doubleToLongBits(y.data[i])) {
                count++;
            }
        }
        return count;
    }

    private static DoubleMatrix random(int rows, int columns, SplittableRandom random) {
        DoubleMatrix m = new DoubleMatrix(rows, columns);
        for (int i = 0; i < m.length; i++) {
            m.data[i] = random.nextDouble(-1, 1);
        }
        return m;
    }

    private static void assertClose(DoubleMatrix expected, DoubleMatrix actual, String what) {
        double scale = Math.max(expected.normmax(), Double.MIN_NORMAL);
        double error = expected.sub(actual).normmax() / scale;
        assertTrue(error <= TOLERANCE, what + ": relative difference " + error + " exceeds " + TOLERANCE);
    }
}
