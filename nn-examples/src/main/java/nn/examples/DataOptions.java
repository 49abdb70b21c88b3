package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import nn.mnist.DatasetKind;
import nn.mnist.ImageDataset;
import nn.mnist.KaggleCsvReader;
import nn.mnist.Mnist;
import nn.mnist.MnistData;
import picocli.CommandLine.Option;

/**
 * The options that say where the data is ({@code --data}, {@code --dataset}), shared by the commands that need
 * data, and the loading of it into Nielsen's training / validation / test split.
 */
final class DataOptions {

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory holding the dataset's files (for csv: train.csv or its directory). MNIST is"
                    + " otherwise looked for in $MNIST_DIR, then in ~/.cache/nn/mnist, then downloaded.")
    Path data;

    @Option(names = "--dataset", paramLabel = "KIND", defaultValue = "mnist",
            description = "mnist (default), fashion (Fashion-MNIST, default directory"
                    + " /usr/share/datasets/fashion-mnist), idx (any dataset in MNIST's IDX layout, needs --data) or"
                    + " csv (Kaggle's label,pixel0..pixel783 CSV, needs --data); for nn train also table (any numeric"
                    + " CSV file with a label column: --data FILE --label COLUMN).")
    DatasetChoice dataset = DatasetChoice.mnist;

    /** Loads the data, saying on {@code status} what is happening since a download or a read can take a while. */
    DataSplit load(PrintWriter status) throws IOException {
        if ((dataset == DatasetChoice.idx || dataset == DatasetChoice.csv) && data == null) {
            throw CliException.usage("--dataset " + dataset + " needs --data naming where the files are");
        }
        if (data != null && !Files.exists(data)) {
            throw CliException.usage("--data " + data + ": no such file or directory");
        }
        if (dataset == DatasetChoice.table) {
            throw CliException.usage("--dataset table is for nn train only");
        }
        status.println("loading " + describe() + " …");
        status.flush();
        MnistData loaded = switch (dataset) {
            case mnist -> Mnist.locateAndLoad(DatasetKind.MNIST, data);
            case fashion -> Mnist.locateAndLoad(DatasetKind.FASHION_MNIST, data);
            case idx -> Mnist.locateAndLoad(DatasetKind.OTHER, data);
            case csv -> loadCsv(data);
            case table -> throw new IllegalStateException("refused above");
        };
        return new DataSplit(loaded.training(), loaded.validation(), loaded.test(), loaded.origin());
    }

    private String describe() {
        return switch (dataset) {
            case mnist -> "MNIST";
            case fashion -> "Fashion-MNIST";
            case idx -> "IDX files from " + data;
            case csv -> "CSV from " + data;
            case table -> "the table " + data;
        };
    }

    /**
     * Kaggle's train.csv is the only labelled file of its competition (test.csv has no labels), so the test set is
     * a labelled test.csv beside it when there is one, and otherwise the last sixth of train.csv, held out.
     */
    static MnistData loadCsv(Path path) throws IOException {
        Path trainFile = Files.isDirectory(path) ? path.resolve("train.csv") : path;
        if (!Files.isRegularFile(trainFile)) {
            throw new NoSuchFileException(trainFile.toString(), null, "no such file (expected Kaggle's train.csv)");
        }
        ImageDataset all = KaggleCsvReader.read(trainFile);
        if (!all.isLabelled()) {
            throw CliException.failure(trainFile + ": has no label column, so it cannot be trained on");
        }
        Path testFile = trainFile.resolveSibling("test.csv");
        if (Files.isRegularFile(testFile) && !testFile.equals(trainFile)) {
            ImageDataset test = KaggleCsvReader.read(testFile);
            if (test.isLabelled()) {
                return new MnistData(all, test, trainFile + " and " + testFile);
            }
        }
        int held = all.size() / 6;
        if (held < 1 || all.size() - held < 6) {
            throw CliException.failure(trainFile + ": " + all.size() + " images are too few to split into"
                    + " training, validation and test sets");
        }
        return new MnistData(all.slice(0, all.size() - held), all.slice(all.size() - held, all.size()),
                trainFile + " (last " + held + " images held out for testing)");
    }
}
