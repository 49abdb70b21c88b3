package nn.network;

import java.util.random.RandomGenerator;
import org.jblas.DoubleMatrix;

/** How a new network's weights and biases are drawn. */
public enum WeightInit {

    /**
     * {@code network.py}'s and {@code network2.py}'s {@code large_weight_initializer}: every weight and bias
     * N(0, 1). Large weights saturate sigmoid neurons of wide layers, which slows learning.
     */
    LARGE,

    /**
     * {@code network2.py}'s {@code default_weight_initializer}: weights N(0, 1/n_in), where n_in is the number of
     * inputs to the neuron, and biases N(0, 1); this keeps z of order 1 however wide the layer below is.
     */
    SCALED;

    /**
     * Fills the weights and biases in the order {@code network2.py} draws them: all biases first, then all
     * weights, each matrix row by row.
     */
    void initialize(DoubleMatrix[] weights, DoubleMatrix[] biases, RandomGenerator random) {
        for (DoubleMatrix b : biases) {
            for (int r = 0; r < b.rows; r++) {
                b.put(r, 0, random.nextGaussian());
            }
        }
        for (DoubleMatrix w : weights) {
            double scale = this == SCALED ? Math.sqrt(w.columns) : 1.0;
            for (int r = 0; r < w.rows; r++) {
                for (int c = 0; c < w.columns; c++) {
                    w.put(r, c, random.nextGaussian() / scale);
                }
            }
        }
    }
}
