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
 * <p>Each epoch is one {@code Sgd} run of one epoch whose shuffle seed derives from the run's seed and the epoch
 * number (see {@link Seeds}); the backprop engine and its workspaces are shared by all of them.
 */
final class Trainer {

    /** Called after every completed epoch, e.g. to write a checkpoint. */
    @FunctionalInterface
    interface EpochSink {
        void accept(EpochRecord record) throws java.io.IOException;
    }

    private final Network network;
    private final Dataset training;
    private final Dataset validation;
    private final TrainSettings settings;
    private final EpochPrinter printer;
    private final Backprop engine;
    private final List<EpochRecord> history;
    private volatile boolean stopRequested;
    private volatile Sgd current;

    /**
     * @param engine  the engine named by {@code settings.engine()}, on the BLAS backend the user chose
     * @param history the epochs already done (from a checkpoint), continued by this run
     */
    Trainer(Network network, Dataset training, Dataset validation, TrainSettings settings, Backprop engine,
            EpochPrinter printer, List<EpochRecord> history) {
        this.network = network;
        this.training = training;
        this.validation = validation;
        this.settings = settings;
        this.printer = printer;
        this.engine = engine;
        this.history = new ArrayList<>(history);
    }

    /**
     * Trains from the epoch after the last one in the history up to {@code settings.epochs()}.
     *
     * @return true if every epoch was completed, false if {@link #requestStop()} ended the run early
     */
    boolean run(EpochSink afterEpoch) throws java.io.IOException {
        int miniBatches = (training.size() + settings.miniBatchSize() - 1) / settings.miniBatchSize();
        for (int epoch = history.size() + 1; epoch <= settings.epochs(); epoch++) {
            if (stopRequested) {
                return false;
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
                    .listener(new TrainingListener() {
                        @Override
                        public void miniBatchDone(int e, int miniBatch, int total) {
                            printer.miniBatchDone(miniBatch + 1);
                            if (stopRequested) {
                                current.requestStop(); // closes the gap between a stop request and train()'s reset
                            }
                        }
                    })
                    .build();
            current = sgd;
            printer.epochStarted(thisEpoch, settings.epochs(), miniBatches);
            TrainingHistory result;
            try {
                result = sgd.train(network, training);
            } catch (TrainingDivergedException e) {
                throw diverged(epoch);
            }
            if (result.stoppedEarly()) {
                printer.epochAbandoned();
                return false;
            }
            double seconds = result.last().seconds();
            printer.evaluating();
            Evaluation onTraining = Evaluator.evaluate(network, training, settings.lambda(), printer::evaluated);
            Evaluation onValidation = Evaluator.evaluate(network, validation, settings.lambda(),
                    done -> printer.evaluated(training.size() + done));
            EpochRecord record = new EpochRecord(epoch, seconds, onTraining.cost(), onTraining.correct(),
                    onTraining.size(), onValidation.cost(), onValidation.correct(), onValidation.size());
            history.add(record);
            printer.epochEnded(record);
            checkFinite(record);
            afterEpoch.accept(record);
        }
        return true;
    }

    /** Asks the run to stop after the current mini-batch; safe to call from any thread. */
    void requestStop() {
        stopRequested = true;
        Sgd sgd = current;
        if (sgd != null) {
            sgd.requestStop();
        }
    }

    /** Every completed epoch, including those of a checkpoint this run continued. */
    List<EpochRecord> history() {
        return List.copyOf(history);
    }

    private void checkFinite(EpochRecord record) {
        if (network.firstNonFiniteParameter() != null || !Double.isFinite(record.trainingCost())
                || !Double.isFinite(record.validationCost())) {
            throw diverged(record.epoch());
        }
    }

    private CliException diverged(int epoch) {
        return CliException.failure("training diverged in epoch " + epoch + ": the weights or the cost stopped"
                + " being finite numbers; try a smaller --eta than " + settings.eta());
    }
}
