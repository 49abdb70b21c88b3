package nn.training;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nn.backend.Blas;
import nn.backend.Precision;
import nn.data.Augmentation;
import nn.data.Dataset;
import nn.internal.BatchPrefetcher;
import nn.internal.MiniBatch;
import nn.internal.TrainingSession;
import nn.network.Evaluation;
import nn.network.Network;
import org.jblas.DoubleMatrix;

/**
 * Mini-batch stochastic gradient descent, {@code network2.py}'s {@code SGD}, with the rest of the book's
 * chapter 3: the library's one training loop.
 *
 * <p>Every epoch shuffles the training set with a generator seeded for that epoch ({@link Seeds}), cuts it into
 * mini-batches of {@code m} examples (the last one smaller when m does not divide n) and applies one step of
 * the {@link UpdateRule} to each: the {@link Optimizer} (plain {@code w → (1 − ηλ/n) w − (η/m) Σ∇w} by default),
 * L2 and L1 regularisation, and dropout. After each epoch it measures what is monitored (one pass per dataset),
 * checks that every parameter and cost is finite, consults the {@link LearningRateSchedule} and
 * {@link EarlyStopping}, and tells the {@link TrainingListener}.
 *
 * <p>An instance holds the engine's workspaces and serves one run at a time; {@link #requestStop()} may be
 * called from any thread, and {@link #state()} from the listener.
 */
public final class Sgd {

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    private final int epochs;
    private final int miniBatchSize;
    private final double eta;
    private final double lambda;
    private final double lambda1;
    private final Optimizer optimizer;
    private final double[] dropout;
    private final LearningRateSchedule schedule;
    private final EarlyStopping earlyStopping;
    private final Augmentation augmentation;
    private final int imageRows;
    private final int imageColumns;
    private final Backprop engine;
    private final long seed;
    private final boolean shuffle;
    /** Null: decided per run ({@link Builder#prefetch}). */
    private final Boolean prefetch;
    private final int monitoringThreads;
    private final boolean overlapMonitoring;
    private final boolean monitorTrainingCost;
    private final boolean monitorTrainingAccuracy;
    private final boolean monitorEvaluationCost;
    private final boolean monitorEvaluationAccuracy;
    private final TrainingListener listener;
    private volatile boolean stopRequested;

    // The run in progress, for state(): set on the training thread only.
    private TrainingSession session;
    private TrainingHistory history;
    private Network best;
    /** The state when a stop request ended the last run, for a checkpoint written after it. */
    private TrainingState stoppedState;
    /** The optimiser's state after the epoch whose deferred figures are being reported, for state(); else null. */
    private double[][] deferredOptimizerState;

    private Sgd(Builder b, Backprop engine) {
        this.epochs = b.epochs;
        this.miniBatchSize = b.miniBatchSize;
        this.eta = b.eta;
        this.lambda = b.lambda;
        this.lambda1 = b.lambda1;
        this.optimizer = b.optimizer;
        this.dropout = b.dropout;
        this.schedule = b.schedule;
        this.earlyStopping = b.earlyStopping;
        this.augmentation = b.augmentation;
        this.imageRows = b.imageRows;
        this.imageColumns = b.imageColumns;
        this.engine = engine;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.prefetch = b.prefetch;
        this.monitoringThreads = b.monitoringThreads;
        this.overlapMonitoring = b.overlapMonitoring;
        this.monitorTrainingCost = b.monitorTrainingCost;
        this.monitorTrainingAccuracy = b.monitorTrainingAccuracy;
        this.monitorEvaluationCost = b.monitorEvaluationCost || b.earlyStopping != null
                && b.earlyStopping.metric() == EarlyStopping.Metric.COST;
        this.monitorEvaluationAccuracy = b.monitorEvaluationAccuracy || b.schedule.needsEvaluationAccuracy()
                || b.earlyStopping != null && b.earlyStopping.metric() == EarlyStopping.Metric.ACCURACY;
        this.listener = b.listener;
    }

    /**
     * Starts configuring a run; every setting has {@code network2.py}'s meaning.
     *
     * @return a new builder with the defaults: 1 epoch, m = 10, η = 0.5, no regularisation, plain gradient
     *         descent, a constant learning rate, seed 0, shuffling, nothing monitored
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The engine every step runs on.
     *
     * @return the engine given to {@link Builder#engine}, or the default {@link BatchedBackprop} built for this run
     */
    public Backprop engine() {
        return engine;
    }

    /**
     * Trains without evaluation data.
     *
     * @param network  the network to train, in place from its current parameters
     * @param training the training data
     * @return the figures of every completed epoch and why the run ended
     * @throws IllegalArgumentException   if the dataset is empty or does not fit the network, more dropout rates
     *                                    were given than it has hidden layers, or evaluation figures are to be
     *                                    monitored (by the settings, the schedule or early stopping)
     * @throws TrainingDivergedException if a parameter or monitored cost becomes NaN or infinite
     * @see #train(Network, Dataset, Dataset)
     */
    public TrainingHistory train(Network network, Dataset training) {
        return train(network, training, null);
    }

    /**
     * Trains {@code network} in place from its current parameters.
     *
     * @param network    the network to train; with early stopping it ends holding the best epoch's parameters
     * @param training   the training data, shuffled and cut into mini-batches every epoch; n is its size (or its
     *                   augmented view's)
     * @param evaluation data to monitor after every epoch (the book's validation data), or null
     * @return the figures of every completed epoch and why the run ended
     * @throws IllegalArgumentException   if a dataset is empty or does not fit the network, more dropout rates
     *                                    were given than it has hidden layers, or a setting needs evaluation data
     *                                    and none is given
     * @throws TrainingDivergedException if a parameter or monitored cost becomes NaN or infinite; the network is
     *                                    then restored to its parameters after the last good epoch
     */
    public TrainingHistory train(Network network, Dataset training, Dataset evaluation) {
        return train(network, training, evaluation, null);
    }

    /**
     * Continues a run from {@code state} (null: from the start) with {@code network} holding the parameters it
     * had after the state's last epoch; the result equals the uninterrupted run's. The epochs counted by
     * {@link Builder#epochs} include the state's.
     *
     * @param network    the network to train, holding the parameters saved with {@code state}
     * @param training   the training data, the same as the interrupted run's
     * @param evaluation data to monitor after every epoch, or null
     * @param state      where the interrupted run stood ({@link #state()}), or null to start from epoch 0
     * @return the figures of every completed epoch, the state's included, and why the run ended
     * @throws IllegalArgumentException   if a dataset is empty or does not fit the network, more dropout rates
     *                                    were given than it has hidden layers, a setting needs evaluation data
     *                                    and none is given, or the state's optimiser state does not fit this
     *                                    run's optimiser and network
     * @throws TrainingDivergedException if a parameter or monitored cost becomes NaN or infinite
     * @see #train(Network, Dataset, Dataset)
     */
    public TrainingHistory train(Network network, Dataset training, Dataset evaluation, TrainingState state) {
        network.checkData(training);
        if (evaluation != null) {
            network.checkData(evaluation);
        } else if (monitorEvaluationCost || monitorEvaluationAccuracy) {
            throw new IllegalArgumentException("evaluation monitoring, a plateau schedule or early stopping was asked"
                    + " for, but no evaluation data was given");
        }
        stopRequested = false;
        stoppedState = null;
        // Steps draw from the augmented view; the training figures are measured on the original images.
        Dataset steps = augmentation == null ? training
                : augmentation.applyTo(training, imageRows, imageColumns, Seeds.augmentation(seed));
        int n = steps.size();
        int m = Math.min(miniBatchSize, n);
        int miniBatches = (n + m - 1) / m;
        int lastM = n - (miniBatches - 1) * m;
        int[] order = new int[n];
        UpdateRule rule = new UpdateRule(optimizer, lambda, lambda1, dropoutRates(network), n);
        rule.checkFits(network);
        history = new TrainingHistory(state == null ? List.of() : state.history());
        best = state == null || earlyStopping == null ? null : state.best();
        if (earlyStopping != null && best == null) {
            best = network.copy();
        }
        Snapshot lastGood = new Snapshot(network);
        ExecutorService monitor = null;

        // The session may keep the parameters off the heap: it writes them back before anything reads them.
        try (TrainingSession s = engine.session(network, rule)) {
            session = s;
            // Overlap needs the network's matrices to keep an epoch's parameters while the next one's steps run.
            boolean overlap = overlapMonitoring && !s.updatesNetworkInPlace()
                    && epochs - history.epochs().size() > 1
                    && (monitorTrainingCost || monitorTrainingAccuracy || monitorEvaluationCost
                            || monitorEvaluationAccuracy);
            // With overlap, an epoch's figures are measured on this copy while the next epoch trains.
            Network measured = overlap ? network.copy() : null;
            monitor = overlap ? monitorThread() : null;
            Deferred deferred = null;
            // The prefetching thread only where a core is free for it: with overlap on two cores it would take
            // turns with the steps and the measuring (measured: the default run was slower with it).
            boolean prefetching = (prefetch != null ? prefetch : CORES > (overlap ? 2 : 1)) && miniBatches > 1;
            try (BatchPrefetcher prefetcher = prefetching ? new BatchPrefetcher(steps) : null) {
                if (state != null) {
                    s.restoreOptimizerState(state.optimizerState());
                }
                // A ring the prefetcher fills ahead of the steps; without it, one mini-batch filled before each step.
                int depth = prefetcher == null ? 1
                        : BatchPrefetcher.depth((long) m * (network.inputSize() + network.outputSize())
                                * engine.precision().bytes());
                MiniBatch[] full = new MiniBatch[depth];
                for (int i = 0; i < depth; i++) {
                    full[i] = s.newMiniBatch(m);
                }
                MiniBatch last = lastM == m ? null : s.newMiniBatch(lastM);
                for (int epoch = history.epochs().size(); epoch < epochs; epoch++) {
                    List<EpochResult> done = history.epochs();
                    if (earlyStopping != null && earlyStopping.shouldStop(done)) {
                        // Only on resuming from the checkpoint of the epoch that ended a run: it stops as the run did.
                        history.stop(TrainingHistory.StopReason.NO_IMPROVEMENT);
                        break;
                    }
                    if (schedule.finished(eta, done)) {
                        history.stop(TrainingHistory.StopReason.SCHEDULE_FINISHED);
                        break;
                    }
                    double epochEta = schedule.eta(eta, done);
                    long start = System.nanoTime();
                    SplittableRandom shuffler = new SplittableRandom(Seeds.shuffle(seed, epoch));
                    SplittableRandom masks = new SplittableRandom(Seeds.dropout(seed, epoch));
                    for (int i = 0; i < n; i++) {
                        order[i] = i;
                    }
                    if (shuffle) {
                        shuffle(order, shuffler);
                    }
                    steps.startEpoch(epoch);
                    if (deferred == null) {
                        listener.epochStarted(epoch, miniBatches);
                    }
                    if (prefetcher != null) {
                        prefetcher.startEpoch(order, miniBatches, m, full, last);
                    }
                    long stepsBefore = (long) epoch * miniBatches;
                    for (int k = 0; k < miniBatches; k++) {
                        MiniBatch batch;
                        if (prefetcher != null) {
                            batch = prefetcher.take(k);
                        } else {
                            batch = k == miniBatches - 1 && last != null ? last : full[0];
                            batch.fill(steps, order, k * m);
                        }
                        s.step(batch, epochEta, stepsBefore + k + 1, masks);
                        if (prefetcher != null) {
                            prefetcher.release(k);
                        }
                        if (deferred != null && (deferred.figures.isDone() || stopRequested || k == miniBatches - 1)) {
                            // The previous epoch's figures, then this epoch's calls so far: the order a listener sees
                            // without overlap.
                            finishDeferred(deferred, network, training, evaluation, lastGood);
                            deferred = null;
                            listener.epochStarted(epoch, miniBatches);
                            for (int j = 0; j < k; j++) {
                                listener.miniBatchDone(epoch, j, miniBatches);
                            }
                        }
                        if (deferred == null) {
                            listener.miniBatchDone(epoch, k, miniBatches);
                        }
                        if (stopRequested) {
                            s.sync();
                            history.stop(TrainingHistory.StopReason.REQUESTED);
                            stoppedState = new TrainingState(history.epochs(), s.optimizerState(), best);
                            return history;
                        }
                    }
                    s.sync();
                    double seconds = (System.nanoTime() - start) / 1e9;
                    checkFinite(network, epoch, epochEta, "", null, lastGood);
                    listener.evaluating(epoch);
                    if (overlap && epoch + 1 < epochs) {
                        Snapshot.copy(network, measured);
                        deferred = new Deferred(epoch, seconds, epochEta, s.optimizerState(),
                                monitor.submit(() -> measureBoth(measured, training, evaluation, 1)));
                        continue;
                    }
                    Measure[] figures = measureBoth(network, training, evaluation, monitoringThreads);
                    EpochResult result = result(epoch, seconds, epochEta, figures, training, evaluation);
                    checkFinite(network, epoch, epochEta, costProblem(result), result, lastGood);
                    lastGood.takeFrom(network);
                    history.add(result);
                    if (earlyStopping != null && earlyStopping.bestEpoch(history.epochs()) == epoch) {
                        best = network.copy();
                    }
                    listener.epochEnded(result);
                    if (earlyStopping != null && earlyStopping.shouldStop(history.epochs())) {
                        history.stop(TrainingHistory.StopReason.NO_IMPROVEMENT);
                        break;
                    }
                }
                if (earlyStopping != null && !history.epochs().isEmpty()) {
                    int kept = earlyStopping.bestEpoch(history.epochs());
                    new Snapshot(best).restoreInto(network);
                    history.keep(kept);
                }
                return history;
            }
        } finally {
            session = null;
            if (monitor != null) {
                monitor.shutdownNow(); // a pass still running (after a failure) only reads its own copy
            }
        }
    }

    /** The thread an overlapped run measures on: one, beside the training thread. */
    private static ExecutorService monitorThread() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "nn-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * An epoch whose steps are done and whose figures are being measured on another thread while the next epoch
     * trains ({@link Builder#overlapMonitoring}).
     */
    private record Deferred(int epoch, double seconds, double eta, double[][] optimizerState,
                            Future<Measure[]> figures) {
    }

    /**
     * Waits for a deferred epoch's figures and does what the end of that epoch does without overlap: the cost
     * check, the history and the listener's {@code epochEnded}. Its parameters were checked when its steps ended,
     * and the network's matrices still hold them (the next epoch's steps go to the session's copy until its sync).
     */
    private void finishDeferred(Deferred d, Network network, Dataset training, Dataset evaluation,
                                Snapshot lastGood) {
        Measure[] figures = await(d.figures);
        EpochResult result = result(d.epoch, d.seconds, d.eta, figures, training, evaluation);
        String problem = costProblem(result);
        if (!problem.isEmpty()) {
            lastGood.restoreInto(network);
            throw new TrainingDivergedException(d.epoch, problem, d.eta, lambda, history, result);
        }
        lastGood.takeFrom(network);
        history.add(result);
        deferredOptimizerState = d.optimizerState;
        try {
            listener.epochEnded(result);
        } finally {
            deferredOptimizerState = null;
        }
    }

    /** The figures of a pass on another thread; its failure is rethrown here. */
    private static Measure[] await(Future<Measure[]> figures) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return figures.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the pass is short: finish it, then pass the interrupt on
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error err) {
                        throw err;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static EpochResult result(int epoch, double seconds, double eta, Measure[] figures, Dataset training,
                                      Dataset evaluation) {
        return new EpochResult(epoch, seconds, figures[0].cost, figures[0].correct, training.size(),
                figures[1].cost, figures[1].correct, evaluation == null ? 0 : evaluation.size(), eta);
    }

    /**
     * Where the run stands after its last completed epoch, for a checkpoint: call it from the listener's
     * {@link TrainingListener#epochEnded}, on the training thread, or after a stop request ended
     * {@link #train} (the optimiser's state is then as the last mini-batch left it).
     *
     * @return a new state holding the completed epochs, a copy of the optimiser's state and, with early stopping,
     *         a copy of the best network; the network's own parameters are not in it
     * @throws IllegalStateException at any other time
     */
    public TrainingState state() {
        TrainingSession s = session;
        if (s == null) {
            if (stoppedState != null) {
                return stoppedState;
            }
            throw new IllegalStateException("state() is for a listener of a running train(), or after a stop");
        }
        return new TrainingState(history.epochs(),
                deferredOptimizerState != null ? deferredOptimizerState : s.optimizerState(), best);
    }

    /**
     * The dropout rate of each hidden layer: one rate given applies to every hidden layer, as
     * {@link Builder#dropout} promises ({@link UpdateRule} reads a missing rate as 0).
     */
    private double[] dropoutRates(Network network) {
        int hidden = network.numLayers() - 2;
        if (dropout.length != 1 || hidden < 2) {
            return dropout;
        }
        double[] rates = new double[hidden];
        java.util.Arrays.fill(rates, dropout[0]);
        return rates;
    }

    /** The monitored cost and number correct on one dataset; NaN and −1 for what is not monitored. */
    private record Measure(double cost, int correct) {
    }

    /** What is monitored on the training data, then on the evaluation data, on at most {@code threads} threads. */
    private Measure[] measureBoth(Network network, Dataset training, Dataset evaluation, int threads) {
        return new Measure[] {
            measure(network, training, monitorTrainingCost, monitorTrainingAccuracy, threads),
            measure(network, evaluation, monitorEvaluationCost, monitorEvaluationAccuracy, threads)
        };
    }

    private Measure measure(Network network, Dataset data, boolean cost, boolean accuracy, int threads) {
        if (data == null || !cost && !accuracy) {
            return new Measure(Double.NaN, -1);
        }
        Evaluation e = network.evaluate(data, threads);
        return new Measure(cost ? e.meanCost() + regularisationCost(network, data.size()) : Double.NaN,
                accuracy ? e.correct() : -1);
    }

    /** The regularisation terms of {@code network2.py}'s {@code total_cost}: (λ/2n) Σ w² + (λ₁/n) Σ |w|. */
    private double regularisationCost(Network network, int n) {
        double squares = 0.0;
        double absolutes = 0.0;
        for (DoubleMatrix w : network.weights) {
            squares += w.dot(w);
            if (lambda1 > 0) {
                absolutes += w.norm1();
            }
        }
        return 0.5 * (lambda / n) * squares + (lambda1 > 0 ? (lambda1 / n) * absolutes : 0.0);
    }

    /**
     * Asks a running {@link #train} to stop after the mini-batch it is applying, leaving the network as that
     * step left it. Safe to call from another thread, e.g. a shutdown hook.
     */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Stops a run whose parameters or monitored cost stopped being finite, restoring the last good parameters so
     * that NaNs never reach a saved model.
     */
    private void checkFinite(Network network, int epoch, double epochEta, String costProblem, EpochResult figures,
                             Snapshot lastGood) {
        String parameter = network.firstNonFiniteParameter();
        if (parameter == null && costProblem.isEmpty()) {
            return;
        }
        String what = parameter != null ? parameter : costProblem;
        lastGood.restoreInto(network);
        throw new TrainingDivergedException(epoch, what, epochEta, lambda, history, figures);
    }

    private String costProblem(EpochResult r) {
        if (monitorTrainingCost && !Double.isFinite(r.trainingCost())) {
            return "the training cost became " + r.trainingCost();
        }
        if (monitorEvaluationCost && !Double.isFinite(r.evaluationCost())) {
            return "the evaluation cost became " + r.evaluationCost();
        }
        return "";
    }

    /** A copy of a network's parameters, refreshed after every good epoch. */
    private static final class Snapshot {
        private final DoubleMatrix[] weights;
        private final DoubleMatrix[] biases;

        Snapshot(Network network) {
            weights = new DoubleMatrix[network.weights.length];
            biases = new DoubleMatrix[network.biases.length];
            for (int l = 0; l < weights.length; l++) {
                weights[l] = network.weights[l].dup();
                biases[l] = network.biases[l].dup();
            }
        }

        /** Copies {@code from}'s parameters into {@code to}, a network of the same sizes. */
        static void copy(Network from, Network to) {
            for (int l = 0; l < from.weights.length; l++) {
                to.weights[l].copy(from.weights[l]);
                to.biases[l].copy(from.biases[l]);
            }
        }

        void takeFrom(Network network) {
            for (int l = 0; l < weights.length; l++) {
                weights[l].copy(network.weights[l]);
                biases[l].copy(network.biases[l]);
            }
        }

        void restoreInto(Network network) {
            for (int l = 0; l < weights.length; l++) {
                network.weights[l].copy(weights[l]);
                network.biases[l].copy(biases[l]);
            }
        }
    }

    /** Fisher–Yates: every permutation equally likely. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Configures an {@link Sgd} run. */
    public static final class Builder {
        private int epochs = 1;
        private int miniBatchSize = 10;
        private double eta = 0.5;
        private double lambda;
        private double lambda1;
        private Optimizer optimizer = Optimizer.sgd();
        private double[] dropout = new double[0];
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private EarlyStopping earlyStopping;
        private Backprop engine;
        private int threads = 1;
        /** Null until set: then it must agree with an engine given. */
        private Precision precision;
        private long seed;
        private Augmentation augmentation;
        private int imageRows;
        private int imageColumns;
        private boolean shuffle = true;
        /** Null until set: then each run decides. */
        private Boolean prefetch;
        private int monitoringThreads = Runtime.getRuntime().availableProcessors();
        private boolean overlapMonitoring;
        private boolean monitorTrainingCost;
        private boolean monitorTrainingAccuracy;
        private boolean monitorEvaluationCost;
        private boolean monitorEvaluationAccuracy;
        private TrainingListener listener = new TrainingListener() { };

        private Builder() {
        }

        /**
         * The number of passes over the training data, at least 1; a resumed run counts the earlier ones.
         *
         * @param epochs the number of epochs, default 1
         * @return this builder
         * @throws IllegalArgumentException if {@code epochs} is below 1
         */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /**
         * The mini-batch size m, at least 1.
         *
         * @param miniBatchSize the examples per step, default 10; when it does not divide n the last mini-batch of
         *                      an epoch is smaller, and above n a step takes the whole training set
         * @return this builder
         * @throws IllegalArgumentException if {@code miniBatchSize} is below 1
         */
        public Builder miniBatchSize(int miniBatchSize) {
            if (miniBatchSize < 1) {
                throw new IllegalArgumentException("mini-batch size must be at least 1, got " + miniBatchSize);
            }
            this.miniBatchSize = miniBatchSize;
            return this;
        }

        /**
         * The learning rate η (η₀ of a schedule), finite and positive.
         *
         * @param eta the learning rate, default 0.5
         * @return this builder
         * @throws IllegalArgumentException if {@code eta} is not a finite number above 0
         */
        public Builder eta(double eta) {
            if (!Double.isFinite(eta) || eta <= 0) {
                throw new IllegalArgumentException("learning rate eta must be a finite number above 0, got " + eta);
            }
            this.eta = eta;
            return this;
        }

        /**
         * The L2 regularisation parameter λ, finite and not negative; 0 (the default) switches it off.
         *
         * @param lambda λ of the cost term {@code (λ/2n) Σ w²}, whose step is {@code w → (1 − ηλ/n) w}
         * @return this builder
         * @throws IllegalArgumentException if {@code lambda} is negative, NaN or infinite
         */
        public Builder lambda(double lambda) {
            if (!Double.isFinite(lambda) || lambda < 0) {
                throw new IllegalArgumentException("regularisation lambda must be a finite number ≥ 0, got "
                        + lambda);
            }
            this.lambda = lambda;
            return this;
        }

        /**
         * The L1 regularisation parameter λ₁ of the cost term {@code (λ₁/n) Σ |w|}, whose step is
         * {@code w → w − (ηλ₁/n) sgn(w)} (the book's chapter 3); 0 (the default) switches it off.
         *
         * @param lambda1 λ₁, finite and not negative
         * @return this builder
         * @throws IllegalArgumentException if {@code lambda1} is negative, NaN or infinite
         */
        public Builder lambda1(double lambda1) {
            if (!Double.isFinite(lambda1) || lambda1 < 0) {
                throw new IllegalArgumentException("L1 regularisation lambda1 must be a finite number ≥ 0, got "
                        + lambda1);
            }
            this.lambda1 = lambda1;
            return this;
        }

        /**
         * How steps use the gradient: {@link Optimizer#sgd()} (the default), momentum, Nesterov or Adam.
         *
         * @param optimizer the optimiser, not null
         * @return this builder
         * @throws IllegalArgumentException if {@code optimizer} is null
         */
        public Builder optimizer(Optimizer optimizer) {
            if (optimizer == null) {
                throw new IllegalArgumentException("optimizer is missing");
            }
            this.optimizer = optimizer;
            return this;
        }

        /**
         * Inverted dropout on the hidden layers: each neuron of hidden layer l + 1 is dropped in each training
         * step with probability {@code rates[l]}, and the kept ones are scaled by {@code 1/(1 − rate)}, so the
         * trained network is used as it is. One rate applies to every hidden layer; none (the default) switches
         * dropout off. The masks derive from the run's seed.
         *
         * @param rates the dropout rate of each hidden layer in turn, each in [0, 1) (e.g. 0.5), or a single rate
         *              for all of them; copied. Fewer rates than hidden layers leave the rest without dropout, and
         *              more make {@link Sgd#train} throw
         * @return this builder
         * @throws IllegalArgumentException if a rate is outside [0, 1) or NaN
         */
        public Builder dropout(double... rates) {
            for (double rate : rates) {
                if (!(rate >= 0 && rate < 1)) {
                    throw new IllegalArgumentException("dropout rates must be in [0, 1), got " + rate);
                }
            }
            this.dropout = rates.clone();
            return this;
        }

        /**
         * Trains on {@code augmentation}'s view of the training images ({@link Augmentation#applyTo}, seeded from
         * the run's seed) instead of the images themselves; the training cost and accuracy are still measured on
         * the original images, and L2/L1's n is the augmented set's size. Off (null) by default.
         *
         * @param augmentation the distortions to apply, or null for none
         * @param rows         image height in pixels
         * @param columns      image width in pixels; {@code rows × columns} must be the input size
         * @return this builder
         * @throws IllegalArgumentException if {@code augmentation} is not null and {@code rows} or {@code columns}
         *                                  is below 1
         */
        public Builder augmentation(Augmentation augmentation, int rows, int columns) {
            if (augmentation != null && (rows < 1 || columns < 1)) {
                throw new IllegalArgumentException("image rows and columns must be positive, got " + rows + " × "
                        + columns);
            }
            this.augmentation = augmentation;
            this.imageRows = rows;
            this.imageColumns = columns;
            return this;
        }

        /**
         * The learning-rate schedule; {@link LearningRateSchedule#constant()} by default.
         *
         * @param schedule the schedule deciding each epoch's η from {@link #eta} and the history; one that
         *                 {@link LearningRateSchedule#needsEvaluationAccuracy() needs the evaluation accuracy} makes
         *                 {@link Sgd#train} monitor it and require evaluation data
         * @return this builder
         * @throws IllegalArgumentException if {@code schedule} is null
         */
        public Builder schedule(LearningRateSchedule schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule is missing");
            }
            this.schedule = schedule;
            return this;
        }

        /**
         * Stops when the evaluation figure stops improving and keeps the best epoch's network; off by default.
         *
         * @param earlyStopping the rule, whose metric is then monitored and requires evaluation data; null for none
         * @return this builder
         */
        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /**
         * The backprop engine; a new {@link BatchedBackprop} by default.
         *
         * @param engine the engine, not null; {@link #threads} and {@link #precision} must then be left at their
         *               defaults or agree with it
         * @return this builder
         * @throws IllegalArgumentException if {@code engine} is null
         */
        public Builder engine(Backprop engine) {
            if (engine == null) {
                throw new IllegalArgumentException("engine is missing");
            }
            this.engine = engine;
            return this;
        }

        /**
         * The number of cores the default {@link BatchedBackprop} engine uses for one mini-batch (default 1). The
         * default engine runs on the fastest backend ({@link Blas#best()}: OpenBLAS when nn-openblas is on the
         * class path and loads, jblas otherwise); from 2 on, each large product runs on that many threads
         * ({@link Blas#withThreads}); the results equal one thread's to rounding. jblas cannot, so that needs
         * nn-openblas on the class path, and {@link #build()} says so otherwise. For an engine given with
         * {@link #engine}, build it with {@code Blas.best().withThreads(threads)} instead.
         *
         * @param threads the most threads one product may use, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code threads} is below 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * The seed of the shuffles and dropout masks; the same seed gives the same run.
         *
         * @param seed any value, default 0; {@link Seeds} derives each epoch's streams and the augmentation's from it
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Whether to shuffle the training data every epoch (default true); off, mini-batches go in order.
         *
         * @param shuffle false to take the examples in the dataset's order every epoch
         * @return this builder
         */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Whether to copy the next mini-batch's examples on a second thread while a step runs. By default it does
         * when a core is free for that thread: on a machine with more than one core, and with more than two when
         * {@link #overlapMonitoring} is measuring on another thread (on two, the three threads took turns and the
         * run was slower). The results are the same either way; off, training uses one thread (plus whatever the
         * backend's products use).
         *
         * @param prefetch true to fill the next mini-batch on a second thread
         * @return this builder
         */
        public Builder prefetch(boolean prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /**
         * How many threads the monitoring pass after each epoch shares its chunks among (default: one per core).
         * The figures are the same for any number; 1 keeps a run on one thread, e.g. for trials that run side
         * by side, one per core.
         *
         * @param threads threads for the monitoring pass, at least 1
         * @return this builder
         * @throws IllegalArgumentException if {@code threads} is below 1
         */
        public Builder monitoringThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("monitoring threads must be at least 1, got " + threads);
            }
            this.monitoringThreads = threads;
            return this;
        }

        /**
         * Whether each epoch's figures are measured on another thread, on a copy of that epoch's parameters, while
         * the next epoch trains (default false). The figures, the history, the network and the order of the
         * listener's calls are the same as without it; only the timing differs. The listener hears of epoch k (its
         * {@code epochEnded}, then the calls of epoch k + 1 so far) during epoch k + 1, at the first mini-batch
         * after the figures are ready. The network's matrices then still hold epoch k's parameters (the steps of
         * epoch k + 1 go to the engine's copy of them until the epoch ends) and {@link Sgd#state()} gives epoch k's
         * state, so a listener may save or draw the network as without overlap. An engine that trains on the
         * network's own matrices (jblas's, the looped engine) has no such copy: with it, each epoch is measured in
         * turn, as without this option. The last epoch is always measured in turn. On a machine whose second core
         * would otherwise idle while one thread trains, the measuring costs almost no time.
         *
         * @param overlap true to measure each epoch but the last beside the next one's steps
         * @return this builder
         */
        public Builder overlapMonitoring(boolean overlap) {
            this.overlapMonitoring = overlap;
            return this;
        }

        /**
         * Monitor the total cost on the training data after every epoch.
         *
         * @param on true to measure it (one more pass over the training data per epoch); off by default
         * @return this builder
         */
        public Builder monitorTrainingCost(boolean on) {
            this.monitorTrainingCost = on;
            return this;
        }

        /**
         * Monitor the accuracy on the training data after every epoch.
         *
         * @param on true to count the correctly classified training examples; off by default
         * @return this builder
         */
        public Builder monitorTrainingAccuracy(boolean on) {
            this.monitorTrainingAccuracy = on;
            return this;
        }

        /**
         * Monitor the total cost on the evaluation data after every epoch.
         *
         * @param on true to measure it, which then requires evaluation data; off by default, but early stopping on
         *           the cost turns it on
         * @return this builder
         */
        public Builder monitorEvaluationCost(boolean on) {
            this.monitorEvaluationCost = on;
            return this;
        }

        /**
         * Monitor the accuracy on the evaluation data after every epoch.
         *
         * @param on true to count the correctly classified evaluation examples, which then requires evaluation
         *           data; off by default, but a plateau schedule or early stopping on the accuracy turns it on
         * @return this builder
         */
        public Builder monitorEvaluationAccuracy(boolean on) {
            this.monitorEvaluationAccuracy = on;
            return this;
        }

        /**
         * Receives each epoch's figures and per-mini-batch progress.
         *
         * @param listener called on the training thread; by default one that does nothing
         * @return this builder
         * @throws IllegalArgumentException if {@code listener} is null
         */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener is missing");
            }
            this.listener = listener;
            return this;
        }

        /**
         * The precision the default {@link BatchedBackprop} engine trains in: {@link Precision#FLOAT64} (the
         * default) on the fastest backend ({@link Blas#best()}), or {@link Precision#FLOAT32} on the fastest backend
         * that has it (OpenBLAS, from nn-openblas). In float32 the parameters are rounded to float32 when training
         * starts and train in float32; the network's matrices receive them, widened exactly, at the end of every
         * epoch. For an engine given with {@link #engine}, build it with
         * {@code Blas.best().withPrecision(precision)} instead.
         *
         * @param precision the precision, not null
         * @return this builder
         * @throws IllegalArgumentException if {@code precision} is null
         */
        public Builder precision(Precision precision) {
            if (precision == null) {
                throw new IllegalArgumentException("precision is missing");
            }
            this.precision = precision;
            return this;
        }

        /**
         * Builds the run.
         *
         * @throws IllegalArgumentException      if {@link #threads} or {@link #precision} conflicts with the
         *                                       engine given, or {@link #overlapMonitoring} is asked for with
         *                                       early stopping or a schedule that reads the history
         * @throws UnsupportedOperationException if no backend here has the threads or precision asked for,
         *                                       saying which would
         * @return a new run configuration, reusable for several runs one after another
         */
        public Sgd build() {
            if (overlapMonitoring && (earlyStopping != null || schedule.readsHistory())) {
                throw new IllegalArgumentException("overlapped monitoring starts an epoch before the previous one's"
                        + " figures are known, so it cannot be combined with early stopping or a learning-rate"
                        + " schedule that reads the history (" + schedule.describe() + ")");
            }
            if (engine != null && threads != 1) {
                throw new IllegalArgumentException("threads(" + threads + ") sets up the default engine, but an"
                        + " engine was given: build it with new BatchedBackprop(Blas.best().withThreads("
                        + threads + "))");
            }
            if (engine != null && precision != null && precision != engine.precision()) {
                throw new IllegalArgumentException("precision(" + precision + ") sets up the default engine, but"
                        + " a " + engine.precision() + " engine was given: build it with new BatchedBackprop("
                        + "Blas.best().withPrecision(Precision." + precision.name() + "))");
            }
            if (engine != null) {
                return new Sgd(this, engine);
            }
            Precision p = precision == null ? Precision.FLOAT64 : precision;
            // The fastest backend that loads, as new BatchedBackprop() uses: nn-openblas on the class path speeds up
            // the default run with no code change.
            Blas blas = Blas.best().withThreads(threads);
            return new Sgd(this, new BatchedBackprop(blas.withPrecision(p)));
        }
    }
}
