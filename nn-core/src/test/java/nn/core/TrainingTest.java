package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.WeightInit;
import nn.training.Backprop;
import nn.training.EpochResult;
import nn.training.Sgd;
import nn.training.TrainingHistory;
import nn.training.TrainingListener;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingTest {

    /** XOR as two classes, one-hot, so that accuracy is meaningful. */
    private static MatrixDataset xor() {
        DoubleMatrix x = new DoubleMatrix(new double[][] {{0, 0, 1, 1}, {0, 1, 0, 1}});
        return MatrixDataset.ofLabels(x, new int[] {0, 1, 1, 0}, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"looped", "batched"})
    void learnsXor(String engine) {
        Network network = Network.builder(2, 4, 2).init(WeightInit.LARGE).seed(3).build();
        MatrixDataset data = xor();
        TrainingHistory history = Sgd.builder().epochs(2000).miniBatchSize(4).eta(2.0)
                .engine(Backprop.byName(engine)).seed(3).monitorTrainingAccuracy(true).monitorTrainingCost(true)
                .build().train(network, data);
        assertEquals(4, network.accuracy(data), "all four XOR cases classified");
        assertEquals(2000, history.epochs().size());
        assertTrue(history.last().trainingCost() < history.epochs().get(0).trainingCost() / 10,
                "the cost fell by more than 10×: " + history.epochs().get(0).trainingCost() + " → "
                        + history.last().trainingCost());
    }

    /** Two Gaussian blobs in 5 dimensions, far enough apart to be linearly separable. */
    private static MatrixDataset blobs(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DoubleMatrix x = new DoubleMatrix(5, n);
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            labels[c] = c % 2;
            for (int r = 0; r < 5; r++) {
                x.put(r, c, (labels[c] == 0 ? -1.5 : 1.5) + 0.5 * random.nextGaussian());
            }
        }
        return MatrixDataset.ofLabels(x, labels, 2);
    }

    @Test
    void separatesTwoBlobsAndGeneralises() {
        MatrixDataset training = blobs(203, 1); // 203: the last mini-batch of 10 is smaller
        MatrixDataset test = blobs(100, 2);
        Network network = Network.builder(5, 3, 2).cost(QuadraticCost.INSTANCE).seed(1).build();
        TrainingHistory history = Sgd.builder().epochs(10).miniBatchSize(10).eta(3.0).seed(1)
                .monitorEvaluationAccuracy(true).build().train(network, training, test);
        assertEquals(100, history.last().evaluationAccuracy());
        assertEquals(100, history.last().evaluationSize());
    }

    @Test
    void sameSeedGivesIdenticalWeightsAndHistory() {
        double[] first = trainAndFlatten(11, true);
        double[] second = trainAndFlatten(11, true);
        assertArrayEquals(first, second, 0.0, "bit for bit");
        assertFalse(java.util.Arrays.equals(first, trainAndFlatten(12, true)), "another seed differs");
    }

    /** Sgd's training session on every backend takes the same steps as {@code updateMiniBatch}, bit for bit. */
    @ParameterizedTest
    @MethodSource("nn.core.HandComputedStepTest#engines")
    void withoutShufflingMiniBatchesGoInOrder(Backprop engine) {
        MatrixDataset data = blobs(30, 4);
        Network network = Network.builder(5, 3, 2).seed(2).build();
        Network expected = network.copy();
        Sgd.builder().epochs(2).miniBatchSize(7).eta(0.5).lambda(0.3).shuffle(false).engine(engine).build()
                .train(network, data);

        // The same steps by hand: mini-batches [0,7), [7,14), … [28,30) in order, twice.
        int[] order = java.util.stream.IntStream.range(0, 30).toArray();
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int from = 0; from < 30; from += 7) {
                int m = Math.min(7, 30 - from);
                DoubleMatrix x = new DoubleMatrix(5, m);
                DoubleMatrix y = new DoubleMatrix(2, m);
                data.copyBatch(order, from, x, y);
                engine.updateMiniBatch(expected, x, y, 0.5, 0.3, 30);
            }
        }
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(expected.weights[l].data, network.weights[l].data, 0.0);
            assertArrayEquals(expected.biases[l].data, network.biases[l].data, 0.0);
        }
    }

    @Test
    void listenerSeesEveryMiniBatchAndEpoch() {
        List<String> events = new ArrayList<>();
        Sgd.builder().epochs(2).miniBatchSize(4).listener(new TrainingListener() {
            @Override
            public void epochStarted(int epoch, int miniBatches) {
                events.add("start " + epoch + "/" + miniBatches);
            }

            @Override
            public void miniBatchDone(int epoch, int miniBatch, int miniBatches) {
                events.add("batch " + miniBatch);
            }

            @Override
            public void epochEnded(EpochResult result) {
                events.add("end " + result.epoch());
            }
        }).build().train(Network.builder(5, 2).seed(1).build(), blobs(10, 1));
        assertEquals(List.of("start 0/3", "batch 0", "batch 1", "batch 2", "end 0",
                "start 1/3", "batch 0", "batch 1", "batch 2", "end 1"), events);
    }

    @Test
    void requestStopEndsAfterTheCurrentMiniBatch() {
        Network network = Network.builder(5, 2).seed(1).build();
        Sgd[] holder = new Sgd[1];
        int[] batches = new int[1];
        holder[0] = Sgd.builder().epochs(5).miniBatchSize(2).listener(new TrainingListener() {
            @Override
            public void miniBatchDone(int epoch, int miniBatch, int miniBatches) {
                if (++batches[0] == 3) {
                    holder[0].requestStop();
                }
            }
        }).build();
        TrainingHistory history = holder[0].train(network, blobs(10, 1));
        assertTrue(history.stoppedEarly());
        assertEquals(3, batches[0]);
        assertTrue(history.epochs().isEmpty());
    }

    private static double[] trainAndFlatten(long seed, boolean shuffle) {
        Network network = Network.builder(5, 4, 2).seed(seed).build();
        Sgd.builder().epochs(3).miniBatchSize(10).eta(1.0).lambda(0.1).seed(seed).shuffle(shuffle).build()
                .train(network, blobs(57, 9));
        DoubleMatrix all = new DoubleMatrix(0, 1);
        for (int l = 0; l < 2; l++) {
            all = DoubleMatrix.concatVertically(all, network.weights(l).reshape(network.weights[l].length, 1));
            all = DoubleMatrix.concatVertically(all, network.biases(l));
        }
        return all.data;
    }
}
