package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import nn.backend.BlasMatrix;
import nn.backend.Elementwise;
import nn.network.Activation;
import nn.network.Cost;
import nn.network.CrossEntropyCost;
import nn.network.LogLikelihoodCost;
import nn.network.QuadraticCost;
import nn.network.Relu;
import nn.network.Sigmoid;
import nn.network.Softmax;
import nn.network.Tanh;
import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise} on float32 matrices, which it runs through float64 copies of a few columns at a time: every
 * entry must get the bits that the formula computing on the float32 matrices directly gives, whatever the shape
 * (a layer taller than one staged block, a last block of fewer columns), on one thread or two, and a step must
 * allocate nothing once the network's shapes have been seen.
 */
class Float32ElementwiseTest {

    private static final Activation[] ELEMENTWISE = {Sigmoid.INSTANCE, Tanh.INSTANCE, Relu.INSTANCE};

    @Test
    void activationsAndDerivativesGiveTheDirectFormulasBitsInEveryShape() {
        qt().withExamples(60).forAll(integers().between(1, 2_100), integers().between(1, 40),
                integers().between(1, 2), longs().all()).checkAssert((rows, columns, threads, seed) -> {
                    Elementwise kernels = threads == 1 ? Elementwise.SINGLE_THREADED : Elementwise.onThreads(2, 1);
                    SplittableRandom random = new SplittableRandom(seed);
                    BlasMatrix z = floats(rows, columns, random, 8.0);
                    BlasMatrix d = floats(rows, columns, random, 1.0);
                    for (Activation f : ELEMENTWISE) {
                        BlasMatrix direct = floats(rows, columns, null, 0);
                        f.apply(z, direct);
                        BlasMatrix staged = floats(rows, columns, null, 0);
                        kernels.activate(f, z, staged);
                        assertSameBits(direct, staged, f + " σ, " + rows + "×" + columns);

                        BlasMatrix dDirect = copy(d);
                        f.multiplyByDerivative(z, direct, dDirect);
                        BlasMatrix dStaged = copy(d);
                        kernels.multiplyByDerivative(f, z, staged, dStaged);
                        assertSameBits(dDirect, dStaged, f + " σ′, " + rows + "×" + columns);
                    }
                    BlasMatrix softmax = floats(rows, columns, null, 0);
                    Softmax.INSTANCE.apply(z, softmax);
                    BlasMatrix inPlace = copy(z);
                    kernels.activate(Softmax.INSTANCE, inPlace, inPlace);
                    assertSameBits(softmax, inPlace, "softmax in place, " + rows + "×" + columns);
                });
    }

    @Test
    void theOutputErrorGivesTheDirectBitsAndTheQuadraticCostsIsRoundedOnce() {
        qt().withExamples(40).forAll(integers().between(1, 1_500), integers().between(1, 30), longs().all())
                .checkAssert((rows, columns, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    BlasMatrix z = floats(rows, columns, random, 8.0);
                    BlasMatrix y = floats(rows, columns, random, 1.0);
                    outputError(CrossEntropyCost.INSTANCE, Sigmoid.INSTANCE, z, y, true);
                    outputError(LogLikelihoodCost.INSTANCE, Softmax.INSTANCE, z, y, true);
                    // (a − y) σ′(z): directly, a − y is rounded to float before σ′ multiplies it; staged, not.
                    outputError(QuadraticCost.INSTANCE, Sigmoid.INSTANCE, z, y, false);
                });
    }

    @Test
    void aStepAllocatesNothingOnceItsShapesHaveBeenSeen() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        SplittableRandom random = new SplittableRandom(7);
        BlasMatrix[] z = {floats(800, 128, random, 4.0), floats(10, 128, random, 4.0)};
        BlasMatrix[] a = {floats(800, 128, null, 0), floats(10, 128, null, 0)};
        BlasMatrix[] d = {floats(800, 128, random, 1.0), floats(10, 128, random, 1.0)};
        BlasMatrix y = floats(10, 128, random, 1.0);
        Elementwise kernels = Elementwise.onThreads(2, 1);
        Runnable step = () -> {
            for (int l = 0; l < 2; l++) {
                kernels.activate(Sigmoid.INSTANCE, z[l], a[l]);
                kernels.multiplyByDerivative(Sigmoid.INSTANCE, z[l], a[l], d[l]);
            }
            kernels.outputError(CrossEntropyCost.INSTANCE, Sigmoid.INSTANCE, z[1], a[1], y, d[1]);
        };
        for (int warm = 0; warm < 300; warm++) { // long enough for the JIT to compile the loops
            step.run();
        }
        // The caller's thread and the workers that compute the other panels.
        long[] workers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("nn-elementwise-")).mapToLong(Thread::getId).toArray();
        assertTrue(workers.length > 0, "no elementwise worker thread found");
        long a0 = threads.getThreadAllocatedBytes(self);
        long a1 = threads.getThreadAllocatedBytes(self);
        long overhead = a1 - a0; // the counter's own call, measured empty
        long[] workersBefore = threads.getThreadAllocatedBytes(workers); // outside this thread's window
        long before = threads.getThreadAllocatedBytes(self);
        for (int k = 0; k < 100; k++) {
            step.run();
        }
        long allocated = threads.getThreadAllocatedBytes(self) - before - overhead;
        long[] workersAfter = threads.getThreadAllocatedBytes(workers);
        // 0 exactly: new staging arrays for a step (8 KiB at least) would show as 800 KB over 100 steps.
        assertTrue(allocated <= 0, "100 float32 steps allocated " + allocated + " bytes on the calling thread");
        long byWorkers = 0;
        for (int w = 0; w < workers.length; w++) {
            byWorkers += workersAfter[w] - workersBefore[w];
        }
        // A worker's own bookkeeping (parking) may allocate a little; a staging array per panel would be 800 KB.
        assertTrue(byWorkers < 8_192, "100 float32 steps allocated " + byWorkers + " bytes on the workers");
    }

    @Test
    void emptyMatricesAndLayersTallerThanOneBlockAfterShortOnes() {
        SplittableRandom random = new SplittableRandom(3);
        for (int[] shape : new int[][] {{0, 5}, {5, 0}, {0, 0}, {3, 7}, {5_000, 3}, {3, 7}, {1_500, 2}, {5_000, 3}}) {
            BlasMatrix z = floats(shape[0], shape[1], random, 8.0);
            BlasMatrix direct = floats(shape[0], shape[1], null, 0);
            Sigmoid.INSTANCE.apply(z, direct);
            BlasMatrix staged = floats(shape[0], shape[1], null, 0);
            Elementwise.SINGLE_THREADED.activate(Sigmoid.INSTANCE, z, staged);
            assertSameBits(direct, staged, "σ, " + shape[0] + "×" + shape[1]);
        }
    }

    private static void outputError(Cost cost, Activation output, BlasMatrix z, BlasMatrix y, boolean sameBits) {
        int rows = z.rows;
        int columns = z.columns;
        BlasMatrix a = floats(rows, columns, null, 0);
        output.apply(z, a);
        BlasMatrix direct = floats(rows, columns, null, 0);
        cost.delta(z, a, y, output, direct);
        BlasMatrix staged = floats(rows, columns, null, 0);
        Elementwise.SINGLE_THREADED.outputError(cost, output, z, a, y, staged);
        if (sameBits) {
            assertSameBits(direct, staged, cost + " δ, " + rows + "×" + columns);
            return;
        }
        for (int i = 0; i < z.length(); i++) {
            double ai = a.get(i);
            float once = (float) ((ai - y.get(i)) * (ai * (1.0 - ai)));
            assertEquals(once, (float) staged.get(i), 0.0, cost + " δ entry " + i);
            // Against the direct path: two roundings differ from one by at most one float ulp of the result.
            assertEquals(direct.get(i), staged.get(i), Math.ulp((float) direct.get(i)), cost + " δ entry " + i);
        }
    }

    /** A native float32 matrix, as OpenBLAS's backend makes them; random entries in [−scale, scale) if given. */
    private static BlasMatrix floats(int rows, int columns, SplittableRandom random, double scale) {
        BlasMatrix m = BlasMatrix.ofFloats(rows, columns,
                ByteBuffer.allocateDirect(rows * columns * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer(),
                null);
        if (random != null) {
            for (int i = 0; i < m.length(); i++) {
                m.set(i, scale * (2 * random.nextDouble() - 1));
            }
        }
        return m;
    }

    private static BlasMatrix copy(BlasMatrix m) {
        BlasMatrix c = floats(m.rows, m.columns, null, 0);
        for (int i = 0; i < m.length(); i++) {
            c.set(i, m.get(i));
        }
        return c;
    }

    private static void assertSameBits(BlasMatrix expected, BlasMatrix actual, String what) {
        for (int i = 0; i < expected.length(); i++) {
            assertEquals(Float.floatToRawIntBits((float) expected.get(i)),
                    Float.floatToRawIntBits((float) actual.get(i)),
                    what + ", entry " + i + ": " + expected.get(i) + " vs " + actual.get(i));
        }
    }
}
