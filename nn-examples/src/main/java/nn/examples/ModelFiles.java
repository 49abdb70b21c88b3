package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import nn.data.Dataset;
import nn.network.Network;

/** Loading a saved network for {@code evaluate} and {@code predict}, with one-line errors. */
final class ModelFiles {

    private ModelFiles() {
    }

    /** Loads a network saved by {@code train --save}, a checkpoint, or {@code network2.py}'s {@code save}. */
    static Network load(Path model, PrintWriter status) throws IOException {
        requireRegularFile(model);
        status.println("loading network from " + model + " …");
        status.flush();
        return Checkpoint.read(model).network();
    }

    /**
     * Fails unless {@code model} is a regular file (or a link to one): reading a FIFO would wait for ever, a
     * device such as /dev/zero never ends, a directory is no model.
     */
    static void requireRegularFile(Path model) throws IOException {
        if (!Files.exists(model)) {
            throw new NoSuchFileException(model.toString(), null, "no such model file");
        }
        if (!Files.isRegularFile(model)) {
            throw new IOException(model + ": is " + (Files.isDirectory(model) ? "a directory" : "not a regular file"
                    + " (a device, FIFO or socket)") + ", not a model file");
        }
    }

    /** Fails with a one-line message when the network's input or output layer does not fit the data. */
    static void checkFits(Network network, Dataset data) {
        if (network.inputSize() != data.inputSize() || network.outputSize() != data.outputSize()) {
            throw CliException.usage("the network has sizes " + TrainCommand.join(network.sizes())
                    + " but the data has " + data.inputSize() + " pixels per image and " + data.outputSize()
                    + " classes");
        }
    }
}
