package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.EpochResult;
import nn.training.LearningRateSchedule;
import nn.training.Sgd;
import nn.training.TrainingHistory;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The learning-rate schedules, on histories written out by hand, and in {@link Sgd}: the rate each epoch records
 * is the one it trained with, and the book's halve-on-plateau ends the run at η₀/128.
 */
class LearningRateScheduleTest {

    private static final double ETA0 = 0.8;

    /** Epochs whose only figure is the evaluation accuracy. */
    private static List<EpochResult> history(int... accuracies) {
        List<EpochResult> epochs = new ArrayList<>();
        for (int i = 0; i < accuracies.length; i++) {
            epochs.add(new EpochResult(i, 0.0, Double.NaN, -1, 1, Double.NaN, accuracies[i], 100, ETA0));
        }
        return epochs;
    }

    @Test
    void halveOnPlateauHalvesAfterPatienceEpochsWithoutImprovement() {
        LearningRateSchedule schedule = LearningRateSchedule.halveOnPlateau(2);
        // Patience 2: 50 (best), 60 (better), 60, 60 → two epochs without improvement: halve (1), count again;
        // 70 (better), 70, 70 → halve (2); 70, 70 → halve (3).
        List<EpochResult> epochs = history(50, 60, 60, 60, 70, 70, 70, 70, 70);
        int[] halvingsAfter = {0, 0, 0, 0, 1, 1, 1, 2, 2, 3};
        for (int k = 0; k <= epochs.size(); k++) {
            assertEquals(ETA0 / (1 << halvingsAfter[k]), schedule.eta(ETA0, epochs.subList(0, k)), 0.0,
                    "η after " + k + " epochs");
            assertFalse(schedule.finished(ETA0, epochs.subList(0, k)));
        }
        assertTrue(schedule.needsEvaluationAccuracy());
    }

    @Test
    void halveOnPlateauFinishesAtTheSeventhHalving() {
        LearningRateSchedule schedule = LearningRateSchedule.halveOnPlateau(2);
        // A constant accuracy: the first epoch sets the best, then every second epoch halves η: after k epochs
        // there have been ⌊(k − 1)/2⌋ halvings, the seventh (η₀/128) after 15.
        int[] flat = new int[15];
        java.util.Arrays.fill(flat, 40);
        List<EpochResult> epochs = history(flat);
        assertEquals(ETA0 / 64, schedule.eta(ETA0, epochs.subList(0, 14)), 0.0);
        assertFalse(schedule.finished(ETA0, epochs.subList(0, 14)));
        assertEquals(ETA0 / 128, schedule.eta(ETA0, epochs), 0.0);
        assertTrue(schedule.finished(ETA0, epochs));
    }

    @Test
    void stepAndExponentialDecay() {
        List<EpochResult> epochs = history(1, 2, 3, 4, 5, 6, 7);
        LearningRateSchedule step = LearningRateSchedule.step(3, 0.5);
        LearningRateSchedule exponential = LearningRateSchedule.exponential(0.9);
        double[] stepped = {1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25};
        for (int k = 0; k <= epochs.size(); k++) {
            List<EpochResult> done = epochs.subList(0, k);
            assertEquals(ETA0 * stepped[k], step.eta(ETA0, done), 0.0, "step after " + k);
            assertEquals(ETA0 * Math.pow(0.9, k), exponential.eta(ETA0, done), 1e-15 * ETA0, "exponential after " + k);
            assertFalse(step.finished(ETA0, done) || exponential.finished(ETA0, done));
            assertEquals(ETA0, LearningRateSchedule.constant().eta(ETA0, done), 0.0);
        }
    }

    /**
     * Sgd trains each epoch with the schedule's η and records it: two epochs under exponential(0.5) equal an epoch
     * at η₀ and then an epoch at η₀/2, without shuffling (so both runs see the same mini-batches) and with plain
     * gradient descent (no state carried between the two runs), bit for bit.
     */
    @Test
    void sgdTrainsEachEpochWithTheScheduledRate() {
        MatrixDataset data = blobs(23, 1);
        Network scheduled = Network.builder(3, 4, 2).seed(5).build();
        Network byHand = scheduled.copy();
        TrainingHistory history = Sgd.builder().epochs(2).miniBatchSize(5).eta(ETA0).lambda(0.2).shuffle(false)
                .schedule(LearningRateSchedule.exponential(0.5)).build().train(scheduled, data);
        assertEquals(ETA0, history.epochs().get(0).eta(), 0.0);
        assertEquals(ETA0 / 2, history.epochs().get(1).eta(), 0.0);
        Sgd.builder().epochs(1).miniBatchSize(5).eta(ETA0).lambda(0.2).shuffle(false).build().train(byHand, data);
        Sgd.builder().epochs(1).miniBatchSize(5).eta(ETA0 / 2).lambda(0.2).shuffle(false).build().train(byHand, data);
        assertArrayEquals(Sessions.parameters(byHand), Sessions.parameters(scheduled), 0.0);
    }

    /**
     * With one evaluation example the accuracy can improve at most twice (0 → 1 at best), so halve-on-plateau with
     * patience 1 halves η at almost every epoch and Sgd must stop for SCHEDULE_FINISHED long before the 200 epochs
     * asked for; every epoch's η is the one the book's rule gives for the accuracies before it, and the last η
     * trained with is η₀/64 (the seventh halving, to η₀/128, ends the run).
     */
    @Test
    void sgdStopsWhenHalveOnPlateauFinishes() {
        MatrixDataset training = blobs(20, 2);
        MatrixDataset one = MatrixDataset.ofLabels(new DoubleMatrix(new double[] {0.3, -0.2, 0.1}), new int[] {1}, 2);
        TrainingHistory history = Sgd.builder().epochs(200).miniBatchSize(10).eta(ETA0).seed(3)
                .schedule(LearningRateSchedule.halveOnPlateau(1)).build()
                .train(Network.builder(3, 4, 2).seed(6).build(), training, one);
        assertEquals(TrainingHistory.StopReason.SCHEDULE_FINISHED, history.stopReason());
        List<EpochResult> epochs = history.epochs();
        assertTrue(epochs.size() >= 7 && epochs.size() <= 9, epochs.size() + " epochs");
        // The book's rule replayed: best accuracy so far, epochs since it improved, halve at the patience.
        int best = -1;
        int since = 0;
        int halvings = 0;
        for (EpochResult r : epochs) {
            assertEquals(ETA0 / (1 << halvings), r.eta(), 0.0, "η of epoch " + r.epoch());
            if (r.evaluationAccuracy() > best) {
                best = r.evaluationAccuracy();
                since = 0;
            } else if (++since >= 1) {
                halvings++;
                since = 0;
            }
        }
        assertEquals(7, halvings);
        assertEquals(ETA0 / 64, history.last().eta(), 0.0);
    }

    /** Two Gaussian blobs in 3 dimensions, one per class. */
    static MatrixDataset blobs(int n, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        DoubleMatrix x = new DoubleMatrix(3, n);
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            labels[c] = c % 2;
            for (int r = 0; r < 3; r++) {
                x.put(r, c, (labels[c] == 0 ? -1.0 : 1.0) + random.nextGaussian());
            }
        }
        return MatrixDataset.ofLabels(x, labels, 2);
    }
}
