package nn.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import nn.core.BatchedBackprop;
import nn.core.Blas;
import nn.core.BlasMatrix;
import nn.core.MatrixDataset;
import nn.core.Network;
import nn.core.Sgd;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * OpenBLAS against jblas, the reference. Both compute each entry of C as a dot product of length k, in
 * different orders (other kernels, other blocking), so they agree to rounding: ≤ 1e-12 relative to the largest
 * entry of C for k ≤ 300, far above the ~k·ε ≈ 1e-14 that reordering a sum can cost.
 */
class OpenBlasTest {

    private static final double TOLERANCE = 1e-12;
    private static final OpenBlas OPENBLAS = new OpenBlas();

    @Test
    void isFoundAndPreferredWhenOnTheClassPath() {
        assertInstanceOf(OpenBlas.class, Blas.best());
        assertEquals(2, Blas.available().size(), "OpenBLAS, then jblas");
        assertInstanceOf(OpenBlas.class, Blas.byName("openblas"));
    }

    @Test
    void reportsVersionAndKernels() {
        String description = OPENBLAS.description();
        assertTrue(description.startsWith("OpenBLAS 0.3.31 ("), description);
        assertTrue(!OPENBLAS.coreName().equals("unknown"), "core not recognised: " + description);
    }

    @Test
    void agreesWithJblasOnRandomShapesFlagsAlphaAndBeta() {
        qt().withExamples(Integer.getInteger("nn.examples", 200)).withFixedSeed(Long.getLong("nn.seed", 20261123L))
            .forAll(integers().between(1, 300), integers().between(1, 300), integers().between(1, 300), longs().all())
            .checkAssert((m, n, k, seed) -> {
                boolean ta = (seed & 1) != 0; // QuickTheories takes 4 sources: the flags come from the seed
                boolean tb = (seed & 2) != 0;
                SplittableRandom random = new SplittableRandom(seed);
                DoubleMatrix a = random(ta ? k : m, ta ? m : k, random);
                DoubleMatrix b = random(tb ? n : k, tb ? k : n, random);
                DoubleMatrix c = random(m, n, random);
                double alpha = random.nextDouble(-2, 2);
                double beta = random.nextInt(3) == 0 ? 0.0 : random.nextInt(3) == 0 ? 1.0 : random.nextDouble(-2, 2);
                DoubleMatrix expected = c.dup();
                Blas jblas = Blas.jblas();
                jblas.gemm(ta, tb, alpha, jblas.mirror(a), jblas.mirror(b), beta, jblas.mirror(expected));
                BlasMatrix actual = OPENBLAS.mirror(c);
                OPENBLAS.gemm(ta, tb, alpha, OPENBLAS.mirror(a), OPENBLAS.mirror(b), beta, actual);
                double error = relativeError(expected, actual.toDoubleMatrix());
                assertTrue(error <= TOLERANCE, () -> m + "×" + n + "×" + k + " ta=" + ta + " tb=" + tb + " alpha="
                        + alpha + " beta=" + beta + ": relative error " + error);
            });
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        BlasMatrix a = OPENBLAS.mirror(new DoubleMatrix(new double[][] {{2}}));
        BlasMatrix b = OPENBLAS.mirror(new DoubleMatrix(new double[][] {{3}}));
        BlasMatrix c = OPENBLAS.mirror(new DoubleMatrix(new double[][] {{Double.NaN}}));
        OPENBLAS.gemm(false, false, 1.0, a, b, 0.0, c);
        assertEquals(6.0, c.data().get(0));
    }

    @Test
    void rejectsMatricesOfAnotherBackend() {
        BlasMatrix heap = Blas.jblas().allocate(2, 2);
        assertThrows(IllegalArgumentException.class,
                () -> OPENBLAS.gemm(false, false, 1, heap, OPENBLAS.allocate(2, 2), 0, OPENBLAS.allocate(2, 2)));
    }

    /** Large products run on two threads; the result must not change beyond rounding. */
    @Test
    void withThreadsSaysHowManyItUsesAndNeverMoreThanTheCores() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(new OpenBlas().withThreads(1).description().endsWith(", 1 thread"),
                new OpenBlas().withThreads(1).description());
        String many = new OpenBlas().withThreads(64).description();
        assertTrue(cores == 1 ? many.endsWith(", 1 thread")
                : many.endsWith(", 1 thread, " + cores + " for products from " + OpenBlas.TWO_THREAD_MIN_WORK
                        + " multiply-adds"), many);
        assertThrows(IllegalArgumentException.class, () -> new OpenBlas().withThreads(0));
    }

    @Test
    void productsAboveTheThreadThresholdAgree() {
        SplittableRandom random = new SplittableRandom(3);
        DoubleMatrix w = random(800, 784, random);
        DoubleMatrix x = random(784, 128, random);
        DoubleMatrix expected = new DoubleMatrix(800, 128);
        Blas jblas = Blas.jblas();
        jblas.gemm(false, false, 1.0, jblas.mirror(w), jblas.mirror(x), 0.0, jblas.mirror(expected));
        BlasMatrix actual = OPENBLAS.allocate(800, 128);
        OPENBLAS.gemm(false, false, 1.0, OPENBLAS.mirror(w), OPENBLAS.mirror(x), 0.0, actual);
        assertTrue(relativeError(expected, actual.toDoubleMatrix()) <= TOLERANCE);
    }

    /** A whole training run (two epochs, 100 steps) through the off-heap session ends where jblas's does. */
    @Test
    void trainingEndsWithTheSameNetworkOnBothBackends() {
        Network onJblas = Network.builder(20, 30, 10).seed(3).build();
        Network onOpenBlas = onJblas.copy();
        SplittableRandom random = new SplittableRandom(9);
        MatrixDataset data = MatrixDataset.ofLabels(random(20, 500, random), random.ints(500, 0, 10).toArray(), 10);
        sgd(Blas.jblas()).train(onJblas, data);
        sgd(OPENBLAS).train(onOpenBlas, data);
        for (int l = 0; l < 2; l++) {
            double error = relativeError(onJblas.weights(l), onOpenBlas.weights(l));
            assertTrue(error <= TOLERANCE, "weights[" + l + "]: relative error " + error);
            assertTrue(relativeError(onJblas.biases(l), onOpenBlas.biases(l)) <= TOLERANCE, "biases[" + l + "]");
        }
    }

    private static Sgd sgd(Blas blas) {
        return Sgd.builder().epochs(2).miniBatchSize(10).eta(0.5).lambda(1.0).seed(4)
                .engine(new BatchedBackprop(blas)).build();
    }

    private static DoubleMatrix random(int rows, int columns, SplittableRandom random) {
        DoubleMatrix m = new DoubleMatrix(rows, columns);
        for (int i = 0; i < m.length; i++) {
            m.data[i] = random.nextDouble(-1, 1);
        }
        return m;
    }

    /** max |actual − expected| / max |expected|. */
    private static double relativeError(DoubleMatrix expected, DoubleMatrix actual) {
        double scale = expected.normmax();
        double diff = actual.sub(expected).normmax();
        return scale == 0.0 ? diff : diff / scale;
    }
}
