package nn.training;

import nn.internal.HeapMatrix;
import nn.internal.HeapTrainingSession;
import nn.internal.JblasNatives;
import nn.internal.ParameterKernels;
import nn.internal.TrainingSession;
import nn.network.Network;
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
        gradient(network, x, y, null, out);
    }

    /**
     * As {@link #gradient(Network, DoubleMatrix, DoubleMatrix, Gradients)}, with dropout: {@code masks[l]}, when
     * not null, multiplies the activations of hidden layer l + 1, column j for example j.
     *
     * @param network the network whose gradient is computed
     * @param x       the mini-batch's inputs, one example per column
     * @param y       its targets, one per column
     * @param masks   per hidden layer, the dropout mask (kept neurons 1/(1 − rate), dropped 0), or null
     * @param out     receives ∇w and ∇b summed over the mini-batch
     */
    public void gradient(Network network, DoubleMatrix x, DoubleMatrix y, DoubleMatrix[] masks, Gradients out) {
        Backprop.checkBatch(network, x, y);
        out.checkFits(network);
        for (int l = 0; l < out.layers(); l++) {
            out.nablaW(l).fill(0.0);
            out.nablaB(l).fill(0.0);
        }
        for (int j = 0; j < x.columns; j++) {
            backprop(network, x.getColumn(j), y.getColumn(j), masks, j, out);
        }
    }

    @Override
    public void updateMiniBatch(Network network, DoubleMatrix x, DoubleMatrix y, double eta, double lambda, int n) {
        Gradients nabla = Gradients.zerosFor(network);
        gradient(network, x, y, nabla);
        int m = x.columns;
        for (int l = 0; l < nabla.layers(); l++) {
            plainStep(network.weights[l], network.biases[l], nabla.nablaW(l), nabla.nablaB(l), eta, lambda, 0.0, n,
                    m);
        }
    }

    /**
     * The book's step, {@code w → (1 − ηλ/n) w − (ηλ₁/n) sgn(w) − (η/m) Σ∇w}, {@code b → b − (η/m) Σ∇b}, as
     * {@code network2.py} writes it (and its chapter 3 exercise adds the L1 term).
     *
     * @param w       one layer's weights, {@code sizes[l+1] × sizes[l]}, updated in place
     * @param b       the layer's biases, a {@code sizes[l+1] × 1} column, updated in place
     * @param nablaW  Σ∇w, the weight gradient summed over the mini-batch, shaped like {@code w}
     * @param nablaB  Σ∇b, the bias gradient summed over the mini-batch, shaped like {@code b}
     * @param eta     the learning rate η
     * @param lambda  the L2 regularisation parameter λ; 0 for none
     * @param lambda1 the L1 regularisation parameter λ₁; 0 for none
     * @param n       the size of the whole training set
     * @param m       the number of examples in the mini-batch
     */
    public static void plainStep(DoubleMatrix w, DoubleMatrix b, DoubleMatrix nablaW, DoubleMatrix nablaB, double eta,
                          double lambda, double lambda1, int n, int m) {
        if (lambda1 == 0) {
            w.muli(1 - eta * (lambda / n)).subi(nablaW.mul(eta / m));
        } else {
            ParameterKernels.shrink(HeapMatrix.wrap(w), 1 - eta * (lambda / n), eta * (lambda1 / n));
            w.subi(nablaW.mul(eta / m));
        }
        b.subi(nablaB.mul(eta / m));
    }

    @Override
    public TrainingSession session(Network network, UpdateRule rule) {
        rule.checkFits(network);
        return new HeapTrainingSession(this, network, rule);
    }

    /** Adds the gradient of the cost C_x of the single example (x, y) to {@code sum}. */
    private static void backprop(Network network, DoubleMatrix x, DoubleMatrix y, DoubleMatrix[] masks, int j,
                                 Gradients sum) {
        int layers = network.numLayers() - 1;
        DoubleMatrix[] zs = new DoubleMatrix[layers];
        DoubleMatrix[] activations = new DoubleMatrix[layers + 1];
        activations[0] = x;
        for (int l = 0; l < layers; l++) {
            zs[l] = dot(network.weights[l], activations[l]).addi(network.biases[l]);
            activations[l + 1] = network.activation(l).apply(zs[l]);
            if (dropped(masks, l)) {
                activations[l + 1].muli(masks[l].getColumn(j));   // inverted dropout: a ⊙ mask
            }
        }
        int out = layers - 1;
        DoubleMatrix delta = network.cost().delta(zs[out], activations[layers], y, network.activation(out)); // BP1
        for (int l = out; l >= 0; l--) {
            if (l < out) {
                // BP2: δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ σ′(z^l)
                delta = dot(network.weights[l + 1].transpose(), delta).muli(network.activation(l).prime(zs[l]));
                if (dropped(masks, l)) {
                    delta.muli(masks[l].getColumn(j));                 // a dropped neuron passes no error back
                }
            }
            sum.nablaB(l).addi(delta);                                        // BP3: ∂C/∂b = δ
            sum.nablaW(l).addi(dot(delta, activations[l].transpose()));      // BP4: ∂C/∂w = δ (a^{l−1})ᵀ
        }
    }

    private static boolean dropped(DoubleMatrix[] masks, int l) {
        return masks != null && l < masks.length && masks[l] != null;
    }

    /** {@code np.dot(a, b)}, as the book writes it: jblas's product, under {@link JblasNatives#LOCK}. */
    private static DoubleMatrix dot(DoubleMatrix a, DoubleMatrix b) {
        return JblasNatives.mmul(a, b);
    }
}
