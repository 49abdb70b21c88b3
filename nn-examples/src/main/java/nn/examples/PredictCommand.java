package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import nn.internal.JblasNatives;
import nn.network.Network;
import nn.network.Softmax;
import org.jblas.DoubleMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nn predict --model FILE image.png …}: classifies pictures of digits and prints the class probabilities.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classifies pictures of digits (PNG, JPEG, GIF or BMP, up to 8192×8192 pixels and 64 MiB;"
                + " scaled to 28×28 greyscale, inverted when the background is light, centred as MNIST's digits"
                + " are) and prints the class probabilities."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "A network saved by train --save or --checkpoint.")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Pictures of digits to classify.")
    List<Path> images;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Network network = ModelFiles.load(model, err);
        int side = (int) Math.round(Math.sqrt(network.inputSize()));
        if (side * side != network.inputSize()) {
            throw CliException.usage("the network's input layer has " + network.inputSize()
                    + " neurons, which is not a square image");
        }
        JblasNatives.ensureLoaded();
        boolean softmax = network.activation(network.numLayers() - 2) == Softmax.INSTANCE;
        if (!softmax) {
            out.println("(the output layer is " + network.activation(network.numLayers() - 2).name()
                    + ", not softmax: its activations are shown divided by their sum)");
        }
        // Every picture that can be read gets its answer; those that cannot are named, and the exit code says so.
        int failed = 0;
        for (Path image : images) {
            double[] input;
            try {
                input = DigitImage.read(image, side);
            } catch (IOException e) {
                String message = Main.userMessage(e);
                err.println("nn predict: " + (message != null ? message : image + ": " + e));
                err.flush();
                failed++;
                continue;
            }
            if (DigitImage.isBlank(input)) {
                err.println("nn predict: warning: " + image + ": no ink found (the picture is blank), so the answer"
                        + " below means nothing");
                err.flush();
            }
            double[] p = probabilities(network, input, softmax);
            int best = 0;
            for (int c = 1; c < p.length; c++) {
                if (p[c] > p[best]) {
                    best = c;
                }
            }
            out.println(String.format(Locale.ROOT, "%s: %d (%.1f%%)", image, best, 100 * p[best]));
            StringBuilder line = new StringBuilder(" ");
            for (int c = 0; c < p.length; c++) {
                line.append(String.format(Locale.ROOT, "  %d: %.3f", c, p[c]));
            }
            out.println(line);
            out.flush();
        }
        if (failed > 0) {
            if (images.size() > 1) {
                err.println("nn predict: " + failed + " of " + images.size() + " pictures could not be read");
                err.flush();
            }
            return CliException.FAILURE;
        }
        return 0;
    }

    /** The output layer's activations as probabilities: softmax's directly, others divided by their sum. */
    static double[] probabilities(Network network, double[] input, boolean softmax) {
        double[] a = network.feedforward(new DoubleMatrix(input)).toArray();
        if (softmax) {
            return a;
        }
        double sum = 0;
        for (double v : a) {
            sum += Math.max(0, v);
        }
        for (int c = 0; c < a.length; c++) {
            a[c] = sum > 0 ? Math.max(0, a[c]) / sum : 1.0 / a.length;
        }
        return a;
    }
}
