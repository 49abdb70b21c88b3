package nn.examples;

import java.util.ArrayList;
import java.util.List;
import nn.core.Backprop;
import nn.core.Dataset;
import nn.core.Network;
import nn.core.Sgd;
import nn.core.TrainingDivergedException;
import nn.core.TrainingHistory;
import nn.core.TrainingListener;

/**
 * Trains a network epoch by epoch with nn-core's {@link Sgd}, measuring cost and accuracy on the training and
 * validation data after every epoch, and stops cleanly when asked to from another thread.
 *
 * <p>When a weight, a bias or a measured cost stops being a finite number, training stops at that epoch and the
 * network goes back to what it was after the last good epoch: {@link #network()} is then that network, never one
 * holding NaNs, and {@link #divergence()} says what happened.
 *
 * <p>Each epoch is one {@code Sgd} run of one epoch whose shuffle seed derives from the run's seed and the epoch
 * number (see {@link Seeds}); the backprop engine and its workspaces are shared by all of them.
 */
final class Trainer {

    /** How a run ended. */
    enum Outcome {
        /** Every epoch was trained. */
        COMPLETED,
        /** {@link #requestStop()} ended the run inside an epoch. */
        STOPPED,
        /** A parameter or a cost stopped being finite; the network is the last good one. */
        DIVERGED
    }

    /**
     * What diverged, and where.
     *
     * @param epoch the epoch (from 1) in which it happened
     * @param what  what stopped being finite, e.g. "the training cost became Infinity"
     */
    record Divergence(int epoch, String what) {
    }

    /** Called after every completed epoch, e.g. to write a checkpoint. */
    @FunctionalInterface
    interface EpochSink {
        void accept(EpochRecord record) throws java.io.IOException;
    }

    /** Told the progress inside each epoch, e.g. by the browser dashboard; called on the training thread. */
    interface Watcher {
        /** Epoch {@code epoch} (from 1) of {@code epochs}, of {@code miniBatches} mini-batches, starts. */
        void epochStarted(int epoch, int epochs, int miniBatches);

        /** {@code done} of the epoch's {@code miniBatches} mini-batches are applied; must return at once. */
        void miniBatchDone(int epoch, int done, int miniBatches);
    }

    private static final Watcher NO_WATCHER = new Watcher() {
        @Override
        public void epochStarted(int epoch, int epochs, int miniBatches) {
        }

        @Override
        public void miniBatchDone(int epoch, int done, int miniBatches) {
        }
    };

    private Network network;
    private Watcher watcher = NO_WATCHER;
    private final Dataset training;
    /** What the mini-batches are drawn from: the training set, or its augmented view ({@link #trainOn}). */
    private EpochOffsetDataset trainOn;
    private final Dataset validation;
    private final TrainSettings settings;
    private final EpochPrinter printer;
    private final Backprop engine;
    private final List<EpochRecord> history;
    private volatile boolean stopRequested;
    private volatile Sgd current;
    private boolean prefetch = Runtime.getRuntime().availableProcessors() > 1; // Sgd's default
    private Divergence divergence;

    /**
     * @param engine  the engine named by {@code settings.engine()}, on the BLAS backend the user chose
     * @param history the epochs already done (from a checkpoint), continued by this run
     */
    Trainer(Network network, Dataset training, Dataset validation, TrainSettings settings, Backprop engine,
            EpochPrinter printer, List<EpochRecord> history) {
        this.network = network;
        this.training = training;
        this.trainOn = new EpochOffsetDataset(training);
        this.validation = validation;
        this.settings = settings;
        this.printer = printer;
        this.engine = engine;
        this.history = new ArrayList<>(history);
    }

    /**
     * Trains from the epoch after the last one in the history up to {@code settings.epochs()}.
     *
     * @return whether every epoch was completed, a stop request ended the run, or training diverged
     */
    Outcome run(EpochSink afterEpoch) throws java.io.IOException {
        int miniBatches = (trainOn.size() + settings.miniBatchSize() - 1) / settings.miniBatchSize();
        for (int epoch = history.size() + 1; epoch <= settings.epochs(); epoch++) {
            if (stopRequested) {
                return Outcome.STOPPED;
            }
            final int thisEpoch = epoch;
            Sgd sgd = Sgd.builder()
                    .epochs(1)
                    .miniBatchSize(settings.miniBatchSize())
                    .eta(settings.eta())
                    .lambda(settings.lambda())
                    .engine(engine)
                    .seed(Seeds.epoch(settings.seed(), epoch))
                    .shuffle(settings.shuffle())
                    .prefetch(prefetch)
                    .listener(new TrainingListener() {
                        @Override
                        public void miniBatchDone(int e, int miniBatch, int total) {
                            printer.miniBatchDone(miniBatch + 1);
                            watcher.miniBatchDone(thisEpoch, miniBatch + 1, total);
                            if (stopRequested) {
                                current.requestStop(); // closes the gap between a stop request and train()'s reset
                            }
                        }
                    })
                    .build();
            current = sgd;
            printer.epochStarted(thisEpoch, settings.epochs(), miniBatches);
            watcher.epochStarted(thisEpoch, settings.epochs(), miniBatches);
            // Sgd restores the parameters it finds non-finite; a cost measured below can overflow while every
            // parameter is finite, so the network before the epoch is kept here as well.
            Network lastGood = network.copy();
            TrainingHistory result;
            try {
                trainOn.offset(epoch - 1);
                result = sgd.train(network, trainOn);
            } catch (TrainingDivergedException e) {
                // The trainer's Sgd monitors no cost: it stopped on a parameter (and restored the network).
                printer.epochAbandoned();
                return diverged(epoch, "a weight or bias became NaN or infinite during its mini-batches",
                        lastGood);
            }
            if (result.stoppedEarly()) {
                printer.epochAbandoned();
                return Outcome.STOPPED;
            }
            double seconds = result.last().seconds();
            printer.evaluating();
            Evaluation onTraining = Evaluator.evaluate(network, training, settings.lambda(), printer::evaluated);
            Evaluation onValidation = Evaluator.evaluate(network, validation, settings.lambda(),
                    done -> printer.evaluated(training.size() + done));
            EpochRecord record = new EpochRecord(epoch, seconds, onTraining.cost(), onTraining.correct(),
                    onTraining.size(), onValidation.cost(), onValidation.correct(), onValidation.size());
            printer.epochEnded(record); // shown even when it diverged: the user sees the cost that overflowed
            String problem = problem(record);
            if (problem != null) {
                return diverged(epoch, problem, lastGood);
            }
            history.add(record);
            afterEpoch.accept(record);
        }
        return Outcome.COMPLETED;
    }

    /**
     * Trains on {@code augmented} (an augmented view of the training set, e.g. {@code Augmentation.affine()}'s)
     * instead of the training set itself; the training cost and accuracy are still measured on the training set.
     * Set before {@link #run}.
     */
    void trainOn(Dataset augmented) {
        this.trainOn = new EpochOffsetDataset(augmented);
    }

    /** Sets who is told the progress inside each epoch (one watcher; set before {@link #run}). */
    void watch(Watcher watcher) {
        this.watcher = watcher;
    }

    /**
     * Copies mini-batches on the training thread instead of a second one, so that the run uses one thread (a sweep
     * runs one trial per core). The results are the same either way.
     */
    void noPrefetch() {
        prefetch = false;
    }

    /** Asks the run to stop after the current mini-batch; safe to call from any thread. */
    void requestStop() {
        stopRequested = true;
        Sgd sgd = current;
        if (sgd != null) {
            sgd.requestStop();
        }
    }

    /** Every completed good epoch, including those of a checkpoint this run continued. */
    List<EpochRecord> history() {
        return List.copyOf(history);
    }

    /**
     * The network being trained: the one given to the constructor, or after a divergence a copy of it as it was
     * after the last good epoch.
     */
    Network network() {
        return network;
    }

    /** What diverged, when {@link #run} returned {@link Outcome#DIVERGED}. */
    Divergence divergence() {
        return divergence;
    }

    private Outcome diverged(int epoch, String what, Network lastGood) {
        network = lastGood;
        divergence = new Divergence(epoch, what);
        return Outcome.DIVERGED;
    }

    /** Which cost stopped being finite, or null. (Sgd has checked the parameters at the end of the epoch.) */
    private static String problem(EpochRecord record) {
        if (!Double.isFinite(record.trainingCost())) {
            return "the training cost became " + record.trainingCost();
        }
        if (!Double.isFinite(record.validationCost())) {
            return "the validation cost became " + record.validationCost();
        }
        return null;
    }
}
