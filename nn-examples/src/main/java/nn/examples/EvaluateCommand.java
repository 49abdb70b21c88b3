package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.internal.JblasNatives;
import nn.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code nn evaluate --model FILE}: test accuracy, per-class precision and recall, and the confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measures a saved network on the test set: accuracy, per-class precision and recall,"
                + " confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "A network saved by train --save or --checkpoint (or by network2.py's save).")
    Path model;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Network network = ModelFiles.load(model, err);
        ConfusionMatrix confusion = onTestSet(network, dataOptions, err);
        out.println(String.format(Locale.ROOT, "test accuracy %d / %d (%.2f%%)", confusion.correct(),
                confusion.total(), 100.0 * confusion.correct() / confusion.total()));
        out.println();
        out.print(confusion.classTable());
        out.println();
        out.print(confusion.matrixTable());
        out.flush();
        return 0;
    }

    /** Loads the test set {@code data} names, checks it fits {@code network} and classifies every image. */
    static ConfusionMatrix onTestSet(Network network, DataOptions data, PrintWriter err) throws IOException {
        JblasNatives.ensureLoaded();
        DataSplit split = data.load(err);
        ModelFiles.checkFits(network, split.test());
        err.println("classifying " + split.test().size() + " test images …");
        err.flush();
        return ConfusionMatrix.of(network, split.test());
    }
}
