package nn.core;

import java.util.SplittableRandom;
import org.jblas.DoubleMatrix;

/**
 * Mini-batch stochastic gradient descent with L2 regularisation: {@code network2.py}'s {@code SGD}.
 *
 * <p>Every epoch shuffles the training set with a generator seeded once per run (or keeps it in order when
 * shuffling is off), cuts it into mini-batches of {@code m} examples (the last one smaller when m does not
 * divide n) and applies {@code w → (1 − ηλ/n) w − (η/m) Σ∇w}, {@code b → b − (η/m) Σ∇b} for each, using the
 * chosen {@link Backprop} engine.
 *
 * <p>An instance holds the engine's workspaces and serves one run at a time; {@link #requestStop()} may be
 * called from any thread.
 */
public final class Sgd {

    private final int epochs;
    private final int miniBatchSize;
    private final double eta;
    private final double lambda;
    private final Backprop engine;
    private final long seed;
    private final boolean shuffle;
    private final boolean prefetch;
    private final boolean monitorTrainingCost;
    private final boolean monitorTrainingAccuracy;
    private final boolean monitorEvaluationCost;
    private final boolean monitorEvaluationAccuracy;
    private final TrainingListener listener;
    private volatile boolean stopRequested;

    private Sgd(Builder b, Backprop engine) {
        this.epochs = b.epochs;
        this.miniBatchSize = b.miniBatchSize;
        this.eta = b.eta;
        this.lambda = b.lambda;
        this.engine = engine;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.prefetch = b.prefetch;
        this.monitorTrainingCost = b.monitorTrainingCost;
        this.monitorTrainingAccuracy = b.monitorTrainingAccuracy;
        this.monitorEvaluationCost = b.monitorEvaluationCost;
        this.monitorEvaluationAccuracy = b.monitorEvaluationAccuracy;
        this.listener = b.listener;
    }

    /** Starts configuring a run; every setting has {@code network2.py}'s meaning. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trains without evaluation data. */
    public TrainingHistory train(Network network, Dataset training) {
        return train(network, training, null);
    }

    /**
     * Trains {@code network} in place.
     *
     * @param evaluation data to monitor after every epoch, or null
     * @return the figures of every completed epoch
     * @throws IllegalArgumentException   if a dataset is empty or does not fit the network
     * @throws TrainingDivergedException if a parameter or monitored cost becomes NaN or infinite; the network is
     *                                    then restored to its parameters after the last good epoch
     */
    public TrainingHistory train(Network network, Dataset training, Dataset evaluation) {
        network.checkData(training);
        if (evaluation != null) {
            network.checkData(evaluation);
        } else if (monitorEvaluationCost || monitorEvaluationAccuracy) {
            throw new IllegalArgumentException("evaluation monitoring was asked for, but no evaluation data given");
        }
        stopRequested = false;
        int n = training.size();
        int m = Math.min(miniBatchSize, n);
        int miniBatches = (n + m - 1) / m;
        int lastM = n - (miniBatches - 1) * m;
        int[] order = Network.identity(n);
        SplittableRandom random = new SplittableRandom(seed);
        TrainingHistory history = new TrainingHistory();

        Snapshot lastGood = new Snapshot(network);

        // The session may keep the parameters off the heap: it writes them back before anything reads them.
        try (TrainingSession session = engine.session(network);
             BatchPrefetcher prefetcher = prefetch && miniBatches > 1 ? new BatchPrefetcher(training) : null) {
            // Two of the full size, so that the prefetcher can fill one while a step runs on the other.
            MiniBatch[] full = {session.newMiniBatch(m), session.newMiniBatch(m)};
            MiniBatch last = lastM == m ? null : session.newMiniBatch(lastM);
            for (int epoch = 0; epoch < epochs; epoch++) {
                long start = System.nanoTime();
                if (shuffle) {
                    shuffle(order, random);
                }
                listener.epochStarted(epoch, miniBatches);
                full[0].fill(training, order, 0);
                for (int k = 0; k < miniBatches; k++) {
                    MiniBatch batch = storage(k, miniBatches, full, last);
                    boolean hasNext = k + 1 < miniBatches;
                    MiniBatch next = hasNext ? storage(k + 1, miniBatches, full, last) : null;
                    if (hasNext && prefetcher != null) {
                        prefetcher.request(order, (k + 1) * m, next);
                    }
                    session.step(batch, eta, lambda, n);
                    if (hasNext) {
                        if (prefetcher != null) {
                            prefetcher.await();
                        } else {
                            next.fill(training, order, (k + 1) * m);
                        }
                    }
                    listener.miniBatchDone(epoch, k, miniBatches);
                    if (stopRequested) {
                        session.sync();
                        history.markStoppedEarly();
                        return history;
                    }
                }
                session.sync();
                double seconds = (System.nanoTime() - start) / 1e9;
                checkFinite(network, epoch, "", lastGood, history);
                EpochResult result = new EpochResult(epoch, seconds,
                        monitorTrainingCost ? network.totalCost(training, lambda) : Double.NaN,
                        monitorTrainingAccuracy ? network.accuracy(training) : -1, n,
                        monitorEvaluationCost ? network.totalCost(evaluation, lambda) : Double.NaN,
                        monitorEvaluationAccuracy ? network.accuracy(evaluation) : -1,
                        evaluation == null ? 0 : evaluation.size());
                checkFinite(network, epoch, costProblem(result), lastGood, history);
                lastGood.takeFrom(network);
                history.add(result);
                listener.epochEnded(result);
            }
        }
        return history;
    }

    /** Mini-batch k's storage: the two of full size in turn, and the shorter last one at the end. */
    private static MiniBatch storage(int k, int miniBatches, MiniBatch[] full, MiniBatch last) {
        return k == miniBatches - 1 && last != null ? last : full[k & 1];
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
    private void checkFinite(Network network, int epoch, String costProblem, Snapshot lastGood,
                             TrainingHistory history) {
        String parameter = network.firstNonFiniteParameter();
        if (parameter == null && costProblem.isEmpty()) {
            return;
        }
        String what = parameter != null ? parameter : costProblem;
        lastGood.restoreInto(network);
        String restored = epoch == 0 ? "its initial state" : "its state after epoch " + (epoch - 1);
        throw new TrainingDivergedException("training diverged in epoch " + epoch + ": " + what
                + ". Try a smaller learning rate than eta = " + eta + ". The network was restored to " + restored
                + ".", epoch, history);
    }

    private static String costProblem(EpochResult r) {
        if (r.hasTrainingCost() && !Double.isFinite(r.trainingCost())) {
            return "the training cost became " + r.trainingCost();
        }
        if (r.hasEvaluationCost() && !Double.isFinite(r.evaluationCost())) {
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
        private Backprop engine;
        private int threads = 1;
        /** Null until set: then it must agree with an engine given. */
        private Precision precision;
        private long seed;
        private boolean shuffle = true;
        private boolean prefetch = Runtime.getRuntime().availableProcessors() > 1;
        private boolean monitorTrainingCost;
        private boolean monitorTrainingAccuracy;
        private boolean monitorEvaluationCost;
        private boolean monitorEvaluationAccuracy;
        private TrainingListener listener = new TrainingListener() { };

        private Builder() {
        }

        /** The number of passes over the training data, at least 1. */
        public Builder epochs(int epochs) {
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** The mini-batch size m, at least 1. */
        public Builder miniBatchSize(int miniBatchSize) {
            if (miniBatchSize < 1) {
                throw new IllegalArgumentException("mini-batch size must be at least 1, got " + miniBatchSize);
            }
            this.miniBatchSize = miniBatchSize;
            return this;
        }

        /** The learning rate η, finite and positive. */
        public Builder eta(double eta) {
            if (!Double.isFinite(eta) || eta <= 0) {
                throw new IllegalArgumentException("learning rate eta must be a finite number above 0, got " + eta);
            }
            this.eta = eta;
            return this;
        }

        /** The L2 regularisation parameter λ, finite and not negative; 0 (the default) switches it off. */
        public Builder lambda(double lambda) {
            if (!Double.isFinite(lambda) || lambda < 0) {
                throw new IllegalArgumentException("regularisation lambda must be a finite number ≥ 0, got "
                        + lambda);
            }
            this.lambda = lambda;
            return this;
        }

        /** The backprop engine; a new {@link BatchedBackprop} by default. */
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
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The seed of the shuffling generator; the same seed gives the same mini-batches. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether to shuffle the training data every epoch (default true); off, mini-batches go in order. */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        /**
         * Whether to copy the next mini-batch's examples on a second thread while a step runs (default: when the
         * machine has more than one core). The results are the same either way; off, training uses one thread
         * (plus whatever the backend's products use).
         */
        public Builder prefetch(boolean prefetch) {
            this.prefetch = prefetch;
            return this;
        }

        /** Monitor the total cost on the training data after every epoch. */
        public Builder monitorTrainingCost(boolean on) {
            this.monitorTrainingCost = on;
            return this;
        }

        /** Monitor the accuracy on the training data after every epoch. */
        public Builder monitorTrainingAccuracy(boolean on) {
            this.monitorTrainingAccuracy = on;
            return this;
        }

        /** Monitor the total cost on the evaluation data after every epoch. */
        public Builder monitorEvaluationCost(boolean on) {
            this.monitorEvaluationCost = on;
            return this;
        }

        /** Monitor the accuracy on the evaluation data after every epoch. */
        public Builder monitorEvaluationAccuracy(boolean on) {
            this.monitorEvaluationAccuracy = on;
            return this;
        }

        /** Receives each epoch's figures and per-mini-batch progress. */
        public Builder listener(TrainingListener listener) {
            if (listener == null) {
                throw new IllegalArgumentException("listener is missing");
            }
            this.listener = listener;
            return this;
        }

        /**
         * The precision the default {@link BatchedBackprop} engine trains in: {@link Precision#FLOAT64} (the
         * default) on the fastest backend ({@link Blas#best()}), or {@link Precision#FLOAT32} on the fastest backend that has it (OpenBLAS, from
         * nn-openblas). In float32 the parameters are rounded to float32 when training starts and train in
         * float32; the network's matrices receive them, widened exactly, at the end of every epoch. For an
         * engine given with {@link #engine}, build it with {@code Blas.best().withPrecision(precision)} instead.
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
         *                                       engine given
         * @throws UnsupportedOperationException if no backend here has the threads or precision asked for,
         *                                       saying which would
         */
        public Sgd build() {
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
