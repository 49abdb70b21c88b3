package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import nn.data.MatrixDataset;
import nn.network.Activation;
import nn.network.CrossEntropyCost;
import nn.network.Network;
import nn.network.Sigmoid;
import nn.training.Backprop;
import nn.training.EarlyStopping;
import nn.training.EpochResult;
import nn.training.Sgd;
import nn.training.TrainingHistory;
import nn.training.TrainingListener;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Early stopping on a contrived problem whose evaluation figures peak and then worsen. A [1, 2] sigmoid network
 * with weights (1, −1) predicts class 1 for x &lt; (b₁ − b₀)/2, which starts at −0.9. Every training example is
 * x = 0 with class 1, so training only moves the biases (the weights' gradient is δ·x = 0) and pushes the boundary
 * steadily to the right. The evaluation examples are x = −1, −0.95, …, 1 with class 1 left of 0 and class 0 from 0
 * on: the evaluation accuracy rises while the boundary approaches 0 and falls once it has passed it, and so does
 * the evaluation cost (in reverse). Sgd must stop {@code patience} epochs after the best epoch, report it as kept,
 * and leave the network exactly as it was after that epoch (captured with a copy in the listener). Nothing asks
 * for evaluation monitoring: early stopping turns on the figure it watches.
 */
class EarlyStoppingTest {

    private static final int PATIENCE = 3;

    static Stream<Named<Backprop>> engines() {
        return HandComputedStepTest.engines();
    }

    private static Network network() {
        return Network.of(new int[] {1, 2}, new Activation[] {Sigmoid.INSTANCE}, CrossEntropyCost.INSTANCE,
                new DoubleMatrix[] {new DoubleMatrix(new double[][] {{1.0}, {-1.0}})},
                new DoubleMatrix[] {new DoubleMatrix(new double[] {0.9, -0.9})});
    }

    private static MatrixDataset training() {
        int[] labels = new int[20];
        Arrays.fill(labels, 1);
        return MatrixDataset.ofLabels(new DoubleMatrix(1, 20), labels, 2);
    }

    private static MatrixDataset evaluation() {
        DoubleMatrix x = new DoubleMatrix(1, 41);
        int[] labels = new int[41];
        for (int i = 0; i < 41; i++) {
            x.put(0, i, -1.0 + 0.05 * i);
            labels[i] = i < 20 ? 1 : 0;
        }
        return MatrixDataset.ofLabels(x, labels, 2);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void stopsAfterPatienceEpochsAndKeepsTheBestAccuracy(Backprop engine) {
        run(engine, EarlyStopping.Metric.ACCURACY);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void stopsAfterPatienceEpochsAndKeepsTheLowestCost(Backprop engine) {
        run(engine, EarlyStopping.Metric.COST);
    }

    private static void run(Backprop engine, EarlyStopping.Metric metric) {
        Network network = network();
        List<Network> afterEpoch = new ArrayList<>();
        TrainingHistory history = Sgd.builder().epochs(200).miniBatchSize(10).eta(0.1).seed(1).engine(engine)
                .earlyStopping(EarlyStopping.noImprovementIn(PATIENCE, metric))
                .listener(new TrainingListener() {
                    @Override
                    public void epochEnded(EpochResult result) {
                        afterEpoch.add(network.copy());
                    }
                }).build().train(network, training(), evaluation());

        List<EpochResult> epochs = history.epochs();
        // The best epoch, found here independently: the first with the highest accuracy or the lowest cost.
        int best = 0;
        for (int i = 1; i < epochs.size(); i++) {
            boolean better = metric == EarlyStopping.Metric.ACCURACY
                    ? epochs.get(i).evaluationAccuracy() > epochs.get(best).evaluationAccuracy()
                    : epochs.get(i).evaluationCost() < epochs.get(best).evaluationCost();
            if (better) {
                best = i;
            }
        }
        String what = Engines.describe(engine) + " " + metric + ": " + figures(epochs, metric);
        assertTrue(best > 0, "the figure improved at first: " + what);
        assertEquals(TrainingHistory.StopReason.NO_IMPROVEMENT, history.stopReason(), what);
        assertEquals(best, history.keptEpoch(), what);
        assertEquals(best + PATIENCE + 1, epochs.size(), "stopped patience epochs after the best: " + what);
        assertArrayEquals(Sessions.parameters(afterEpoch.get(best)), Sessions.parameters(network), 0.0,
                "the network is the best epoch's: " + what);
        assertFalse(Arrays.equals(Sessions.parameters(afterEpoch.get(epochs.size() - 1)),
                Sessions.parameters(network)), "the last epoch's network differs: " + what);
    }

    private static String figures(List<EpochResult> epochs, EarlyStopping.Metric metric) {
        StringBuilder s = new StringBuilder();
        for (EpochResult r : epochs) {
            s.append(metric == EarlyStopping.Metric.ACCURACY ? String.valueOf(r.evaluationAccuracy())
                    : String.format("%.4f", r.evaluationCost())).append(' ');
        }
        return s.toString();
    }
}
