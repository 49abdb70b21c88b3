package nn.examples;

import java.awt.image.BufferedImage;
import nn.examples.ui.DigitClassifier;
import nn.network.Network;
import nn.network.Softmax;

/**
 * The drawing page's classifier: the picture goes through {@link DigitImage#prepare} and
 * {@link PredictCommand#probabilities}, the same steps {@code nn predict} takes for a file.
 */
final class NetworkClassifier implements DigitClassifier {

    private final Network network;
    private final int side;
    private final boolean softmax;

    /** @param network a trained network whose input layer is a square picture; not trained further */
    NetworkClassifier(Network network) {
        this.network = network;
        this.side = (int) Math.round(Math.sqrt(network.inputSize()));
        this.softmax = network.activation(network.numLayers() - 2) == Softmax.INSTANCE;
    }

    /** Whether the network's input layer is a square picture, which drawing needs. */
    static boolean fits(Network network) {
        int side = (int) Math.round(Math.sqrt(network.inputSize()));
        return side * side == network.inputSize();
    }

    @Override
    public Prediction classify(BufferedImage picture) {
        double[] input = DigitImage.prepare(picture, side);
        return new Prediction(PredictCommand.probabilities(network, input, softmax), input, side);
    }
}
