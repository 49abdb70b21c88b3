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
import nn.core.Activation;
import nn.core.Backprop;
import nn.core.BatchedBackprop;
import nn.core.Blas;
import nn.core.Cost;
import nn.core.JblasNatives;
import nn.core.LoopedBackprop;
import nn.core.LogLikelihoodCost;
import nn.core.Network;
import nn.core.NetworkJson;
import nn.core.Precision;
import nn.core.Sigmoid;
import nn.core.Softmax;
import nn.core.WeightInit;
import nn.mnist.ImageDataset;
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
        TrainSettings settings = new TrainSettings(epochs, batch, eta, lambda, engine, runSeed, !noShuffle);
        List<EpochRecord> history = resumed.map(Checkpoint.State::history).orElse(List.of());

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
        Trainer trainer = new Trainer(network, data.training(), data.validation(), settings, backprop, printer,
                history);
        if (ui != null) {
            dashboard = TrainingDashboard.start(uiHost, ui, "--ui", out, err);
            dashboard.runStarted(network, settings, engine.equals("looped") ? "none (looped engine)"
                    : backend.description(), data, history);
            trainer.watch(dashboard);
        }
        ImageDataset validation = data.validation();
        try (StopOnSignal stop = new StopOnSignal(trainer::requestStop)) {
            Trainer.Outcome outcome = trainer.run(record -> {
                if (checkpoint != null) {
                    Checkpoint.write(checkpoint, trainer.network(), state(trainer.history(), settings, false));
                }
                if (dashboard != null) {
                    dashboard.epochEnded(trainer.history(), trainer.network(), validation);
                }
            });
            if (outcome == Trainer.Outcome.STOPPED) {
                return stopped(out, network, trainer.history(), settings);
            }
            if (outcome == Trainer.Outcome.DIVERGED) {
                throw diverged(out, trainer, settings);
            }
            if (history.size() >= epochs) {
                out.println("the loaded checkpoint already has " + history.size() + " epochs: nothing to train");
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
                new ReportWriter(report).write(trainer.history(), confusion, data.test(), settings, network);
                out.println("wrote the report to " + report);
            }
            out.flush();
            return 0;
        }
    }

    /** After Ctrl-C: saves what was learned so far where the user asked, and says so. */
    private int stopped(PrintWriter out, Network network, List<EpochRecord> done, TrainSettings settings)
            throws IOException {
        out.println("stopped during epoch " + (done.size() + 1) + " after " + done.size() + " complete epochs");
        if (save != null) {
            NetworkJson.save(network, save);
            out.println("saved the network to " + save);
        }
        if (checkpoint != null) {
            Checkpoint.write(checkpoint, network, state(done, settings, true));
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
    private CliException diverged(PrintWriter out, Trainer trainer, TrainSettings settings) throws IOException {
        Trainer.Divergence d = trainer.divergence();
        List<EpochRecord> done = trainer.history();
        String kept;
        if (done.isEmpty()) {
            kept = "no epoch was completed, so nothing was saved";
        } else {
            String after = "the network after epoch " + done.size();
            List<Path> files = new ArrayList<>();
            if (save != null) {
                NetworkJson.save(trainer.network(), save);
                files.add(save);
            }
            if (checkpoint != null) {
                Checkpoint.write(checkpoint, trainer.network(), state(done, settings, false));
                files.add(checkpoint);
            }
            kept = files.isEmpty() ? after + " was not saved (no --save or --checkpoint)"
                    : after + " is kept in " + files.stream().map(Path::toString)
                            .collect(java.util.stream.Collectors.joining(" and "));
        }
        out.flush();
        String smaller = "a smaller --eta than " + number(settings.eta())
                + (settings.lambda() > 0 ? " or a smaller --lambda than " + number(settings.lambda()) : "");
        return CliException.failure("training diverged in epoch " + d.epoch() + ": " + d.what() + "; try "
                + smaller + " (" + kept + ")");
    }

    private Checkpoint.State state(List<EpochRecord> done, TrainSettings settings, boolean interrupted) {
        return new Checkpoint.State(done.size(), settings.seed(), interrupted, settings, new ArrayList<>(done),
                trainLimit, precision);
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
        return changed;
    }

    private <T> T resume(String option, T given, T recorded, java.util.function.Function<T, String> show,
                         List<String> changed) {
        if (!given(option)) {
            return recorded;
        }
        if (!java.util.Objects.equals(given, recorded)) {
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
        if (precision.equals("float32") && engine.equals("looped")) {
            throw usage("--precision float32 needs the batched engine: the looped engine is the float64 reference");
        }
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
                s.seed(), randomSeed ? " (random: --seed " + s.seed() + " repeats this run)" : "");
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
