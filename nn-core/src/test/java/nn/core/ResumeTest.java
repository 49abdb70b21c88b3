package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.EarlyStopping;
import nn.training.EpochResult;
import nn.training.LearningRateSchedule;
import nn.training.Optimizer;
import nn.training.Sgd;
import nn.training.TrainingHistory;
import nn.training.TrainingListener;
import nn.training.TrainingState;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A run resumed from {@link Sgd#state()} after epoch k, with the network copied at that point, reproduces the
 * uninterrupted run bit for bit: the parameters, every epoch's figures (the wall-clock seconds aside), why it
 * stopped and which epoch it kept. Every optimiser, each with L2, L1, dropout, halve-on-plateau and early stopping
 * together, on every engine, resumed with prefetching on and off.
 */
class ResumeTest {

    private static final int EPOCHS = 12;

    static Stream<Named<Backprop>> engines() {
        return HandComputedStepTest.engines();
    }

    /** Four noisy classes in 6 dimensions: 47 training examples (mini-batches of 10 and a last one of 7), 30 more. */
    private static MatrixDataset data(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DoubleMatrix x = new DoubleMatrix(6, n);
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            labels[c] = random.nextInt(4);
            for (int r = 0; r < 6; r++) {
                x.put(r, c, (r % 4 == labels[c] ? 1.0 : 0.0) + 0.8 * random.nextGaussian());
            }
        }
        return MatrixDataset.ofLabels(x, labels, 4);
    }

    private static Sgd.Builder config(Backprop engine, Optimizer optimizer, boolean prefetch) {
        return Sgd.builder().epochs(EPOCHS).miniBatchSize(10).eta(optimizer.name().equals("adam") ? 0.01 : 0.3)
                .lambda(0.5).lambda1(0.1).dropout(0.3).optimizer(optimizer).seed(17).engine(engine)
                .prefetch(prefetch).monitorTrainingCost(true).monitorTrainingAccuracy(true)
                .monitorEvaluationCost(true).monitorEvaluationAccuracy(true)
                .schedule(LearningRateSchedule.halveOnPlateau(2))
                .earlyStopping(EarlyStopping.noImprovementIn(6, EarlyStopping.Metric.COST));
    }

    /**
     * Resumed after epoch 3 (every run still going), after epoch 6 (the momentum run's best epoch, 4, lies before
     * it, so the best network comes from the state) and after the run's last epoch (the resumed run must stop as
     * the run did: at once, for the same reason, with the same network).
     */
    @ParameterizedTest
    @MethodSource("engines")
    void resumingReproducesTheUninterruptedRun(Backprop engine) {
        MatrixDataset training = data(47, 1);
        MatrixDataset evaluation = data(30, 2);
        Optimizer[] optimizers = {Optimizer.sgd(), Optimizer.momentum(0.9), Optimizer.nesterov(0.8),
            Optimizer.adam()};
        for (Optimizer optimizer : optimizers) {
            Network uninterrupted = Network.builder(6, 8, 4).seed(3).build();
            Sgd[] sgd = new Sgd[1];
            List<TrainingState> states = new ArrayList<>();
            List<Network> networks = new ArrayList<>();
            sgd[0] = config(engine, optimizer, false).listener(new TrainingListener() {
                @Override
                public void epochEnded(EpochResult result) {
                    states.add(sgd[0].state());
                    networks.add(uninterrupted.copy());
                }
            }).build();
            TrainingHistory whole = sgd[0].train(uninterrupted, training, evaluation);
            int last = whole.epochs().size() - 1;
            String run = Engines.describe(engine) + " " + optimizer.describe();
            assertTrue(last > 6 + 1, run + " trained past epoch 7");
            for (int resumeAfter : new int[] {3, 6, last}) {
                TrainingState state = states.get(resumeAfter);
                assertEquals(resumeAfter + 1, state.epochsDone());
                for (boolean prefetch : new boolean[] {false, true}) {
                    Network resumed = networks.get(resumeAfter).copy();
                    TrainingHistory rest = config(engine, optimizer, prefetch).build()
                            .train(resumed, training, evaluation, state);
                    String how = run + " resumed after epoch " + resumeAfter + " of " + last + ", prefetch "
                            + prefetch;
                    assertArrayEquals(Sessions.parameters(uninterrupted), Sessions.parameters(resumed), 0.0, how);
                    assertEquals(whole.stopReason(), rest.stopReason(), how);
                    assertEquals(whole.keptEpoch(), rest.keptEpoch(), how);
                    assertFigures(whole.epochs(), rest.epochs(), how);
                }
            }
        }
    }

    /** A run the book's schedule ended, resumed from its last checkpoint, ends at once for the same reason. */
    @ParameterizedTest
    @MethodSource("engines")
    void resumingAFinishedScheduleStopsAtOnce(Backprop engine) {
        MatrixDataset training = data(47, 1);
        MatrixDataset one = MatrixDataset.ofLabels(new DoubleMatrix(new double[] {1, 0, 0, 0, 0, 0}), new int[] {0}, 4);
        Network network = Network.builder(6, 8, 4).seed(3).build();
        Sgd[] sgd = new Sgd[1];
        TrainingState[] last = new TrainingState[1];
        Sgd.Builder config = Sgd.builder().epochs(100).miniBatchSize(10).eta(0.3).optimizer(Optimizer.momentum(0.5))
                .seed(5).engine(engine).schedule(LearningRateSchedule.halveOnPlateau(1));
        sgd[0] = config.listener(new TrainingListener() {
            @Override
            public void epochEnded(EpochResult result) {
                last[0] = sgd[0].state();
            }
        }).build();
        TrainingHistory whole = sgd[0].train(network, training, one);
        assertEquals(TrainingHistory.StopReason.SCHEDULE_FINISHED, whole.stopReason());
        Network resumed = network.copy();
        TrainingHistory rest = config.listener(new TrainingListener() { }).build()
                .train(resumed, training, one, last[0]);
        assertEquals(TrainingHistory.StopReason.SCHEDULE_FINISHED, rest.stopReason());
        assertFigures(whole.epochs(), rest.epochs(), Engines.describe(engine));
        assertArrayEquals(Sessions.parameters(network), Sessions.parameters(resumed), 0.0);
    }

    /** Every figure of every epoch equal, bit for bit; the seconds are wall clock and differ. */
    private static void assertFigures(List<EpochResult> expected, List<EpochResult> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": epochs");
        for (int i = 0; i < expected.size(); i++) {
            EpochResult e = expected.get(i);
            EpochResult a = actual.get(i);
            String at = what + ", epoch " + i;
            assertEquals(e.epoch(), a.epoch(), at);
            assertEquals(e.trainingCost(), a.trainingCost(), 0.0, at);
            assertEquals(e.trainingAccuracy(), a.trainingAccuracy(), at);
            assertEquals(e.trainingSize(), a.trainingSize(), at);
            assertEquals(e.evaluationCost(), a.evaluationCost(), 0.0, at);
            assertEquals(e.evaluationAccuracy(), a.evaluationAccuracy(), at);
            assertEquals(e.evaluationSize(), a.evaluationSize(), at);
            assertEquals(e.eta(), a.eta(), 0.0, at);
        }
    }
}
