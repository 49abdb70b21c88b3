package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nn.network.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn serve --model FILE}: the browser dashboard for a saved network: a canvas to draw digits on, the test
 * set's confusion matrix and the first hidden layer's weights, until Ctrl-C.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves a page for a saved network on http://127.0.0.1:PORT/: draw a digit and see the ten"
                + " probabilities, the test set's confusion matrix and the first hidden layer's weights.",
                "Runs until Ctrl-C."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "A network saved by train --save or --checkpoint (or by network2.py's save).")
    Path model;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "Port to listen on (default: a free one, printed).")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default ${DEFAULT-VALUE}: this machine only; any other is reachable"
                    + " by others, without a password, and prints a warning).")
    String host;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Network network = ModelFiles.load(model, err);
        if (!NetworkClassifier.fits(network)) {
            throw CliException.usage("the network's input layer has " + network.inputSize()
                    + " neurons, which is not a square picture to draw");
        }
        ConfusionMatrix confusion = EvaluateCommand.onTestSet(network, dataOptions, err);
        try (TrainingDashboard dashboard = TrainingDashboard.start(host, port, "--port", out, err)) {
            dashboard.serving(network, model.toString(), confusion, "test set, " + confusion.total() + " images");
            dashboard.stayUp(out, "serving " + model);
        }
        return 0;
    }
}
