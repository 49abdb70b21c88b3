package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import nn.data.MatrixDataset;
import nn.network.Activation;
import nn.network.CrossEntropyCost;
import nn.network.Network;
import nn.network.Sigmoid;
import nn.training.Sgd;
import nn.training.TrainingDivergedException;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

class DivergenceTest {

    private static MatrixDataset data() {
        SplittableRandom random = new SplittableRandom(5);
        DoubleMatrix x = new DoubleMatrix(4, 40);
        int[] labels = new int[40];
        for (int c = 0; c < 40; c++) {
            labels[c] = c % 3;
            for (int r = 0; r < 4; r++) {
                x.put(r, c, random.nextDouble(-1, 1) * 10);
            }
        }
        return MatrixDataset.ofLabels(x, labels, 3);
    }

    @Test
    void aHugeLearningRateStopsWithAClearMessageAndKeepsTheLastGoodNetwork() {
        // With η = 1e300 and λ = 1 the weight-decay factor 1 − ηλ/n is about −2.5e298: the weights overflow to
        // ±∞ in the second step and turn into NaN (∞ − ∞) right after.
        Network network = Network.builder(4, 8, 3).seed(1).build();
        Network before = network.copy();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Sgd.builder().epochs(5).miniBatchSize(4).eta(1e300).lambda(1.0).build().train(network, data()));
        assertEquals(0, e.epoch());
        assertTrue(e.getMessage().startsWith("training diverged in epoch 0: "), e.getMessage());
        assertTrue(e.getMessage().contains("Try a smaller learning rate than eta = 1.0E300"), e.getMessage());
        assertTrue(e.getMessage().contains("restored to its initial state"), e.getMessage());
        assertNull(network.firstNonFiniteParameter(), "no NaN is left in the network");
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(before.weights[l].data, network.weights[l].data, 0.0, "restored bit for bit");
        }
        assertTrue(e.history().epochs().isEmpty());
    }

    @Test
    void divergenceAfterGoodEpochsRestoresTheLastGoodEpoch() {
        Network network = Network.builder(4, 8, 3).seed(1).build();
        Sgd good = Sgd.builder().epochs(2).miniBatchSize(4).eta(0.5).build();
        good.train(network, data());
        Network afterTwo = network.copy();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Sgd.builder().epochs(3).miniBatchSize(4).eta(1e300).lambda(1.0).build().train(network, data()));
        assertArrayEquals(afterTwo.weights[0].data, network.weights[0].data, 0.0);
        assertTrue(e.getMessage().contains(" = NaN") || e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void anInfiniteMonitoredCostCountsAsDivergence() {
        // A sigmoid output saturated at exactly 1.0 against a target of 0 has an infinite cross-entropy.
        Network network = Network.of(new int[] {1, 1}, new Activation[] {Sigmoid.INSTANCE}, CrossEntropyCost.INSTANCE,
                new DoubleMatrix[] {new DoubleMatrix(new double[][] {{0.0}})},
                new DoubleMatrix[] {new DoubleMatrix(new double[] {100.0})});
        MatrixDataset data = MatrixDataset.of(new DoubleMatrix(new double[][] {{0.0}}), new DoubleMatrix(new double[][] {{0.0}}));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Sgd.builder().epochs(1).miniBatchSize(1).eta(1e-9).monitorTrainingCost(true).build()
                        .train(network, data));
        assertTrue(e.getMessage().contains("the training cost became Infinity"), e.getMessage());
    }
}
