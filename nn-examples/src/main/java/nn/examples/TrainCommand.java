package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import nn.backend.Blas;
import nn.backend.Precision;
import nn.data.Augmentation;
import nn.data.Dataset;
import nn.data.PixelShifts;
import nn.internal.JblasNatives;
import nn.io.NetworkJson;
import nn.mnist.ImageDataset;
import nn.network.Activation;
import nn.network.Cost;
import nn.network.LogLikelihoodCost;
import nn.network.Network;
import nn.network.Sigmoid;
import nn.network.Softmax;
import nn.network.WeightInit;
import nn.training.Backprop;
import nn.training.BatchedBackprop;
import nn.training.EpochResult;
import nn.training.LoopedBackprop;
import nn.training.Seeds;
import nn.training.Sgd;
import nn.training.TrainingDivergedException;
import nn.training.TrainingHistory;
import nn.training.TrainingListener;
import nn.training.TrainingState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code nn train}: trains a network on MNIST (or another dataset in its layout) with mini-batch SGD, printing one
 * line per epoch, then the test accuracy; optionally saves the model, checkpoints after every epoch and writes a
 * report of pictures. The defaults are the book's headline run: [784, 30, 10], 30 epochs, m = 10, η = 3.0,
 * quadratic cost.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a network on MNIST with mini-batch SGD: one line per epoch (seconds, training cost,"
                + " validation accuracy), then the test accuracy.",
                "Trains on the first 50,000 training images, validates on the last 10,000, tests on t10k.",
                "Ctrl-C stops after the current mini-batch and saves to --save / --checkpoint when given."})
final class TrainCommand implements Callable<Integer> {

    /** Exit code after Ctrl-C: 128 + SIGINT, as shells report a process interrupted by it. */
    static final int INTERRUPTED = 130;

    @Spec
    private CommandSpec spec;

    @Option(names = "--sizes", split = ",", paramLabel = "N,N,…", defaultValue = "784,30,10",
            description = "Layer sizes, input first (default ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "30",
            description = "Epochs to train (default ${DEFAULT-VALUE}); with a checkpoint, the total to reach.")
    int epochs;

    @Option(names = "--batch", paramLabel = "M", defaultValue = "10", description = "Mini-batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--eta", paramLabel = "η", defaultValue = "3.0", description = "Learning rate (default ${DEFAULT-VALUE}).")
    double eta;

    @Option(names = "--lambda", paramLabel = "λ", defaultValue = "0.0",
            description = "L2 regularisation parameter (default ${DEFAULT-VALUE}: none).")
    double lambda;

    @Option(names = "--l1", paramLabel = "λ1", defaultValue = "0.0",
            description = "L1 regularisation parameter (default ${DEFAULT-VALUE}: none): the step also moves every"
                    + " weight by η·λ1/n towards 0 (the book's chapter 3).")
    double l1;

    @Option(names = "--optimizer", paramLabel = "OPT", defaultValue = "sgd",
            description = "sgd (default; plain gradient descent), momentum or nesterov (with --momentum), or adam"
                    + " (with --adam).")
    String optimizer;

    @Option(names = "--momentum", paramLabel = "μ", defaultValue = "0.9",
            description = "Momentum coefficient of --optimizer momentum and nesterov (default ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--adam", split = ",", paramLabel = "β1,β2,ε", defaultValue = "0.9,0.999,1e-8",
            description = "Adam's decay rates and epsilon (default ${DEFAULT-VALUE}).")
    double[] adam;

    @Option(names = "--dropout", split = ",", paramLabel = "RATE,…",
            description = "Inverted dropout: the probability of dropping each hidden neuron in a training step, one"
                    + " rate for every hidden layer or one per hidden layer (default: none).")
    double[] dropout;

    @Option(names = "--schedule", paramLabel = "SCHEDULE", defaultValue = "constant",
            description = "Learning rate per epoch: constant (default), halve-on-plateau[:N] (the book's: halve eta"
                    + " after N epochs (default 10) without a better validation accuracy, stop at eta/128),"
                    + " step:EVERY:FACTOR or exponential:GAMMA.")
    String schedule;

    @Option(names = "--early-stop", paramLabel = "N[:METRIC]", defaultValue = "none",
            description = "Stop after N epochs without a better validation accuracy (or :cost) and keep the best"
                    + " epoch's network (default: none).")
    String earlyStop;

    @Option(names = "--cost", paramLabel = "COST", defaultValue = "quadratic",
            description = "quadratic (default), cross-entropy, or log-likelihood (softmax output layer).")
    String cost;

    @Option(names = "--activation", paramLabel = "σ", defaultValue = "sigmoid",
            description = "Hidden layers' activation: sigmoid (default), tanh or relu. The output layer is sigmoid,"
                    + " or softmax with the log-likelihood cost.")
    String activation;

    @Option(names = "--init", paramLabel = "INIT", defaultValue = "scaled",
            description = "Weight initialisation: scaled (default; N(0, 1/n_in), network2.py) or large (N(0, 1),"
                    + " network.py).")
    String init;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "batched",
            description = "batched (default; one matrix product per layer per mini-batch) or looped (the book's"
                    + " example-at-a-time backprop).")
    String engine;

    @Option(names = "--blas", paramLabel = "BACKEND",
            description = "Matrix products of the batched engine on openblas (OpenBLAS 0.3.31, native memory) or"
                    + " jblas. Default: openblas where it loads, otherwise jblas.")
    String blas;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "float64",
            description = "float64 (default) or float32: the precision the batched engine stores and multiplies in."
                    + " float32 trains large networks faster (nn-bench/README.md); it needs openblas.")
    String precision;

    @Option(names = "--augment", paramLabel = "A", defaultValue = "none",
            description = "Expand the training images: none (default), shift (each image and its four one-pixel"
                    + " shifts, the book's expand_mnist.py: 5 times the images), affine (rotated ±15°, scaled"
                    + " 0.9–1.1, moved ±2 pixels) or elastic (Simard et al.'s α = 34, σ = 4); affine and elastic"
                    + " draw new distortions every epoch, from the seed.")
    String augment;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed of the initial weights and of the shuffles; the same seed repeats a run exactly."
                    + " Default: chosen at random and printed.")
    Long seed;

    @Option(names = "--no-shuffle", description = "Keep the training data in order instead of shuffling every epoch.")
    boolean noShuffle;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Mixin
    TableOptions tableOptions = new TableOptions();

    @Option(names = "--train-limit", paramLabel = "N", description = "Train on the first N training images only.")
    Integer trainLimit;

    @Option(names = "--save", paramLabel = "FILE", description = "Save the trained network (network2.py's JSON format).")
    Path save;

    @Option(names = "--load", paramLabel = "FILE",
            description = "Start from a saved network or continue a checkpoint (its history and epoch count).")
    Path load;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Write a checkpoint after every epoch (atomically): the network plus the history.")
    Path checkpoint;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write learning curves, a confusion matrix heat map, misclassified digits (PNG) and the"
                    + " history (CSV, JSON) to DIR.")
    Path report;

    @Option(names = "--ui", paramLabel = "PORT", arity = "0..1", fallbackValue = "0",
            description = "Watch it learn in the browser: serve a live page on http://127.0.0.1:PORT/ (a free port"
                    + " when none is given); after training it stays up with the confusion matrix and a canvas to"
                    + " draw digits on, until Ctrl-C.")
    Integer ui;

    @Option(names = "--ui-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the --ui page listens on (default ${DEFAULT-VALUE}: this machine only; any other"
                    + " is reachable by others, without a password, and prints a warning).")
    String uiHost;

    /** The values of {@code --augment}. */
    static final List<String> AUGMENTATIONS = List.of("none", "shift", "affine", "elastic");

    /** The browser dashboard, when --ui was given. */
    private TrainingDashboard dashboard;

    @Override
    public Integer call() throws IOException {
        if (ui == null && given("--ui-host")) {
            throw usage("--ui-host needs --ui");
        }
        try {
            int code = train();
            if (code == 0 && dashboard != null) {
                dashboard.stayUp(spec.commandLine().getOut(), "training done");
            }
            return code;
        } finally {
            if (dashboard != null) {
                dashboard.close();
            }
        }
    }

    private int train() throws IOException {
        validate();
        if (dataOptions.dataset == DatasetChoice.table) {
            return new TableTraining(this, tableOptions).run(spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        if (tableOptions.label != null) {
            throw usage("--label is for --dataset table");
        }
        // Every output is checked before the data is read and hours are spent training.
        OutputFiles outputs = new OutputFiles().file("--save", save).file("--checkpoint", checkpoint)
                .directory("--report", report, ReportWriter.FILES);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JblasNatives.ensureLoaded();

        Optional<Checkpoint.State> resumed = Optional.empty();
        Network loadedNetwork = null;
        List<String> changed = List.of();
        if (load != null) {
            ModelFiles.requireRegularFile(load);
            err.println("loading network from " + load + " …");
            err.flush();
            Checkpoint.Loaded loaded = Checkpoint.read(load);
            loadedNetwork = loaded.network();
            resumed = loaded.state();
            checkCompatible(loadedNetwork);
            if (resumed.isPresent()) {
                outputs.notOver("--save", "--load", load, "a plain network saved there would erase the"
                        + " checkpoint's history; save elsewhere, or continue it with --checkpoint " + load);
                changed = resumeSettings(resumed.get());
                validate();
            }
        }
        Blas backend = backend();
        MemoryBudget.check(loadedNetwork != null ? loadedNetwork.sizes() : sizes, batch,
                !engine.equals("looped") && (blas == null || blas.equals("openblas")),
                precision.equals("float32") ? 4 : 8);

        DataSplit data = dataOptions.load(err);
        if (trainLimit != null) {
            data = data.limitTraining(trainLimit);
        }
        checkEnoughImages(data);

        long runSeed = seed != null ? seed : resumed.map(Checkpoint.State::seed)
                .orElseGet(() -> ThreadLocalRandom.current().nextLong(1, 1_000_000));
        Network network = loadedNetwork != null ? loadedNetwork : buildNetwork(runSeed);
        checkFitsData(network, data);
        TrainSettings settings = settings(runSeed);
        List<EpochResult> history = resumed.map(Checkpoint.State::history).orElse(List.of());

        out.println(describe(network, settings, seed == null && resumed.isEmpty()));
        if (!engine.equals("looped")) {
            out.println("backend: " + backend.description());
        }
        out.println(String.format(Locale.ROOT, "data: %d training, %d validation, %d test images (%s)",
                data.training().size(), data.validation().size(), data.test().size(), data.origin()));
        if (!history.isEmpty()) {
            out.println("continuing " + load + " after epoch " + history.size()
                    + (resumed.get().interrupted() ? " (it was stopped inside epoch " + (history.size() + 1)
                    + ", which is run again)" : "") + (changed.isEmpty() ? ", with its settings"
                    : ", with its settings except " + String.join(", ", changed)));
        }
        out.flush();

        EpochPrinter printer = EpochPrinter.forConsole(out);
        printer.evaluationSize(data.training().size() + data.validation().size());
        Backprop backprop = engine.equals("looped") ? new LoopedBackprop() : new BatchedBackprop(backend);
        Augmentation augmentation = augmentation();
        if (augmentation != null) {
            out.println("augment: " + augmentation + (augmentation instanceof PixelShifts ? ", "
                    + PixelShifts.COPIES * data.training().size() + " training examples"
                    : ", new every epoch"));
            out.flush();
        }
        if (ui != null) {
            dashboard = TrainingDashboard.start(uiHost, ui, "--ui", out, err);
            dashboard.runStarted(network, settings, engine.equals("looped") ? "none (looped engine)"
                    : backend.description(), data, history);
        }
        ImageDataset validation = data.validation();
        List<EpochResult> done = new ArrayList<>(history);
        Sgd[] running = new Sgd[1];
        // Each epoch is measured on another core while the next one trains, unless the dashboard is up (it times
        // its updates by the epochs' ends) or the run needs an epoch's figures before the next (early stopping, a
        // schedule that reads the history).
        boolean overlap = Runtime.getRuntime().availableProcessors() > 1 && dashboard == null
                && settings.toEarlyStopping() == null && !settings.toSchedule().readsHistory();
        Sgd sgd = settings.sgd(backprop)
                .augmentation(augmentation, data.training().imageRows(), data.training().imageColumns())
                .monitorTrainingCost(true).monitorTrainingAccuracy(true)
                .monitorEvaluationCost(true).monitorEvaluationAccuracy(true)
                .overlapMonitoring(overlap)
                .listener(new TrainingListener() {
                    @Override
                    public void epochStarted(int epoch, int miniBatches) {
                        printer.epochStarted(epoch + 1, settings.epochs(), miniBatches);
                        if (dashboard != null) {
                            dashboard.epochStarted();
                        }
                    }

                    @Override
                    public void miniBatchDone(int epoch, int miniBatch, int miniBatches) {
                        printer.miniBatchDone(miniBatch + 1);
                        if (dashboard != null) {
                            dashboard.miniBatchDone(epoch + 1, miniBatch + 1, miniBatches);
                        }
                    }

                    @Override
                    public void evaluating(int epoch) {
                        printer.evaluating();
                    }

                    @Override
                    public void epochEnded(EpochResult result) {
                        printer.epochEnded(result);
                        done.add(result);
                        try {
                            if (checkpoint != null) {
                                Checkpoint.write(checkpoint, network, state(running[0].state(), settings, false));
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        if (dashboard != null) {
                            dashboard.epochEnded(List.copyOf(done), network, validation);
                        }
                    }
                })
                .build();
        running[0] = sgd;
        try (StopOnSignal stop = new StopOnSignal(sgd::requestStop)) {
            TrainingHistory result;
            try {
                result = sgd.train(network, data.training(), validation,
                        resumed.map(r -> r.trainingState(network)).orElse(null));
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            } catch (TrainingDivergedException e) {
                if (e.figures() != null) {
                    printer.epochEnded(e.figures()); // the user sees the cost that overflowed
                } else {
                    printer.epochAbandoned();
                }
                throw diverged(out, network, e, settings);
            }
            if (result.stopReason() == TrainingHistory.StopReason.REQUESTED) {
                printer.epochAbandoned();
                return stopped(out, network, sgd.state(), settings);
            }
            if (history.size() >= epochs) {
                out.println("the loaded checkpoint already has " + history.size() + " epochs: nothing to train");
            } else if (result.stopReason() != TrainingHistory.StopReason.COMPLETED
                    || result.keptEpoch() != result.epochs().size() - 1) {
                out.println(ended(result));
            }

            err.println("testing on " + data.test().size() + " test images …");
            err.flush();
            ConfusionMatrix confusion = ConfusionMatrix.of(network, data.test());
            if (dashboard != null) {
                dashboard.finished(network, confusion, "test set, " + data.test().size() + " images");
            }
            out.println(String.format(Locale.ROOT, "test accuracy %d / %d (%.2f%%)", confusion.correct(),
                    confusion.total(), 100.0 * confusion.correct() / confusion.total()));
            out.flush();
            if (save != null) {
                NetworkJson.save(network, save);
                out.println("saved the network to " + save);
            }
            if (report != null) {
                err.println("writing the report …");
                err.flush();
                new ReportWriter(report).write(result.epochs(), confusion, data.test(), settings, network);
                if (augmentation != null) {
                    new ReportWriter(report).writeAugmented(augmentation, data.training(),
                            Seeds.augmentation(runSeed));
                }
                out.println("wrote the report to " + report);
            }
            out.flush();
            return 0;
        }
    }

    /** Why training ended before its last epoch, or which epoch's network it kept, in one line. */
    static String ended(TrainingHistory h) {
        String why = switch (h.stopReason()) {
            case NO_IMPROVEMENT -> "early stopping: no better validation figure in the last epochs";
            case SCHEDULE_FINISHED -> "the learning rate fell to 1/128 of its start (halve-on-plateau)";
            default -> "all epochs done";
        };
        return "stopped after epoch " + h.epochs().size() + ": " + why + "; kept the network of epoch "
                + (h.keptEpoch() + 1) + " (validation " + h.epochs().get(h.keptEpoch()).evaluationAccuracy() + " / "
                + h.epochs().get(h.keptEpoch()).evaluationSize() + ")";
    }

    /** The settings the options give, with the run's seed. */
    TrainSettings settings(long runSeed) {
        return new TrainSettings(epochs, batch, eta, lambda, engine, runSeed, !noShuffle, optimizer, momentum, adam,
                l1, dropout == null ? new double[0] : dropout, schedule, earlyStop);
    }

    /** After Ctrl-C: saves what was learned so far where the user asked, and says so. */
    private int stopped(PrintWriter out, Network network, TrainingState state, TrainSettings settings)
            throws IOException {
        int done = state.epochsDone();
        out.println("stopped during epoch " + (done + 1) + " after " + done + " complete epochs");
        if (save != null) {
            NetworkJson.save(network, save);
            out.println("saved the network to " + save);
        }
        if (checkpoint != null) {
            Checkpoint.write(checkpoint, network, state(state, settings, true));
            out.println("saved a checkpoint to " + checkpoint + " (continue with --load " + checkpoint + ")");
        }
        if (save == null && checkpoint == null) {
            out.println("nothing saved: give --save FILE or --checkpoint FILE to keep the network");
        }
        out.flush();
        return INTERRUPTED;
    }

    /**
     * After a divergence: keeps the last good network where the user asked, when this run or the checkpoint it
     * continued completed an epoch (a network that learned nothing is not saved over a file that may hold a
     * better one), and returns the one-line error, which names the epoch and suggests a smaller η.
     */
    private CliException diverged(PrintWriter out, Network network, TrainingDivergedException d,
                                  TrainSettings settings) throws IOException {
        List<EpochResult> done = d.history().epochs();
        String kept;
        if (done.isEmpty()) {
            kept = "no epoch was completed, so nothing was saved";
        } else {
            String after = "the network after epoch " + done.size();
            List<Path> files = new ArrayList<>();
            if (save != null) {
                NetworkJson.save(network, save);
                files.add(save);
            }
            if (checkpoint != null) {
                // The optimiser's state went bad with the parameters: the checkpoint continues without it.
                Checkpoint.write(checkpoint, network, state(new TrainingState(done, new double[0][], null), settings,
                        false));
                files.add(checkpoint);
            }
            kept = files.isEmpty() ? after + " was not saved (no --save or --checkpoint)"
                    : after + " is kept in " + files.stream().map(Path::toString)
                            .collect(java.util.stream.Collectors.joining(" and "));
        }
        out.flush();
        String smaller = "a smaller --eta than " + number(settings.eta())
                + (settings.lambda() > 0 ? " or a smaller --lambda than " + number(settings.lambda()) : "");
        return CliException.failure("training diverged in epoch " + (d.epoch() + 1) + ": "
                + d.what().replace("evaluation cost", "validation cost") + "; try " + smaller + " (" + kept + ")");
    }

    private Checkpoint.State state(TrainingState s, TrainSettings settings, boolean interrupted) {
        Network best = s.best();
        return new Checkpoint.State(s.epochsDone(), settings.seed(), interrupted, settings,
                new ArrayList<>(s.history()), trainLimit, precision, augment, s.optimizerState(),
                best == null ? null : Parameters.of(best));
    }

    /**
     * Continuing a checkpoint continues the run that wrote it: every setting not given again is the checkpoint's.
     * A setting given again with another value is used (lowering η for the last epochs is a reason to resume),
     * and returned as "--eta 0.1 (was 0.5)" so that the run says so.
     */
    private List<String> resumeSettings(Checkpoint.State state) {
        TrainSettings was = state.settings();
        List<String> changed = new ArrayList<>();
        epochs = resume("--epochs", epochs, was.epochs(), v -> "" + v, changed);
        batch = resume("--batch", batch, was.miniBatchSize(), v -> "" + v, changed);
        eta = resume("--eta", eta, was.eta(), TrainCommand::number, changed);
        lambda = resume("--lambda", lambda, was.lambda(), TrainCommand::number, changed);
        engine = resume("--engine", engine, was.engine(), v -> "" + v, changed);
        noShuffle = resume("--no-shuffle", noShuffle, !was.shuffle(), v -> v ? "given" : "not given", changed);
        trainLimit = resume("--train-limit", trainLimit, state.trainLimit(), v -> v == null ? "none" : "" + v,
                changed);
        seed = resume("--seed", seed, state.seed(), v -> "" + v, changed);
        precision = resume("--precision", precision, state.precision() == null ? "float64" : state.precision(),
                v -> v, changed);
        l1 = resume("--l1", l1, was.lambda1(), TrainCommand::number, changed);
        optimizer = resume("--optimizer", optimizer, was.optimizer(), v -> v, changed);
        momentum = resume("--momentum", momentum, was.momentum(), TrainCommand::number, changed);
        adam = resume("--adam", adam, was.adam(), java.util.Arrays::toString, changed);
        dropout = resume("--dropout", dropout, was.dropout(), java.util.Arrays::toString, changed);
        schedule = resume("--schedule", schedule, was.schedule(), v -> v, changed);
        earlyStop = resume("--early-stop", earlyStop, was.earlyStop(), v -> v, changed);
        augment = resume("--augment", augment, state.augment() == null ? "none" : state.augment(), v -> v, changed);
        return changed;
    }

    private <T> T resume(String option, T given, T recorded, java.util.function.Function<T, String> show,
                         List<String> changed) {
        if (!given(option)) {
            return recorded;
        }
        if (!java.util.Objects.deepEquals(given, recorded)) {
            changed.add(option + " " + show.apply(given) + " (was " + show.apply(recorded) + ")");
        }
        return given;
    }

    /**
     * Training needs at least one training image, and the epoch lines and the divergence checks a validation
     * image: a smaller file is refused in one line rather than failing later with a misleading message.
     */
    private static void checkEnoughImages(DataSplit data) {
        if (data.training().size() == 0) {
            throw CliException.failure(data.origin() + ": holds no training images");
        }
        if (data.validation().size() == 0) {
            throw CliException.failure(data.origin() + ": " + data.training().size() + " training image"
                    + (data.training().size() == 1 ? "" : "s") + " and no validation images (the last sixth of"
                    + " the training file, at most 10,000, is held out for validation): give at least 6");
        }
        if (data.test().size() == 0) {
            throw CliException.failure(data.origin() + ": holds no test images");
        }
    }

    /** Checks option values before any work, so a typo fails in a moment with exit code 2. */
    void validate() {
        if (sizes.length < 2) {
            throw usage("--sizes needs at least an input and an output layer, e.g. 784,30,10");
        }
        for (int size : sizes) {
            if (size < 1) {
                throw usage("--sizes " + join(sizes) + ": every layer needs at least 1 neuron");
            }
        }
        if (epochs < 1) {
            throw usage("--epochs must be at least 1, got " + epochs);
        }
        if (batch < 1) {
            throw usage("--batch must be at least 1, got " + batch);
        }
        if (!(eta > 0) || !Double.isFinite(eta)) {
            throw usage("--eta must be a number above 0, got " + eta);
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw usage("--lambda must be a number ≥ 0, got " + lambda);
        }
        if (trainLimit != null && trainLimit < 1) {
            throw usage("--train-limit must be at least 1, got " + trainLimit);
        }
        if (!List.of("quadratic", "cross-entropy", "log-likelihood").contains(cost)) {
            throw usage("--cost " + cost + ": expected quadratic, cross-entropy or log-likelihood");
        }
        if (!List.of("sigmoid", "tanh", "relu").contains(activation)) {
            throw usage("--activation " + activation + ": expected sigmoid, tanh or relu");
        }
        if (!List.of("large", "scaled").contains(init)) {
            throw usage("--init " + init + ": expected large or scaled");
        }
        if (!List.of("batched", "looped").contains(engine)) {
            throw usage("--engine " + engine + ": expected batched or looped");
        }
        if (blas != null && !List.of("openblas", "jblas").contains(blas)) {
            throw usage("--blas " + blas + ": expected openblas or jblas");
        }
        if (!List.of("float64", "float32").contains(precision)) {
            throw usage("--precision " + precision + ": expected float64 or float32");
        }
        if (!(l1 >= 0) || !Double.isFinite(l1)) {
            throw usage("--l1 must be a number ≥ 0, got " + l1);
        }
        if (adam.length != 3) {
            throw usage("--adam needs three numbers, beta1,beta2,epsilon, e.g. 0.9,0.999,1e-8; got " + adam.length);
        }
        try {
            TrainSettings s = settings(0);
            s.toOptimizer();
            s.toSchedule();
            s.toEarlyStopping();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (dropout != null) {
            int hidden = sizes.length - 2;
            for (double rate : dropout) {
                if (!(rate >= 0 && rate < 1)) {
                    throw usage("--dropout " + rate + ": a rate must be at least 0 and below 1");
                }
            }
            if (dropout.length > 1 && dropout.length != hidden) {
                throw usage("--dropout gives " + dropout.length + " rates, but --sizes " + join(sizes) + " has "
                        + hidden + " hidden layer" + (hidden == 1 ? "" : "s") + ": give one rate, or one per hidden"
                        + " layer");
            }
        }
        if (precision.equals("float32") && engine.equals("looped")) {
            throw usage("--precision float32 needs the batched engine: the looped engine is the float64 reference");
        }
        if (!AUGMENTATIONS.contains(augment)) {
            throw usage("--augment " + augment + ": expected " + String.join(", ", AUGMENTATIONS.subList(0, 3))
                    + " or " + AUGMENTATIONS.get(3));
        }
    }

    /** The augmentation {@code --augment} names, or null for none. */
    Augmentation augmentation() {
        return switch (augment) {
            case "shift" -> Augmentation.shifts();
            case "affine" -> Augmentation.affine();
            case "elastic" -> Augmentation.elastic();
            default -> null;
        };
    }

    /** The backend the options ask for, in their precision; checked before any data is read. */
    Blas backend() {
        Blas chosen = blas != null ? Blas.byName(blas) : Blas.best();
        try {
            return chosen.withPrecision(Precision.byName(precision));
        } catch (UnsupportedOperationException e) {
            throw usage("--precision " + precision + ": " + e.getMessage());
        }
    }

    /**
     * The network the options describe. The output layer follows the cost: softmax for log-likelihood, sigmoid
     * otherwise; quadratic and cross-entropy costs compare the output with one-hot targets in [0, 1], sigmoid's
     * range, whichever activation the hidden layers use.
     */
    Network buildNetwork(long runSeed) {
        Cost c = Cost.byName(cost);
        return Network.builder(sizes)
                .hiddenActivation(Activation.byName(activation))
                .outputActivation(c == LogLikelihoodCost.INSTANCE ? Softmax.INSTANCE : Sigmoid.INSTANCE)
                .cost(c)
                .init(init.equals("large") ? WeightInit.LARGE : WeightInit.SCALED)
                .seed(Seeds.network(runSeed))
                .build();
    }

    /** With --load, an architecture option given as well must agree with the loaded network. */
    private void checkCompatible(Network network) {
        if (given("--sizes") && !Arrays.equals(sizes, network.sizes())) {
            throw usage("--sizes " + join(sizes) + " disagrees with the loaded network's " + join(network.sizes()));
        }
        if (given("--cost") && Cost.byName(cost) != network.cost()) {
            throw usage("--cost " + cost + " disagrees with the loaded network's " + network.cost().name());
        }
        if (given("--activation") && network.numLayers() > 2
                && !network.activation(0).name().equals(activation)) {
            throw usage("--activation " + activation + " disagrees with the loaded network's "
                    + network.activation(0).name());
        }
    }

    private void checkFitsData(Network network, DataSplit data) {
        int inputs = data.training().inputSize();
        int classes = data.training().outputSize();
        if (network.inputSize() != inputs || network.outputSize() != classes) {
            throw usage("the network's sizes " + join(network.sizes()) + " do not fit the data: its images have "
                    + inputs + " pixels and there are " + classes + " classes, so the sizes must start with "
                    + inputs + " and end with " + classes);
        }
    }

    private String describe(Network network, TrainSettings s, boolean randomSeed) {
        StringBuilder layers = new StringBuilder();
        for (int l = 0; l < network.numLayers() - 1; l++) {
            layers.append(l == 0 ? "" : ", ").append(network.activation(l).name());
        }
        return String.format(Locale.ROOT, "network %s (%s), %s; %d epochs, mini-batch %d, eta %s, lambda %s,"
                        + " %s engine, %s, seed %d%s",
                join(network.sizes()), layers, costName(network.cost()), s.epochs(), s.miniBatchSize(),
                number(s.eta()), number(s.lambda()), s.engine(), s.shuffle() ? "shuffled" : "not shuffled",
                s.seed(), randomSeed ? " (random: --seed " + s.seed() + " repeats this run)" : "")
                + s.chapterThree();
    }

    private String costName(Cost c) {
        return switch (c.name()) {
            case "QuadraticCost" -> "quadratic cost";
            case "CrossEntropyCost" -> "cross-entropy cost";
            default -> "log-likelihood cost";
        } + (load == null ? ", " + init + " init" : "");
    }

    boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    static String join(int[] values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            s.append(i == 0 ? "" : ",").append(values[i]);
        }
        return s.append(']').toString();
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%.1f", v) : Double.toString(v);
    }
}
