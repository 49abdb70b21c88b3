package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
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
        // 103 examples in mini-batches of 10: 10 full ones and a last one of 3, so both storages and the odd
        // parity of the last full mini-batch are exercised; 7 in mini-batches of 7: a single mini-batch.
        for (int n : new int[] {103, 7}) {
            MatrixDataset data = data(n, random);
            for (Backprop engine : Engines.all()) {
                for (boolean shuffle : new boolean[] {true, false}) {
                    Network without = Network.builder(12, 9, 4).seed(2).build();
                    Network with = without.copy();
                    Sgd.Builder sgd = Sgd.builder().epochs(3).miniBatchSize(10).eta(0.7).lambda(0.5).seed(3)
                            .shuffle(shuffle).engine(engine);
                    sgd.prefetch(false).build().train(without, data);
                    sgd.prefetch(true).build().train(with, data);
                    String what = Engines.describe(engine) + " n=" + n + " shuffle=" + shuffle;
                    for (int l = 0; l < 2; l++) {
                        assertArrayEquals(without.weights[l].data, with.weights[l].data, 0.0, what);
                        assertArrayEquals(without.biases[l].data, with.biases[l].data, 0.0, what);
                    }
                }
            }
        }
    }

    @Test
    void aDatasetThatFailsOnThePrefetchThreadFailsTheRunWithItsOwnException() {
        MatrixDataset good = data(50, new SplittableRandom(4));
        Dataset failsAfterFive = new ForwardingDataset(good) {
            private int copies;

            @Override
            public void copyBatch(int[] order, int from, int count, BlasMatrix x, BlasMatrix y) {
                if (++copies > 5) {
                    throw new IllegalStateException("disk gone at copy " + copies);
                }
                super.copyBatch(order, from, count, x, y);
            }
        };
        Sgd sgd = Sgd.builder().epochs(2).miniBatchSize(5).prefetch(true).build();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sgd.train(Network.builder(12, 4).seed(1).build(), failsAfterFive));
        assertEquals("disk gone at copy 6", e.getMessage());
    }

    @Test
    void thePrefetcherHandsOverCopiesInOrderAndEndsItsThreadOnClose() throws Exception {
        MatrixDataset data = data(20, new SplittableRandom(5));
        TrainingSession session = new BatchedBackprop().session(Network.builder(12, 4).seed(1).build(),
                UpdateRule.plain(0.0, 20));
        MiniBatch batch = session.newMiniBatch(4);
        int[] order = java.util.stream.IntStream.range(0, 20).toArray();
        Thread thread;
        try (BatchPrefetcher prefetcher = new BatchPrefetcher(data)) {
            thread = findThread("nn-prefetch");
            for (int from = 0; from < 20; from += 4) {
                prefetcher.request(order, from, batch);
                assertThrows(IllegalStateException.class, () -> prefetcher.request(order, 0, batch));
                prefetcher.await();
                DoubleMatrix expected = new DoubleMatrix(12, 4);
                data.copyBatch(order, from, expected, new DoubleMatrix(4, 4));
                assertArrayEquals(expected.data, batch.inputs().toArray(), 0.0, "from " + from);
            }
        }
        thread.join(5_000);
        assertFalse(thread.isAlive(), "the prefetch thread ended");
    }

    @Test
    void aClosedPrefetcherRejectsRequestsAtOnceAndAwaitReturns() {
        MatrixDataset data = data(8, new SplittableRandom(6));
        MiniBatch batch = new MiniBatch(Blas.jblas().allocate(12, 4), Blas.jblas().allocate(4, 4));
        int[] order = java.util.stream.IntStream.range(0, 8).toArray();
        BatchPrefetcher prefetcher = new BatchPrefetcher(data);
        prefetcher.request(order, 0, batch);
        prefetcher.await();
        prefetcher.close();
        // Before the fix the request was accepted and the following await() parked forever.
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(5), () -> {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> prefetcher.request(order, 4, batch));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            prefetcher.await();
        });
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

    private static Thread findThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name) && t.isAlive()) {
                return t;
            }
        }
        throw new AssertionError("no live thread named " + name);
    }
}
