package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nn.data.MatrixDataset;
import nn.internal.JblasNatives;
import nn.network.Network;
import nn.training.Sgd;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * A network serves predictions, and networks train, from many threads at once: inference shares no mutable
 * workspace, and jblas's products, which corrupt each other when two threads run them together, are serialised
 * by {@link JblasNatives#LOCK}. Without the lock the batch test below saw about 1% wrong outputs.
 */
class ConcurrentInferenceTest {

    @Test
    void eightThreadsMakeTheSamePredictionsAsOne() throws Exception {
        Network network = Network.builder(20, 16, 10).seed(3).build();
        int predictions = 10_000;
        DoubleMatrix inputs = DoubleMatrix.rand(20, predictions);
        int[] expected = new int[predictions];
        double[][] expectedOutputs = new double[predictions][];
        for (int i = 0; i < predictions; i++) {
            DoubleMatrix x = inputs.getColumn(i);
            expected[i] = network.predict(x.data);
            expectedOutputs[i] = network.feedforward(x).data;
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 1_250; // each thread starts elsewhere so that threads really overlap
                results.add(pool.submit(() -> {
                    int[] got = new int[predictions];
                    for (int k = 0; k < predictions; k++) {
                        int i = (k + offset) % predictions;
                        DoubleMatrix x = inputs.getColumn(i);
                        got[i] = network.predict(x.data);
                        assertArrayEquals(expectedOutputs[i], network.feedforward(x).data, 0.0);
                    }
                    return got;
                }));
            }
            for (Future<int[]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fourThreadsPredictingMnistSizedBatchesGetExactlyTheSequentialOutputs() throws Exception {
        // Batches of 10 columns go through jblas's dgemm, whose buffers are not safe to share between threads.
        Network network = Network.builder(784, 30, 10).seed(3).build();
        int batches = 500;
        DoubleMatrix[] inputs = new DoubleMatrix[batches];
        double[][] expected = new double[batches][];
        Random random = new Random(7);
        for (int i = 0; i < batches; i++) {
            inputs[i] = new DoubleMatrix(784, 10);
            for (int j = 0; j < inputs[i].length; j++) {
                inputs[i].data[j] = random.nextDouble();
            }
            expected[i] = network.feedforward(inputs[i]).data;
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * batches / 4;
                results.add(pool.submit(() -> {
                    int wrong = 0;
                    for (int round = 0; round < 4; round++) {
                        for (int k = 0; k < batches; k++) {
                            int i = (k + offset) % batches;
                            if (!Arrays.equals(expected[i], network.feedforward(inputs[i]).data)) {
                                wrong++;
                            }
                        }
                    }
                    return wrong;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(0, result.get(), "batches whose outputs differ from the sequential run");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoNetworksTrainedAtOnceEndAsWhenTrainedOneAfterTheOther() throws Exception {
        Network[] alone = {Network.builder(50, 40, 10).seed(1).build(), Network.builder(50, 40, 10).seed(2).build()};
        Network[] together = {alone[0].copy(), alone[1].copy()};
        SplittableRandom random = new SplittableRandom(4);
        DoubleMatrix x = new DoubleMatrix(50, 600);
        for (int i = 0; i < x.length; i++) {
            x.data[i] = random.nextDouble();
        }
        MatrixDataset data = MatrixDataset.ofLabels(x, random.ints(600, 0, 10).toArray(), 10);
        Sgd sgd = Sgd.builder().epochs(3).miniBatchSize(10).eta(0.5).seed(9).build();
        for (Network network : alone) {
            sgd.train(network, data);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (Network network : together) {
                runs.add(pool.submit(() -> Sgd.builder().epochs(3).miniBatchSize(10).eta(0.5).seed(9).build()
                        .train(network, data)));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int n = 0; n < 2; n++) {
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(alone[n].weights[l].data, together[n].weights[l].data, 0.0, "network " + n);
                assertArrayEquals(alone[n].biases[l].data, together[n].biases[l].data, 0.0, "network " + n);
            }
        }
    }
}
