package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import nn.backend.Blas;
import nn.data.CsvTableReader;
import nn.data.FeatureScaling;
import nn.data.LabelledTable;
import nn.data.MatrixDataset;
import nn.data.TableFormatException;
import nn.io.NetworkJson;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.BatchedBackprop;
import nn.training.EpochResult;
import nn.training.LoopedBackprop;
import nn.training.Sgd;
import nn.training.TrainingDivergedException;
import nn.training.TrainingListener;

/**
 * {@code nn train --dataset table --data FILE --label COLUMN}: any tabular classification problem in one command.
 * Reads the CSV ({@link CsvTableReader}), splits it into training, validation and test rows (stratified, seeded),
 * fits the scaling on the training rows, trains with the same options as MNIST (sizes default to
 * [features, 10, classes]), prints one line per epoch and the test accuracy, and saves the network with its
 * scaling, so that {@code Network.predict(double[])} takes raw rows.
 */
final class TableTraining {

    /** The hidden layer when --sizes is not given: small, as tables are. */
    static final int DEFAULT_HIDDEN = 10;

    private final TrainCommand command;
    private final TableOptions table;

    TableTraining(TrainCommand command, TableOptions table) {
        this.command = command;
        this.table = table;
    }

    /** Checks the table options before anything is read. */
    void validate() {
        if (command.dataOptions.data == null) {
            throw command.usage("--dataset table needs --data naming the CSV file");
        }
        if (table.label == null) {
            throw command.usage("--dataset table needs --label naming the label column (its header name, or its"
                    + " index from 0, -1 for the last)");
        }
        for (String option : List.of("--load", "--checkpoint", "--report", "--ui", "--train-limit")) {
            if (command.given(option)) {
                throw command.usage(option + " is not available with --dataset table (only with image datasets)");
            }
        }
        if (!List.of("standardise", "min_max", "none").contains(table.scale)) {
            throw command.usage("--scale " + table.scale + ": expected standardise, min_max or none");
        }
        double testFraction = table.test != null ? 0 : table.testFraction;
        if (!(table.validationFraction > 0 && table.validationFraction < 1)) {
            throw command.usage("--validation-fraction must be above 0 and below 1, got " + table.validationFraction);
        }
        if (table.test == null && !(testFraction > 0 && testFraction < 1)) {
            throw command.usage("--test-fraction must be above 0 and below 1, got " + table.testFraction);
        }
        if (table.validationFraction + testFraction >= 1) {
            throw command.usage("--validation-fraction " + table.validationFraction + " and --test-fraction "
                    + testFraction + " leave no training rows: they must add up to less than 1");
        }
        if (table.test != null && command.given("--test-fraction")) {
            throw command.usage("--test names the test file: --test-fraction has nothing to hold out");
        }
    }

    int run(PrintWriter out, PrintWriter err) throws IOException {
        validate();
        OutputFiles outputs = new OutputFiles().file("--save", command.save);
        Blas backend = command.backend();
        CsvTableReader reader = CsvTableReader.label(table.label).header(!table.noHeader);
        Path file = command.dataOptions.data;
        if (Files.isDirectory(file)) {
            throw command.usage("--data " + file + " is a directory: --dataset table needs the CSV file itself");
        }
        err.println("loading " + file + " …");
        err.flush();
        LabelledTable all = reader.read(file);
        long seed = command.seed != null ? command.seed : ThreadLocalRandom.current().nextLong(1, 1_000_000);
        LabelledTable.Split split;
        if (table.test == null) {
            split = all.split(table.validationFraction, table.testFraction, splitSeed(seed));
        } else {
            LabelledTable test = sameClasses(all, reader.read(table.test), table.test);
            LabelledTable.Split trainAndValidation = all.split(table.validationFraction, 0, splitSeed(seed));
            split = new LabelledTable.Split(trainAndValidation.training(), trainAndValidation.validation(), test);
        }
        checkSizes(split.training());
        if (split.validation().size() == 0 || split.test().size() == 0) {
            throw CliException.failure(file + ": " + all.size() + " rows are too few to hold out "
                    + (split.validation().size() == 0 ? "validation" : "test") + " rows: give more rows or larger"
                    + " fractions");
        }

        MatrixDataset training = split.training().dataset();
        Optional<FeatureScaling> scaling = table.scale.equals("none") ? Optional.empty()
                : Optional.of(FeatureScaling.fit(FeatureScaling.Method.ofJsonName(table.scale), training));
        MatrixDataset validation = split.validation().dataset();
        MatrixDataset test = split.test().dataset();
        if (scaling.isPresent()) {
            training = scaling.get().apply(training);
            validation = scaling.get().apply(validation);
            test = scaling.get().apply(test);
        }

        Network network = command.buildNetwork(seed);
        out.println(String.format(Locale.ROOT, "network %s, %s cost, %s hidden; %d epochs, mini-batch %d, eta %s,"
                        + " lambda %s, seed %d%s", TrainCommand.join(network.sizes()), command.cost, command.activation,
                command.epochs, command.batch, TrainCommand.number(command.eta), TrainCommand.number(command.lambda),
                seed, command.seed == null ? " (random: --seed " + seed + " repeats this run)" : ""));
        out.println(String.format(Locale.ROOT, "data: %d training, %d validation, %d test rows (%s%s); %d features,"
                        + " classes %s", training.size(), validation.size(), test.size(), file,
                table.test == null ? ", stratified split" : " and " + table.test, all.featureNames().size(),
                all.classNames()));
        if (!command.engine.equals("looped")) {
            out.println("backend: " + backend.description());
        }
        out.println("scaling: " + scaling.map(s -> s.method().jsonName() + ", fitted on the training rows")
                .orElse("none"));
        out.flush();

        Backprop engine = command.engine.equals("looped") ? new LoopedBackprop() : new BatchedBackprop(backend);
        Sgd sgd = Sgd.builder().epochs(command.epochs).miniBatchSize(command.batch).eta(command.eta)
                .lambda(command.lambda).engine(engine).seed(seed).shuffle(!command.noShuffle)
                .monitorTrainingCost(true).monitorEvaluationAccuracy(true)
                .listener(new TrainingListener() {
                    @Override
                    public void epochEnded(EpochResult r) {
                        out.println(String.format(Locale.ROOT,
                                "epoch %d: validation accuracy %d / %d (%.2f%%), training cost %.4f, %.3f s",
                                r.epoch() + 1, r.evaluationAccuracy(), r.evaluationSize(),
                                100.0 * r.evaluationAccuracy() / r.evaluationSize(), r.trainingCost(), r.seconds()));
                        out.flush();
                    }
                })
                .build();
        try {
            sgd.train(network, training, validation);
        } catch (TrainingDivergedException e) {
            throw CliException.failure("training diverged in epoch " + (e.epoch() + 1) + ": try a smaller --eta than "
                    + TrainCommand.number(command.eta));
        }
        int correct = network.accuracy(test);
        out.println(String.format(Locale.ROOT, "test accuracy %d / %d (%.2f%%)", correct, test.size(),
                100.0 * correct / test.size()));
        if (command.save != null) {
            network.setInputScaling(scaling.orElse(null));
            NetworkJson.save(network, command.save);
            out.println("saved the network to " + command.save + (scaling.isPresent()
                    ? " (with its input scaling: predict(double[]) takes raw rows)" : ""));
        }
        out.flush();
        return 0;
    }

    /** The seed of the rows' split, apart from the network's and the shuffles' streams of the same seed. */
    private static long splitSeed(long seed) {
        return new SplittableRandom(seed ^ 0x5DEECE66DL).nextLong();
    }

    /** --sizes, when given, must fit the table; otherwise [features, 10, classes]. */
    private void checkSizes(LabelledTable training) {
        int features = training.featureNames().size();
        int classes = training.classNames().size();
        if (!command.given("--sizes")) {
            command.sizes = new int[] {features, DEFAULT_HIDDEN, classes};
            return;
        }
        int[] sizes = command.sizes;
        if (sizes[0] != features || sizes[sizes.length - 1] != classes) {
            throw command.usage("--sizes " + TrainCommand.join(sizes) + " does not fit the table: it has " + features
                    + " features and " + classes + " classes, so the sizes must start with " + features
                    + " and end with " + classes);
        }
    }

    /** The test table with the training table's class indices; its columns must be the same. */
    private static LabelledTable sameClasses(LabelledTable training, LabelledTable test, Path file)
            throws TableFormatException {
        if (!test.featureNames().equals(training.featureNames())) {
            throw new TableFormatException(file + ": its feature columns " + test.featureNames() + " differ from the"
                    + " training file's " + training.featureNames());
        }
        double[][] rows = new double[test.size()][];
        int[] labels = new int[test.size()];
        List<String> classes = training.classNames();
        for (int r = 0; r < test.size(); r++) {
            String name = test.classNames().get(test.label(r));
            labels[r] = classes.indexOf(name);
            if (labels[r] < 0) {
                throw new TableFormatException(file + ": class '" + name + "' does not occur in the training file,"
                        + " whose classes are " + classes);
            }
            rows[r] = test.features(r);
        }
        return new LabelledTable(rows, labels, test.featureNames(), new ArrayList<>(classes), file.toString());
    }
}
