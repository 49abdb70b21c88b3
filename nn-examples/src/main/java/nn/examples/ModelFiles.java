package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import nn.core.Dataset;
import nn.core.Network;

/** Loading a saved network for {@code evaluate} and {@code predict}, with one-line errors. */
final class ModelFiles {

    private ModelFiles() {
    }

    /** Loads a network saved by {@code train --save}, a checkpoint, or {@code network2.py}'s {@code save}. */
    static Network load(Path model, PrintWriter status) throws IOException {
        if (!Files.isRegularFile(model)) {
            throw new NoSuchFileException(model.toString(), null, "no such model file");
        }
        status.println("loading network from " + model + " …");
        status.flush();
        return Checkpoint.read(model).network();
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
