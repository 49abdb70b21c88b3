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

    /**
     * Zero gradients shaped for {@code network}.
     *
     * @param network the network whose parameters the gradients are for; only its shapes are read
     * @return new gradients, {@code nablaW(l)} a zero {@code sizes[l+1] × sizes[l]} matrix and {@code nablaB(l)} a
     *         zero {@code sizes[l+1] × 1} column for each layer l
     */
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

    /**
     * ∂C/∂w for {@code Network.weights(l)}; the live matrix, not a copy.
     *
     * @param l the index of the weight matrix, from 0 to {@code layers() − 1}
     * @return the {@code sizes[l+1] × sizes[l]} matrix whose entry (j, k) is ∂C/∂w of the weight from neuron k of
     *         layer l to neuron j of layer l + 1; writes change these gradients
     * @throws ArrayIndexOutOfBoundsException if {@code l} is outside that range
     */
    public DoubleMatrix nablaW(int l) {
        return nablaW[l];
    }

    /**
     * ∂C/∂b for {@code Network.biases(l)}; the live matrix, not a copy.
     *
     * @param l the index of the weight matrix that feeds the layer, from 0 to {@code layers() − 1}
     * @return the {@code sizes[l+1] × 1} column of ∂C/∂b for the neurons of layer l + 1; writes change these
     *         gradients
     * @throws ArrayIndexOutOfBoundsException if {@code l} is outside that range
     */
    public DoubleMatrix nablaB(int l) {
        return nablaB[l];
    }

    /**
     * The number of weight matrices (layers after the input).
     *
     * @return {@code numLayers() − 1} of the network the gradients are shaped for
     */
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
