package nn.core;

import org.jblas.DoubleMatrix;

/**
 * The book's algorithm, literally: backpropagation one training example at a time, the gradients summed
 * over the mini-batch. This is the reference the {@link BatchedBackprop} engine is checked against; it is
 * written for reading, not for speed.
 */
public final class LoopedBackprop implements Backprop {

    static final String NAME = "looped";

    /** Creates the engine. */
    public LoopedBackprop() {
        JblasNatives.ensureLoaded();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void gradient(Network network, DoubleMatrix x, DoubleMatrix y, Gradients out) {
        Backprop.checkBatch(network, x, y);
        out.checkFits(network);
        for (int l = 0; l < out.layers(); l++) {
            out.nablaW(l).fill(0.0);
            out.nablaB(l).fill(0.0);
        }
        for (int j = 0; j < x.columns; j++) {
            backprop(network, x.getColumn(j), y.getColumn(j), out);
        }
    }

    @Override
    public void updateMiniBatch(Network network, DoubleMatrix x, DoubleMatrix y, double eta, double lambda, int n) {
        Gradients nabla = Gradients.zerosFor(network);
        gradient(network, x, y, nabla);
        int m = x.columns;
        for (int l = 0; l < nabla.layers(); l++) {
            DoubleMatrix w = network.weights[l];
            DoubleMatrix b = network.biases[l];
            // w → (1 − ηλ/n) w − (η/m) Σ∇w, as network2.py writes it
            w.muli(1 - eta * (lambda / n)).subi(nabla.nablaW(l).mul(eta / m));
            b.subi(nabla.nablaB(l).mul(eta / m));
        }
    }

    /** Adds the gradient of the cost C_x of the single example (x, y) to {@code sum}. */
    private static void backprop(Network network, DoubleMatrix x, DoubleMatrix y, Gradients sum) {
        int layers = network.numLayers() - 1;
        DoubleMatrix[] zs = new DoubleMatrix[layers];
        DoubleMatrix[] activations = new DoubleMatrix[layers + 1];
        activations[0] = x;
        for (int l = 0; l < layers; l++) {
            zs[l] = dot(network.weights[l], activations[l]).addi(network.biases[l]);
            activations[l + 1] = network.activation(l).apply(zs[l]);
        }
        int out = layers - 1;
        DoubleMatrix delta = network.cost().delta(zs[out], activations[layers], y, network.activation(out)); // BP1
        for (int l = out; l >= 0; l--) {
            if (l < out) {
                // BP2: δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)
                delta = dot(network.weights[l + 1].transpose(), delta).muli(network.activation(l).prime(zs[l]));
            }
            sum.nablaB(l).addi(delta);                                        // BP3: ∂C/∂b = δ
            sum.nablaW(l).addi(dot(delta, activations[l].transpose()));      // BP4: ∂C/∂w = δ (a^{l−1})ᵀ
        }
    }

    /** {@code np.dot(a, b)}, as the book writes it: jblas's product, under {@link JblasNatives#LOCK}. */
    private static DoubleMatrix dot(DoubleMatrix a, DoubleMatrix b) {
        return JblasNatives.mmul(a, b);
    }
}
