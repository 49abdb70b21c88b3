package nn.network;

import nn.backend.BlasMatrix;

/** The logistic function σ(z) = 1 / (1 + e^−z), the book's neuron; σ′(z) = σ(z)(1 − σ(z)). */
public final class Sigmoid implements Activation {

    static final String NAME = "sigmoid";

    /** The only instance: the function has no state. */
    public static final Sigmoid INSTANCE = new Sigmoid();

    private Sigmoid() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean elementwise() {
        return true;
    }

    @Override
    public void apply(BlasMatrix z, BlasMatrix a, int fromColumn, int toColumn) {
        for (int i = fromColumn * z.rows, end = toColumn * z.rows; i < end; i++) {
            a.set(i, 1.0 / (1.0 + Math.exp(-z.get(i))));
        }
    }

    @Override
    public void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d, int fromColumn, int toColumn) {
        for (int i = fromColumn * d.rows, end = toColumn * d.rows; i < end; i++) {
            double ai = a.get(i);
            d.set(i, d.get(i) * (ai * (1.0 - ai)));
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
