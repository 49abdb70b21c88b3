package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import nn.data.Dataset;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.EarlyStopping;
import nn.training.LearningRateSchedule;
import nn.training.Seeds;
import nn.training.Sgd;
import nn.training.TrainingHistory;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What {@link Sgd}'s one loop does with the seed and the settings, checked against the same steps taken by hand. */
class SgdLoopTest {

    /** n random examples of 4 inputs in [−1, 1) and one of 3 labels each, from {@code seed}. */
    static MatrixDataset data(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DoubleMatrix x = new DoubleMatrix(4, n);
        for (int i = 0; i < x.length; i++) {
            x.data[i] = random.nextDouble(-1, 1);
        }
        return MatrixDataset.ofLabels(x, random.ints(n, 0, 3).toArray(), 3);
    }

    /**
     * Plain SGD, shuffled: epoch e visits the examples in the order of a Fisher–Yates shuffle of 0 … n − 1 drawn
     * from {@code new SplittableRandom(Seeds.shuffle(seed, e))}, in mini-batches of m (the last one shorter), each
     * applied with network2.py's {@code update_mini_batch} — bit for bit the same network.
     */
    @ParameterizedTest
    @MethodSource("nn.core.HandComputedStepTest#engines")
    void defaultTrainingIsNetwork2StepsInTheSeedsShuffleOrder(Backprop engine) {
        MatrixDataset data = data(33, 4);
        Network network = Network.builder(4, 5, 3).seed(Seeds.network(9)).build();
        Network byHand = network.copy();
        Sgd.builder().epochs(3).miniBatchSize(8).eta(0.9).lambda(0.4).seed(9).engine(engine).prefetch(false).build()
                .train(network, data);
        for (int epoch = 0; epoch < 3; epoch++) {
            SplittableRandom random = new SplittableRandom(Seeds.shuffle(9, epoch));
            int[] order = java.util.stream.IntStream.range(0, 33).toArray();
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int from = 0; from < 33; from += 8) {
                int m = Math.min(8, 33 - from);
                DoubleMatrix x = new DoubleMatrix(4, m);
                DoubleMatrix y = new DoubleMatrix(3, m);
                data.copyBatch(order, from, x, y);
                engine.updateMiniBatch(byHand, x, y, 0.9, 0.4, 33);
            }
        }
        assertArrayEquals(Sessions.parameters(byHand), Sessions.parameters(network), 0.0,
                Engines.describe(engine));
    }

    /**
     * {@link Sgd.Builder#dropout} documents that one rate applies to every hidden layer: dropout(0.4) on a network
     * with two hidden layers is dropout(0.4, 0.4), bit for bit, and differs from dropping in the first layer only.
     */
    @ParameterizedTest
    @MethodSource("nn.core.HandComputedStepTest#engines")
    void oneDropoutRateAppliesToEveryHiddenLayer(Backprop engine) {
        MatrixDataset data = data(30, 5);
        Network start = Network.builder(4, 6, 6, 3).seed(2).build();
        double[] one = train(engine, start, data, 0.4);
        double[] both = train(engine, start, data, 0.4, 0.4);
        double[] firstOnly = train(engine, start, data, 0.4, 0.0);
        assertArrayEquals(both, one, 0.0, Engines.describe(engine));
        assertFalse(Arrays.equals(both, firstOnly), "the second hidden layer's dropout changes the run");
        assertEquals(both.length, one.length);
    }

    /**
     * The monitored costs are the book's total cost with the L1 term of chapter 3 beside the L2 one:
     * {@code (1/n) Σ_x C_x + (λ/2n) Σ w² + (λ₁/n) Σ |w|}, n being the size of the dataset measured (as
     * network2.py's {@code total_cost}). Here the sums are {@link Network#totalCost} (the L2 part) and a plain loop
     * (the L1 part); the two computations add the same terms in another order, so they agree to 1e-12 relative.
     */
    @ParameterizedTest
    @MethodSource("nn.core.HandComputedStepTest#engines")
    void monitoredCostsIncludeTheL1AndL2Terms(Backprop engine) {
        MatrixDataset training = data(30, 6);
        MatrixDataset evaluation = data(11, 7);
        Network network = Network.builder(4, 5, 3).seed(4).build();
        TrainingHistory history = Sgd.builder().epochs(1).miniBatchSize(7).eta(0.5).lambda(0.4).lambda1(0.3).seed(1)
                .engine(engine).monitorTrainingCost(true).monitorEvaluationCost(true).build()
                .train(network, training, evaluation);
        double absolutes = 0;
        for (int l = 0; l < network.numLayers() - 1; l++) {
            for (double w : network.weights[l].data) {
                absolutes += Math.abs(w);
            }
        }
        double expectedTraining = network.totalCost(training, 0.4) + 0.3 / 30 * absolutes;
        double expectedEvaluation = network.totalCost(evaluation, 0.4) + 0.3 / 11 * absolutes;
        assertEquals(expectedTraining, history.last().trainingCost(), 1e-12 * expectedTraining);
        assertEquals(expectedEvaluation, history.last().evaluationCost(), 1e-12 * expectedEvaluation);
    }

    /** Early stopping and the plateau schedule read the evaluation data: without it, the run refuses to start. */
    @ParameterizedTest
    @MethodSource("nn.core.HandComputedStepTest#engines")
    void earlyStoppingAndThePlateauScheduleNeedEvaluationData(Backprop engine) {
        MatrixDataset training = data(10, 8);
        Network network = Network.builder(4, 3).seed(1).build();
        IllegalArgumentException stopping = assertThrows(IllegalArgumentException.class, () -> Sgd.builder()
                .engine(engine).earlyStopping(EarlyStopping.noImprovementIn(2, EarlyStopping.Metric.COST)).build()
                .train(network, training));
        assertTrue(stopping.getMessage().contains("no evaluation data"), stopping.getMessage());
        IllegalArgumentException plateau = assertThrows(IllegalArgumentException.class, () -> Sgd.builder()
                .engine(engine).schedule(LearningRateSchedule.halveOnPlateau(2)).build().train(network, training));
        assertTrue(plateau.getMessage().contains("no evaluation data"), plateau.getMessage());
    }

    private static double[] train(Backprop engine, Network start, Dataset data, double... rates) {
        Network network = start.copy();
        Sgd.builder().epochs(2).miniBatchSize(7).eta(0.5).seed(3).dropout(rates).engine(engine).build()
                .train(network, data);
        return Sessions.parameters(network);
    }
}
