package nn.openblas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Precision;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.BatchedBackprop;
import nn.training.Sgd;
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
                jblas.gemm(ta, tb, alpha, mirror(jblas, a), mirror(jblas, b), beta, mirror(jblas, expected));
                BlasMatrix actual = mirror(OPENBLAS, c);
                OPENBLAS.gemm(ta, tb, alpha, mirror(OPENBLAS, a), mirror(OPENBLAS, b), beta, actual);
                double error = relativeError(expected, heap(actual));
                assertTrue(error <= TOLERANCE, () -> m + "×" + n + "×" + k + " ta=" + ta + " tb=" + tb + " alpha="
                        + alpha + " beta=" + beta + ": relative error " + error);
            });
    }

    /**
     * float32 ({@code sgemm}) against jblas in float64 on the same float32-rounded inputs, entry by entry, within
     * the classic error bound of a dot product of length k computed in binary32: |ĉ − c| ≤ γ_{k+2}·(|α|·|A||B| +
     * |β|·|C|) with γ_n = n·u/(1 − n·u) and u = 2⁻²⁴ (Higham, Accuracy and Stability, §3.1; the +2 covers the
     * products by α and β). The float64 reference's own error is ~2⁻⁵³, negligible against it.
     */
    @Test
    void float32StaysWithinTheErrorBoundOfBinary32DotProducts() {
        OpenBlas single = OPENBLAS.withPrecision(Precision.FLOAT32);
        qt().withExamples(Integer.getInteger("nn.examples", 200)).withFixedSeed(Long.getLong("nn.seed", 20261202L))
            .forAll(integers().between(1, 300), integers().between(1, 300), integers().between(1, 300), longs().all())
            .checkAssert((m, n, k, seed) -> {
                boolean ta = (seed & 1) != 0;
                boolean tb = (seed & 2) != 0;
                SplittableRandom random = new SplittableRandom(seed);
                DoubleMatrix a = toFloats(random(ta ? k : m, ta ? m : k, random));
                DoubleMatrix b = toFloats(random(tb ? n : k, tb ? k : n, random));
                DoubleMatrix c = toFloats(random(m, n, random));
                double alpha = (float) random.nextDouble(-2, 2);
                double beta = random.nextInt(3) == 0 ? 0.0 : random.nextInt(3) == 0 ? 1.0
                        : (float) random.nextDouble(-2, 2);
                Blas jblas = Blas.jblas();
                DoubleMatrix expected = c.dup();
                jblas.gemm(ta, tb, alpha, mirror(jblas, a), mirror(jblas, b), beta, mirror(jblas, expected));
                DoubleMatrix bound = abs(c).muli(Math.abs(beta));
                jblas.gemm(ta, tb, Math.abs(alpha), mirror(jblas, abs(a)), mirror(jblas, abs(b)), 1.0,
                        mirror(jblas, bound));
                BlasMatrix actual = mirror(single, c);
                single.gemm(ta, tb, alpha, mirror(single, a), mirror(single, b), beta, actual);
                double u = Math.ulp(1.0f) / 2;
                double gamma = (k + 2) * u / (1 - (k + 2) * u);
                double[] got = actual.toArray();
                for (int i = 0; i < got.length; i++) {
                    double error = Math.abs(got[i] - expected.data[i]);
                    double allowed = gamma * bound.data[i] + u * Math.abs(expected.data[i]);
                    int entry = i;
                    assertTrue(error <= allowed, () -> m + "×" + n + "×" + k + " ta=" + ta + " tb=" + tb + " entry "
                            + entry + ": error " + error + " above the bound " + allowed);
                }
            });
    }

    @Test
    void betaZeroIgnoresNaNInCInEitherPrecision() {
        for (OpenBlas blas : new OpenBlas[] {OPENBLAS, OPENBLAS.withPrecision(Precision.FLOAT32)}) {
            BlasMatrix a = blas.mirror(1, 1, new double[] {2});
            BlasMatrix b = blas.mirror(1, 1, new double[] {3});
            BlasMatrix c = blas.mirror(1, 1, new double[] {Double.NaN});
            blas.gemm(false, false, 1.0, a, b, 0.0, c);
            assertEquals(6.0, c.get(0), blas.description());
        }
    }

    @Test
    void describesItsPrecisionAndKeepsItWhenThreadsChange() {
        OpenBlas single = OPENBLAS.withPrecision(Precision.FLOAT32);
        assertEquals(Precision.FLOAT32, single.precision());
        assertEquals(Precision.FLOAT32, single.withThreads(2).precision());
        assertEquals(Precision.FLOAT32, single.allocate(2, 2).precision());
        assertTrue(single.description().contains(", float32, "), single.description());
        assertTrue(OPENBLAS.description().contains(", float64, "), OPENBLAS.description());
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
        jblas.gemm(false, false, 1.0, mirror(jblas, w), mirror(jblas, x), 0.0, mirror(jblas, expected));
        BlasMatrix actual = OPENBLAS.allocate(800, 128);
        OPENBLAS.gemm(false, false, 1.0, mirror(OPENBLAS, w), mirror(OPENBLAS, x), 0.0, actual);
        assertTrue(relativeError(expected, heap(actual)) <= TOLERANCE);
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

    private static BlasMatrix mirror(Blas blas, DoubleMatrix m) {
        return blas.mirror(m.rows, m.columns, m.data);
    }

    private static DoubleMatrix heap(BlasMatrix m) {
        return new DoubleMatrix(m.rows, m.columns, m.toArray());
    }

    private static DoubleMatrix toFloats(DoubleMatrix m) {
        for (int i = 0; i < m.length; i++) {
            m.data[i] = (float) m.data[i];
        }
        return m;
    }

    private static DoubleMatrix abs(DoubleMatrix m) {
        DoubleMatrix a = m.dup();
        for (int i = 0; i < a.length; i++) {
            a.data[i] = Math.abs(a.data[i]);
        }
        return a;
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
