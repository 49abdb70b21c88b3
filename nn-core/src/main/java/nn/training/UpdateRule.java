package nn.training;

import java.util.Arrays;
import nn.network.Network;

/**
 * Everything a training step does besides backpropagation, fixed for a run: the {@link Optimizer}, the L2 and
 * L1 regularisation parameters, the dropout rate of each hidden layer, and n, the size of the training set the
 * book's regularisation terms divide by.
 *
 * @param optimizer the optimiser
 * @param lambda    λ of the L2 term {@code (λ/2n) Σ w²}
 * @param lambda1   λ₁ of the L1 term {@code (λ₁/n) Σ |w|}
 * @param dropout   the probability of dropping each neuron, per hidden layer (inverted dropout: kept
 *                  activations are divided by {@code 1 − rate} while training, so inference uses the network as it
 *                  is); empty (or null) for none
 * @param n         the number of training examples
 */
public record UpdateRule(Optimizer optimizer, double lambda, double lambda1, double[] dropout, int n) {

    /**
     * Checks the values and copies {@code dropout}.
     *
     * @param optimizer the optimiser, not null
     * @param lambda    λ of the L2 term, finite and ≥ 0; 0 for none
     * @param lambda1   λ₁ of the L1 term, finite and ≥ 0; 0 for none
     * @param dropout   the dropout rate of each hidden layer in turn, each in [0, 1); copied. Fewer rates than
     *                  hidden layers leave the rest without dropout; null, like an empty array, means none
     * @param n         the number of training examples, at least 1
     * @throws IllegalArgumentException if a value is out of range
     */
    public UpdateRule {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer is missing");
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda) || !(lambda1 >= 0) || !Double.isFinite(lambda1)) {
            throw new IllegalArgumentException("regularisation parameters must be finite numbers ≥ 0, got lambda "
                    + lambda + " and lambda1 " + lambda1);
        }
        dropout = dropout == null ? new double[0] : dropout.clone();
        for (double rate : dropout) {
            if (!(rate >= 0 && rate < 1)) {
                throw new IllegalArgumentException("dropout rates must be in [0, 1), got " + Arrays.toString(dropout));
            }
        }
        if (n < 1) {
            throw new IllegalArgumentException("the training set size n must be at least 1, got " + n);
        }
    }

    /**
     * Plain gradient descent with L2 regularisation λ on a training set of n examples: network2.py's step.
     *
     * @param lambda λ of the L2 term, finite and ≥ 0; 0 for none
     * @param n      the number of training examples, at least 1
     * @return a rule with {@link Optimizer#sgd()}, no L1 term and no dropout
     * @throws IllegalArgumentException if {@code lambda} or {@code n} is out of range
     */
    public static UpdateRule plain(double lambda, int n) {
        return new UpdateRule(Optimizer.sgd(), lambda, 0.0, new double[0], n);
    }

    /**
     * The dropout rate of hidden layer {@code l + 1} (the layer {@code weights(l)} feeds), 0 for none.
     *
     * @param l the index of the weight matrix feeding the layer, from 0
     * @return the probability of dropping each of the layer's neurons in a step, in [0, 1); 0 when no rate was
     *         given for it
     */
    public double dropout(int l) {
        return l < dropout.length ? dropout[l] : 0.0;
    }

    /**
     * Whether any hidden layer drops neurons.
     *
     * @return true if some rate is above 0
     */
    public boolean hasDropout() {
        for (double rate : dropout) {
            if (rate > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The dropout rates, per hidden layer.
     *
     * @return a copy of the rates given, possibly fewer than the hidden layers; empty for none
     */
    @Override
    public double[] dropout() {
        return dropout.clone();
    }

    /**
     * Checks that the dropout rates fit {@code network}: at most one per hidden layer.
     *
     * @param network the network to be trained under this rule
     * @throws IllegalArgumentException if there are more rates than hidden layers
     */
    public void checkFits(Network network) {
        int hidden = network.numLayers() - 2;
        if (dropout.length > hidden) {
            throw new IllegalArgumentException(dropout.length + " dropout rates given, but " + network + " has "
                    + hidden + " hidden layer" + (hidden == 1 ? "" : "s") + " (dropout applies to hidden layers only)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateRule r && optimizer.equals(r.optimizer) && lambda == r.lambda
                && lambda1 == r.lambda1 && Arrays.equals(dropout, r.dropout) && n == r.n;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dropout) * 31 + optimizer.hashCode();
    }

    @Override
    public String toString() {
        return "UpdateRule[" + optimizer.describe() + ", lambda " + lambda + ", lambda1 " + lambda1 + ", dropout "
                + Arrays.toString(dropout) + ", n " + n + "]";
    }
}
