package nn.core;

import java.util.SplittableRandom;
import nn.network.Network;
import nn.training.Adam;
import nn.training.Optimizer;
import nn.training.UpdateRule;
import org.jblas.DoubleMatrix;

/**
 * An independent reference for the training steps of chapter 3, in plain scalar {@code double} arithmetic (no
 * matrices, no library code): a network with sigmoid neurons in every layer and the quadratic cost, backpropagated
 * example by example with BP1–BP4 written out, and every optimiser and regulariser written as the book (and Kingma
 * and Ba for Adam) states it, on the mean gradient of the regularised cost
 * <pre>
 * ∇C = (1/m) Σ_x ∇C_x + (λ/n) w + (λ₁/n) sgn(w)      (weights; biases have only the first term)
 * sgd:      w → w − η∇C
 * momentum: v → μv − η∇C,  w → w + v
 * nesterov: v → μv − η∇C,  w → w + μv − η∇C           (with the new v)
 * adam:     m → β₁m + (1 − β₁)∇C,  s → β₂s + (1 − β₂)(∇C)²,  w → w − η (m/(1 − β₁ᵗ)) / (√(s/(1 − β₂ᵗ)) + ε)
 * </pre>
 * Dropout multiplies the activations of hidden neuron j for example e by {@code mask[l][j][e]} (0 or 1/(1 − p)),
 * and so the error δ passed back through it.
 */
final class ScalarReference {

    enum Kind { SGD, MOMENTUM, NESTEROV, ADAM }

    /** One run's rule, as the reference reads it. */
    record Rule(Kind kind, double mu, double beta1, double beta2, double epsilon, double lambda, double lambda1,
                double dropout, int n) {

        UpdateRule toUpdateRule() {
            Optimizer optimizer = switch (kind) {
                case SGD -> Optimizer.sgd();
                case MOMENTUM -> Optimizer.momentum(mu);
                case NESTEROV -> Optimizer.nesterov(mu);
                case ADAM -> Optimizer.adam(beta1, beta2, epsilon);
            };
            return new UpdateRule(optimizer, lambda, lambda1, dropout > 0 ? new double[] {dropout} : new double[0],
                    n);
        }
    }

    final double[][][] w;
    final double[][] b;
    private final double[][][] w1;   // velocity, or Adam's first moment
    private final double[][] b1;
    private final double[][][] w2;   // Adam's second moment
    private final double[][] b2;

    ScalarReference(Network network) {
        int layers = network.numLayers() - 1;
        w = new double[layers][][];
        b = new double[layers][];
        w1 = new double[layers][][];
        b1 = new double[layers][];
        w2 = new double[layers][][];
        b2 = new double[layers][];
        for (int l = 0; l < layers; l++) {
            DoubleMatrix wl = network.weights[l];
            w[l] = new double[wl.rows][wl.columns];
            w1[l] = new double[wl.rows][wl.columns];
            w2[l] = new double[wl.rows][wl.columns];
            b[l] = new double[wl.rows];
            b1[l] = new double[wl.rows];
            b2[l] = new double[wl.rows];
            for (int j = 0; j < wl.rows; j++) {
                b[l][j] = network.biases[l].get(j);
                for (int k = 0; k < wl.columns; k++) {
                    w[l][j][k] = wl.get(j, k);
                }
            }
        }
    }

    static double sigmoid(double z) {
        return 1.0 / (1.0 + Math.exp(-z));
    }

    static double sigmoidPrime(double z) {
        return sigmoid(z) * (1 - sigmoid(z));
    }

    static double sgn(double v) {
        return v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0;
    }

    /**
     * The dropout masks one step draws, in the order the engines document: hidden layer by hidden layer, each
     * column-major (neuron index fastest), {@code nextDouble() < p ? 0 : 1/(1 − p)}; null without dropout.
     */
    static double[][][] drawMasks(int[] sizes, int m, double p, SplittableRandom random) {
        if (p == 0) {
            return null;
        }
        double[][][] mask = new double[sizes.length - 2][][];
        for (int l = 0; l < mask.length; l++) {
            int rows = sizes[l + 1];
            mask[l] = new double[rows][m];
            for (int i = 0; i < rows * m; i++) {
                mask[l][i % rows][i / rows] = random.nextDouble() < p ? 0.0 : 1.0 / (1.0 - p);
            }
        }
        return mask;
    }

    /** Σ_x ∇C_x over the examples (columns of x and y): {gradW, gradB}, by BP1–BP4 one example at a time. */
    Object[] gradientSum(DoubleMatrix x, DoubleMatrix y, double[][][] mask) {
        int layers = w.length;
        double[][][] gw = new double[layers][][];
        double[][] gb = new double[layers][];
        for (int l = 0; l < layers; l++) {
            gw[l] = new double[w[l].length][w[l][0].length];
            gb[l] = new double[w[l].length];
        }
        for (int e = 0; e < x.columns; e++) {
            double[][] z = new double[layers][];
            double[][] a = new double[layers + 1][];
            a[0] = x.getColumn(e).toArray();
            for (int l = 0; l < layers; l++) {
                z[l] = new double[w[l].length];
                a[l + 1] = new double[w[l].length];
                for (int j = 0; j < w[l].length; j++) {
                    double s = b[l][j];
                    for (int k = 0; k < a[l].length; k++) {
                        s += w[l][j][k] * a[l][k];
                    }
                    z[l][j] = s;
                    a[l + 1][j] = sigmoid(s) * (mask != null && l < layers - 1 ? mask[l][j][e] : 1.0);
                }
            }
            double[][] delta = new double[layers][];
            int out = layers - 1;
            delta[out] = new double[w[out].length];
            for (int j = 0; j < w[out].length; j++) {
                delta[out][j] = (a[layers][j] - y.get(j, e)) * sigmoidPrime(z[out][j]);         // BP1
            }
            for (int l = out - 1; l >= 0; l--) {
                delta[l] = new double[w[l].length];
                for (int j = 0; j < w[l].length; j++) {
                    double s = 0;
                    for (int i = 0; i < w[l + 1].length; i++) {
                        s += w[l + 1][i][j] * delta[l + 1][i];
                    }
                    delta[l][j] = s * sigmoidPrime(z[l][j]) * (mask != null ? mask[l][j][e] : 1.0);  // BP2
                }
            }
            for (int l = 0; l < layers; l++) {
                for (int j = 0; j < w[l].length; j++) {
                    gb[l][j] += delta[l][j];                                                     // BP3
                    for (int k = 0; k < a[l].length; k++) {
                        gw[l][j][k] += delta[l][j] * a[l][k];                                    // BP4
                    }
                }
            }
        }
        return new Object[] {gw, gb};
    }

    /** One step of {@code rule} on the mini-batch (x, y), step number t from 1, with the given masks. */
    void step(Rule rule, double eta, int t, DoubleMatrix x, DoubleMatrix y, double[][][] mask) {
        Object[] g = gradientSum(x, y, mask);
        double[][][] gw = (double[][][]) g[0];
        double[][] gb = (double[][]) g[1];
        int m = x.columns;
        for (int l = 0; l < w.length; l++) {
            for (int j = 0; j < w[l].length; j++) {
                for (int k = 0; k < w[l][j].length; k++) {
                    double grad = gw[l][j][k] / m + rule.lambda() / rule.n() * w[l][j][k]
                            + rule.lambda1() / rule.n() * sgn(w[l][j][k]);
                    double[] moved = update(rule, eta, t, w[l][j][k], grad, w1[l][j][k], w2[l][j][k]);
                    w[l][j][k] = moved[0];
                    w1[l][j][k] = moved[1];
                    w2[l][j][k] = moved[2];
                }
                double[] moved = update(rule, eta, t, b[l][j], gb[l][j] / m, b1[l][j], b2[l][j]);
                b[l][j] = moved[0];
                b1[l][j] = moved[1];
                b2[l][j] = moved[2];
            }
        }
    }

    /** {parameter, state 1, state 2} after one update of parameter p with gradient g. */
    private static double[] update(Rule rule, double eta, int t, double p, double g, double s1, double s2) {
        switch (rule.kind()) {
            case SGD:
                return new double[] {p - eta * g, 0, 0};
            case MOMENTUM: {
                double v = rule.mu() * s1 - eta * g;
                return new double[] {p + v, v, 0};
            }
            case NESTEROV: {
                double v = rule.mu() * s1 - eta * g;
                return new double[] {p + rule.mu() * v - eta * g, v, 0};
            }
            default: {
                double mt = rule.beta1() * s1 + (1 - rule.beta1()) * g;
                double vt = rule.beta2() * s2 + (1 - rule.beta2()) * g * g;
                double mHat = mt / (1 - Math.pow(rule.beta1(), t));
                double vHat = vt / (1 - Math.pow(rule.beta2(), t));
                return new double[] {p - eta * mHat / (Math.sqrt(vHat) + rule.epsilon()), mt, vt};
            }
        }
    }
}
