package nn.training;

import nn.network.Network;
import org.jblas.DoubleMatrix;

/**
 * The gradient of the cost with respect to every weight and bias, summed over a mini-batch: the book's
 * {@code nabla_w} and {@code nabla_b}, shaped like the network's weights and biases.
 */
public final class Gradients {

    private final DoubleMatrix[] nablaW;
    private final DoubleMatrix[] nablaB;

    private Gradients(DoubleMatrix[] nablaW, DoubleMatrix[] nablaB) {
        this.nablaW = nablaW;
        this.nablaB = nablaB;
    }

    /** Zero gradients shaped for {@code network}. */
    public static Gradients zerosFor(Network network) {
        int layers = network.numLayers() - 1;
        DoubleMatrix[] w = new DoubleMatrix[layers];
        DoubleMatrix[] b = new DoubleMatrix[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = new DoubleMatrix(network.weights[l].rows, network.weights[l].columns);
            b[l] = new DoubleMatrix(network.biases[l].rows, 1);
        }
        return new Gradients(w, b);
    }

    /** ∂C/∂w for {@code Network.weights(l)}; the live matrix, not a copy. */
    public DoubleMatrix nablaW(int l) {
        return nablaW[l];
    }

    /** ∂C/∂b for {@code Network.biases(l)}; the live matrix, not a copy. */
    public DoubleMatrix nablaB(int l) {
        return nablaB[l];
    }

    /** The number of weight matrices (layers after the input). */
    public int layers() {
        return nablaW.length;
    }

    /** Whether these gradients have the shapes of {@code network}'s parameters. */
    boolean fits(Network network) {
        if (nablaW.length != network.numLayers() - 1) {
            return false;
        }
        for (int l = 0; l < nablaW.length; l++) {
            if (!nablaW[l].sameSize(network.weights[l]) || !nablaB[l].sameSize(network.biases[l])) {
                return false;
            }
        }
        return true;
    }

    void checkFits(Network network) {
        if (!fits(network)) {
            throw new IllegalArgumentException("the gradients are not shaped for " + network);
        }
    }
}
