package nn.examples;

import nn.network.Activation;
import nn.network.Network;
import org.jblas.DoubleMatrix;

/** A network's weights and biases as plain arrays, as a checkpoint keeps early stopping's best network. */
final class Parameters {

    private Parameters() {
    }

    /** For each layer l in turn, {@code weights(l)} then {@code biases(l)}, each column-major. */
    static double[][] of(Network network) {
        int layers = network.numLayers() - 1;
        double[][] out = new double[2 * layers][];
        for (int l = 0; l < layers; l++) {
            out[2 * l] = network.weights(l).data;
            out[2 * l + 1] = network.biases(l).data;
        }
        return out;
    }

    /**
     * The network of {@code like}'s architecture with the parameters {@link #of} gave.
     *
     * @throws IllegalArgumentException saying which array does not fit, or which parameter is not finite
     */
    static Network network(Network like, double[][] parameters) {
        int layers = like.numLayers() - 1;
        if (parameters.length != 2 * layers) {
            throw new IllegalArgumentException("has " + parameters.length + " arrays, expected " + 2 * layers
                    + " (weights and biases of " + layers + " layers)");
        }
        int[] sizes = like.sizes();
        DoubleMatrix[] w = new DoubleMatrix[layers];
        DoubleMatrix[] b = new DoubleMatrix[layers];
        Activation[] activations = new Activation[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = matrix(parameters[2 * l], sizes[l + 1], sizes[l], 2 * l);
            b[l] = matrix(parameters[2 * l + 1], sizes[l + 1], 1, 2 * l + 1);
            activations[l] = like.activation(l);
        }
        return Network.of(sizes, activations, like.cost(), w, b);
    }

    private static DoubleMatrix matrix(double[] values, int rows, int columns, int index) {
        if (values == null || values.length != rows * columns) {
            throw new IllegalArgumentException("array " + index + " has " + (values == null ? 0 : values.length)
                    + " numbers, expected " + rows * columns);
        }
        return new DoubleMatrix(rows, columns, values.clone());
    }
}
