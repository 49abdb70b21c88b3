package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
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
    private static final int RESUME_AFTER = 3;

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

    @ParameterizedTest
    @MethodSource("engines")
    void resumingReproducesTheUninterruptedRun(Backprop engine) {
        MatrixDataset training = data(47, 1);
        MatrixDataset evaluation = data(30, 2);
        Optimizer[] optimizers = {Optimizer.sgd(), Optimizer.momentum(0.9), Optimizer.nesterov(0.8),
            Optimizer.adam()};
        for (Optimizer optimizer : optimizers) {
            Network start = Network.builder(6, 8, 4).seed(3).build();
            Network uninterrupted = start.copy();
            Sgd[] sgd = new Sgd[1];
            TrainingState[] state = new TrainingState[1];
            Network[] atResume = new Network[1];
            sgd[0] = config(engine, optimizer, false).listener(new TrainingListener() {
                @Override
                public void epochEnded(EpochResult result) {
                    if (result.epoch() == RESUME_AFTER) {
                        state[0] = sgd[0].state();
                        atResume[0] = uninterrupted.copy();
                    }
                }
            }).build();
            TrainingHistory whole = sgd[0].train(uninterrupted, training, evaluation);
            String what = Engines.describe(engine) + " " + optimizer.describe();
            assertNotNull(state[0], what + " ran past epoch " + RESUME_AFTER);
            assertTrue(whole.epochs().size() > RESUME_AFTER + 2, what + " trained on after the resume point");
            assertEquals(RESUME_AFTER + 1, state[0].epochsDone());

            for (boolean prefetch : new boolean[] {false, true}) {
                Network resumed = atResume[0].copy();
                TrainingHistory rest = config(engine, optimizer, prefetch).build()
                        .train(resumed, training, evaluation, state[0]);
                String how = what + " prefetch " + prefetch;
                assertArrayEquals(Sessions.parameters(uninterrupted), Sessions.parameters(resumed), 0.0, how);
                assertEquals(whole.stopReason(), rest.stopReason(), how);
                assertEquals(whole.keptEpoch(), rest.keptEpoch(), how);
                assertFigures(whole.epochs(), rest.epochs(), how);
            }
        }
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
