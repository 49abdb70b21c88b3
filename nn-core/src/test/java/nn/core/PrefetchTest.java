package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.data.Dataset;
import nn.data.MatrixDataset;
import nn.internal.BatchPrefetcher;
import nn.internal.MiniBatch;
import nn.internal.TrainingSession;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.BatchedBackprop;
import nn.training.Sgd;
import nn.training.UpdateRule;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * Copying the next mini-batch on a second thread ({@code Sgd.builder().prefetch(true)}) changes where the copy
 * runs, never what is trained: the same mini-batches in the same order, so the same network to the last bit.
 */
class PrefetchTest {

    private static MatrixDataset data(int n, SplittableRandom random) {
        DoubleMatrix x = new DoubleMatrix(12, n);
        for (int i = 0; i < x.length; i++) {
            x.data[i] = random.nextDouble();
        }
        return MatrixDataset.ofLabels(x, random.ints(n, 0, 4).toArray(), 4);
    }

    @Test
    void prefetchingTrainsBitForBitTheSameNetworkOnEveryEngine() {
        SplittableRandom random = new SplittableRandom(1);
        // 103 examples in mini-batches of 10: 10 full ones and a last one of 3; in mini-batches of 1, 103 that go
        // round the ring of 64 twice; 7 in mini-batches of 10: a single one, copied without the prefetcher.
        for (int n : new int[] {103, 7}) {
            MatrixDataset data = data(n, random);
            for (Backprop engine : Engines.all()) {
                for (int m : new int[] {10, 1}) {
                    for (boolean shuffle : new boolean[] {true, false}) {
                        Network without = Network.builder(12, 9, 4).seed(2).build();
                        Network with = without.copy();
                        Sgd.Builder sgd = Sgd.builder().epochs(3).miniBatchSize(m).eta(0.7).lambda(0.5).seed(3)
                                .shuffle(shuffle).engine(engine);
                        sgd.prefetch(false).build().train(without, data);
                        sgd.prefetch(true).build().train(with, data);
                        String what = Engines.describe(engine) + " n=" + n + " m=" + m + " shuffle=" + shuffle;
                        for (int l = 0; l < 2; l++) {
                            assertArrayEquals(without.weights[l].data, with.weights[l].data, 0.0, what);
                            assertArrayEquals(without.biases[l].data, with.biases[l].data, 0.0, what);
                        }
                    }
                }
            }
        }
    }

    @Test
    void aDatasetThatFailsOnThePrefetchThreadFailsTheRunWithItsOwnException() {
        MatrixDataset good = data(50, new SplittableRandom(4));
        // From the 6th mini-batch on every copy fails, on whichever thread copies it: the run fails with the 6th's.
        Dataset failsFromTheSixth = new ForwardingDataset(good) {
            @Override
            public void copyBatch(int[] order, int from, int count, BlasMatrix x, BlasMatrix y) {
                if (from >= 25) {
                    throw new IllegalStateException("disk gone at example " + from);
                }
                super.copyBatch(order, from, count, x, y);
            }
        };
        Sgd sgd = Sgd.builder().epochs(2).miniBatchSize(5).prefetch(true).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sgd.train(Network.builder(12, 4).seed(1).build(), failsFromTheSixth));
        assertEquals("disk gone at example 25", e.getMessage());
    }

    @Test
    void theRingHandsOverMiniBatchesInOrderNeverCopiesOverOneInUseAndEndsItsThreadOnClose() throws Exception {
        MatrixDataset data = data(22, new SplittableRandom(5));
        AtomicInteger copies = new AtomicInteger();
        Dataset counted = countingCopies(data, copies);
        TrainingSession session = session(22);
        MiniBatch[] ring = ring(session, 3, 4);
        MiniBatch last = session.newMiniBatch(2);
        int[] order = java.util.stream.IntStream.range(0, 22).map(i -> 21 - i).toArray();
        Thread thread;
        try (BatchPrefetcher prefetcher = new BatchPrefetcher(counted)) {
            thread = findThread("nn-prefetch");
            for (int epoch = 0; epoch < 2; epoch++) {
                copies.set(0);
                prefetcher.startEpoch(order, 6, 4, ring, last);
                for (int k = 0; k < 6; k++) {
                    MiniBatch batch = prefetcher.take(k);
                    assertSame(k == 5 ? last : ring[k % 3], batch, "k=" + k);
                    // The step on k holds its storage: the copier is at most the rest of the ring ahead, so it
                    // has copied no more than k + 3 and overwritten nothing the step reads.
                    Thread.sleep(5);
                    assertTrue(copies.get() <= k + 3, "copied " + copies.get() + " while the step on " + k
                            + " runs");
                    int m = k == 5 ? 2 : 4;
                    DoubleMatrix expected = new DoubleMatrix(12, m);
                    data.copyBatch(order, 4 * k, expected, new DoubleMatrix(4, m));
                    assertArrayEquals(expected.data, batch.inputs().toArray(), 0.0, "epoch " + epoch + " k=" + k);
                    prefetcher.release(k);
                }
            }
        }
        thread.join(5_000);
        assertFalse(thread.isAlive(), "the prefetch thread ended");
    }

    @Test
    void aCopierAheadOfTheStepsParksInsteadOfSpinning() throws Exception {
        MatrixDataset data = data(40, new SplittableRandom(7));
        AtomicInteger copies = new AtomicInteger();
        Dataset counted = countingCopies(data, copies);
        MiniBatch[] ring = ring(session(40), 4, 4);
        int[] order = java.util.stream.IntStream.range(0, 40).toArray();
        try (BatchPrefetcher prefetcher = new BatchPrefetcher(counted)) {
            Thread thread = findThread("nn-prefetch");
            prefetcher.startEpoch(order, 10, 4, ring, null);
            prefetcher.take(0);
            // The step on 0 holds its storage: once 0..3 are copied the ring is full, and the copier waits parked
            // (the second core is free for others), not spinning, for as long as the step runs.
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (copies.get() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(4, copies.get(), "the ring filled");
            for (int look = 0; look < 20; look++) {
                Thread.sleep(2);
                assertEquals(Thread.State.WAITING, thread.getState(), "parked on a full ring, look " + look);
            }
            assertEquals(4, copies.get(), "nothing copied over the mini-batch in use");
            prefetcher.release(0);
            for (int k = 1; k < 10; k++) {
                prefetcher.take(k);
                prefetcher.release(k);
            }
        }
    }

    @Test
    void closingInTheMiddleOfAnEpochStopsTheCopierAndAClosedPrefetcherStartsNoEpoch() throws Exception {
        MatrixDataset data = data(40, new SplittableRandom(6));
        MiniBatch[] ring = ring(session(40), 2, 4);
        int[] order = java.util.stream.IntStream.range(0, 40).toArray();
        BatchPrefetcher prefetcher = new BatchPrefetcher(data);
        Thread thread = findThread("nn-prefetch");
        prefetcher.startEpoch(order, 10, 4, ring, null);
        prefetcher.take(0);
        // As after a stop request: the step on 0 is the last; the copier waits on a full ring.
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), prefetcher::close);
        thread.join(5_000);
        assertFalse(thread.isAlive(), "the prefetch thread ended");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> prefetcher.startEpoch(order, 10, 4, ring, null));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void theRingHoldsAboutFourMegabytesOfMiniBatchesAndAtLeastTwo() {
        assertEquals(64, BatchPrefetcher.depth(10L * (784 + 10) * Double.BYTES), "the default run's m = 10");
        assertEquals(5, BatchPrefetcher.depth(128L * (784 + 10) * Double.BYTES), "m = 128");
        assertEquals(2, BatchPrefetcher.depth(1000L * (784 + 10) * Double.BYTES), "m = 1000: double buffering");
        assertEquals(64, BatchPrefetcher.depth(100), "a tiny network: capped");
    }

    @Test
    void miniBatchesMustFitTheirSession() {
        Network network = Network.builder(12, 4).seed(1).build();
        for (Backprop engine : Engines.all()) {
            TrainingSession session = engine.session(network, UpdateRule.plain(0.0, 10));
            assertThrows(IllegalArgumentException.class, () -> session.newMiniBatch(0));
            MiniBatch wrong = new MiniBatch(Blas.jblas().allocate(11, 3), Blas.jblas().allocate(4, 3));
            assertThrows(IllegalArgumentException.class, () -> session.step(wrong, 0.1, 1, new SplittableRandom(1)),
                    Engines.describe(engine));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new MiniBatch(Blas.jblas().allocate(12, 3), Blas.jblas().allocate(4, 2)));
        assertTrue(new MiniBatch(Blas.jblas().allocate(12, 3), Blas.jblas().allocate(4, 3)).size() == 3);
    }

    /** A batched session on the tests' [12, 4] network, training on {@code examples}: storage for the ring. */
    private static TrainingSession session(int examples) {
        return new BatchedBackprop().session(Network.builder(12, 4).seed(1).build(), UpdateRule.plain(0.0, examples));
    }

    /** {@code depth} mini-batches of {@code m} examples from {@code session}, the prefetcher's ring. */
    private static MiniBatch[] ring(TrainingSession session, int depth, int m) {
        MiniBatch[] ring = new MiniBatch[depth];
        for (int i = 0; i < depth; i++) {
            ring[i] = session.newMiniBatch(m);
        }
        return ring;
    }

    /** {@code data}, counting in {@code copies} every copy begun, on whichever thread. */
    private static Dataset countingCopies(Dataset data, AtomicInteger copies) {
        return new ForwardingDataset(data) {
            @Override
            public void copyBatch(int[] order, int from, int count, BlasMatrix x, BlasMatrix y) {
                copies.incrementAndGet();
                super.copyBatch(order, from, count, x, y);
            }
        };
    }

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return t;
            }
        }
        throw new AssertionError("no live thread named " + name);
    }
}
