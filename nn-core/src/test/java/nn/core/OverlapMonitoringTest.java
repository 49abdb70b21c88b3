package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import nn.backend.BlasMatrix;
import nn.data.Dataset;
import nn.data.MatrixDataset;
import nn.network.Activation;
import nn.network.CrossEntropyCost;
import nn.network.Network;
import nn.network.Sigmoid;
import nn.training.Backprop;
import nn.training.EarlyStopping;
import nn.training.EpochResult;
import nn.training.LearningRateSchedule;
import nn.training.Optimizer;
import nn.training.Sgd;
import nn.training.TrainingDivergedException;
import nn.training.TrainingHistory;
import nn.training.TrainingListener;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Sgd.Builder#overlapMonitoring}: measuring each epoch beside the next one's steps changes nothing a caller
 * can see but the timing: the same figures, the same network (also as the listener sees it after each epoch), the
 * same listener calls in the same order. In nn-core the engines train on the network's own matrices, so this
 * checks that overlap then stays off; nn-openblas runs the same tests on OpenBLAS, where it is on.
 */
class OverlapMonitoringTest {

    /**
     * A dataset whose copies take a few milliseconds on the thread named {@code slowOn} ("main" for the steps,
     * "nn-monitor" for the overlapped measuring), so that both ways a deferred epoch can end are taken: its figures
     * ready in the middle of the next epoch, or only at its last mini-batch.
     */
    private static Dataset slowOn(Dataset data, String slowOn, int stopAtCopy, Sgd[] stop, AtomicInteger copies) {
        return new ForwardingDataset(data) {
            @Override
            public void copyBatch(int[] order, int from, int count, BlasMatrix inputs, BlasMatrix targets) {
                String thread = Thread.currentThread().getName();
                if (thread.equals(slowOn) || slowOn.equals("main") && !thread.startsWith("nn-")) {
                    try {
                        Thread.sleep(3);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (!thread.startsWith("nn-") && count <= 7 && copies.incrementAndGet() == stopAtCopy) {
                    stop[0].requestStop(); // from the training thread, before the step of this mini-batch
                }
                super.copyBatch(order, from, count, inputs, targets);
            }
        };
    }

    /** Every listener call as text, exact to the last bit except the seconds; each on the training thread. */
    private static final class Recorder implements TrainingListener {
        final List<String> calls = new ArrayList<>();
        final Thread trainingThread = Thread.currentThread();
        /** For each epochEnded, the training thread's mini-batch copies so far: when the listener heard of it. */
        final List<Integer> endedAtCopy = new ArrayList<>();
        AtomicInteger copies;
        Sgd sgd;
        Network network;

        private void record(String call) {
            assertEquals(trainingThread, Thread.currentThread(), call);
            calls.add(call);
        }

        @Override
        public void epochStarted(int epoch, int miniBatches) {
            record("started " + epoch + " of " + miniBatches);
        }

        @Override
        public void miniBatchDone(int epoch, int miniBatch, int miniBatches) {
            record("mini-batch " + epoch + "." + miniBatch);
        }

        @Override
        public void evaluating(int epoch) {
            record("evaluating " + epoch);
        }

        @Override
        public void epochEnded(EpochResult r) {
            endedAtCopy.add(copies.get());
            // What a checkpoint after every epoch saves: the network, the optimiser's state and the history.
            record("ended " + figures(r) + " network " + Arrays.toString(Sessions.parameters(network)) + " state "
                    + Arrays.deepToString(sgd.state().optimizerState()) + " after " + sgd.state().history().size());
        }
    }

    private static String figures(EpochResult r) {
        return r.epoch() + " " + r.trainingCost() + " " + r.trainingAccuracy() + "/" + r.trainingSize() + " "
                + r.evaluationCost() + " " + r.evaluationAccuracy() + "/" + r.evaluationSize() + " eta " + r.eta();
    }

    private record Outcome(List<String> calls, List<String> history, String stopReason, double[] parameters,
                           String stoppedState, List<Integer> endedAtCopy) {
    }

    private static Outcome run(Backprop engine, boolean overlap, String slowOn, int stopAtCopy, Optimizer optimizer) {
        Network network = Network.builder(4, 6, 3).seed(3).build();
        Recorder recorder = new Recorder();
        Sgd[] sgd = new Sgd[1];
        AtomicInteger copies = new AtomicInteger();
        recorder.copies = copies;
        sgd[0] = Sgd.builder().epochs(4).miniBatchSize(7).eta(0.7).lambda(0.3).seed(5).engine(engine)
                .optimizer(optimizer).prefetch(false).overlapMonitoring(overlap)
                .monitorTrainingCost(true).monitorTrainingAccuracy(true)
                .monitorEvaluationCost(true).monitorEvaluationAccuracy(true)
                .listener(recorder).build();
        recorder.sgd = sgd[0];
        recorder.network = network;
        TrainingHistory history = sgd[0].train(network,
                slowOn(SgdLoopTest.data(60, 1), slowOn, stopAtCopy, sgd, copies),
                slowOn(SgdLoopTest.data(20, 2), slowOn, -1, sgd, copies));
        List<String> figures = history.epochs().stream().map(OverlapMonitoringTest::figures).toList();
        String stopped = history.stopReason() == TrainingHistory.StopReason.REQUESTED
                ? Arrays.deepToString(sgd[0].state().optimizerState()) + " after " + sgd[0].state().history().size()
                : "";
        return new Outcome(recorder.calls, figures, history.stopReason().toString(), Sessions.parameters(network),
                stopped, recorder.endedAtCopy);
    }

    private static void assertSame(Outcome without, Outcome with, String what) {
        assertEquals(without.calls, with.calls, what);
        assertEquals(without.history, with.history, what);
        assertEquals(without.stopReason, with.stopReason, what);
        assertEquals(without.stoppedState, with.stoppedState, what);
        assertArrayEquals(without.parameters, with.parameters, 0.0, what);
    }

    @ParameterizedTest
    @MethodSource("nn.core.HandComputedStepTest#engines")
    void theSameFiguresNetworkAndListenerCallsWithAndWithoutOverlap(Backprop engine) {
        for (String slowOn : List.of("main", "nn-monitor")) {
            for (Optimizer optimizer : List.of(Optimizer.sgd(), Optimizer.momentum(0.9))) {
                String what = Engines.describe(engine) + ", slow on " + slowOn + ", " + optimizer;
                Outcome without = run(engine, false, slowOn, -1, optimizer);
                assertEquals(4, without.history.size(), what);
                Outcome with = run(engine, true, slowOn, -1, optimizer);
                assertSame(without, with, what);
                if (!overlaps(engine)) {
                    continue;
                }
                // Both ways a deferred epoch ends were taken: 9 mini-batches an epoch, so epoch e's steps end at copy
                // 9(e + 1), and a deferred epoch e is heard of during epoch e + 1, at its last copy at the latest.
                List<Integer> deferred = with.endedAtCopy.subList(0, 3);
                for (int e = 0; e < 3; e++) {
                    assertTrue(deferred.get(e) > 9 * (e + 1) && deferred.get(e) <= 9 * (e + 2), what + ": " + deferred);
                }
                if (slowOn.equals("main")) { // 27 ms of steps against a pass of 80 examples
                    assertTrue(java.util.stream.IntStream.range(0, 3).anyMatch(e -> deferred.get(e) < 9 * (e + 2)),
                            what + ": no deferred epoch ended before the next one's last mini-batch: " + deferred);
                } else { // a pass of at least 6 ms against 9 steps of a [4,6,3] network
                    assertTrue(java.util.stream.IntStream.range(0, 3).anyMatch(e -> deferred.get(e) == 9 * (e + 2)),
                            what + ": every deferred epoch ended before the next one's last mini-batch: " + deferred);
                }
            }
        }
    }

    /** Whether the engine keeps its own copy of the parameters, which overlap needs (jblas and looped do not). */
    private static boolean overlaps(Backprop engine) {
        return engine instanceof nn.training.BatchedBackprop b && !b.blas().name().equals("jblas");
    }

    /** A stop requested before the step of the 21st mini-batch (epoch 2's third) stops at the same place either way. */
    @ParameterizedTest
    @MethodSource("nn.core.HandComputedStepTest#engines")
    void aStopRequestStopsAtTheSameMiniBatchWithAndWithoutOverlap(Backprop engine) {
        for (String slowOn : List.of("main", "nn-monitor")) {
            String what = Engines.describe(engine) + ", slow on " + slowOn;
            Outcome without = run(engine, false, slowOn, 21, Optimizer.momentum(0.5));
            assertEquals("REQUESTED", without.stopReason, what);
            assertEquals(2, without.history.size(), what);
            assertSame(without, run(engine, true, slowOn, 21, Optimizer.momentum(0.5)), what);
        }
    }

    /**
     * An infinite cost found by an overlapped pass (epoch 0's, read during epoch 1, on the default engine where it
     * is OpenBLAS's) ends the run as it does without overlap: the same epoch, message and figures, and the network
     * restored to where it started.
     */
    @Test
    void aCostThatBecomesInfiniteInADeferredEpochDivergesAsWithoutOverlap() {
        List<String> outcomes = new ArrayList<>();
        for (boolean overlap : new boolean[] {false, true}) {
            // A sigmoid output saturated at exactly 1.0 against a target of 0 has an infinite cross-entropy.
            Network network = Network.of(new int[] {1, 1}, new Activation[] {Sigmoid.INSTANCE},
                    CrossEntropyCost.INSTANCE, new DoubleMatrix[] {new DoubleMatrix(new double[][] {{0.0}})},
                    new DoubleMatrix[] {new DoubleMatrix(new double[] {100.0})});
            MatrixDataset data = MatrixDataset.of(new DoubleMatrix(new double[][] {{0.0}}),
                    new DoubleMatrix(new double[][] {{0.0}}));
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> Sgd.builder().epochs(3).miniBatchSize(1).eta(1e-9).monitorTrainingCost(true)
                            .overlapMonitoring(overlap).build().train(network, data));
            assertTrue(e.getMessage().contains("the training cost became Infinity"), e.getMessage());
            outcomes.add(e.epoch() + " " + e.getMessage() + " " + figures(e.figures()) + " "
                    + e.history().epochs().size() + " " + network.biases(0).get(0) + " " + network.weights(0).get(0));
        }
        assertEquals(outcomes.get(0), outcomes.get(1));
        assertTrue(outcomes.get(1).endsWith(" 100.0 0.0"), outcomes.get(1));
    }

    @Test
    void overlapIsRefusedWithEarlyStoppingOrASchedulethatReadsTheHistory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sgd.builder()
                .overlapMonitoring(true).earlyStopping(EarlyStopping.noImprovementIn(3, EarlyStopping.Metric.ACCURACY))
                .build());
        assertTrue(e.getMessage().contains("early stopping"), e.getMessage());
        for (LearningRateSchedule schedule : List.of(LearningRateSchedule.halveOnPlateau(2),
                LearningRateSchedule.step(2, 0.5), LearningRateSchedule.exponential(0.9))) {
            IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                    () -> Sgd.builder().overlapMonitoring(true).schedule(schedule).build());
            assertTrue(s.getMessage().contains(schedule.describe()), s.getMessage());
        }
        Sgd.builder().overlapMonitoring(true).schedule(LearningRateSchedule.constant()).build();
    }
}
