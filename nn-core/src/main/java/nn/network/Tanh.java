package nn.network;

import nn.backend.BlasMatrix;

/** The hyperbolic tangent, σ(z) = tanh z, a sigmoid rescaled to (−1, 1); σ′(z) = 1 − tanh² z. */
public final class Tanh implements Activation {

    static final String NAME = "tanh";

    /** The only instance: the function has no state. */
    public static final Tanh INSTANCE = new Tanh();

    private Tanh() {
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
            a.set(i, Math.tanh(z.get(i)));
        }
    }

    @Override
    public void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d, int fromColumn, int toColumn) {
        for (int i = fromColumn * d.rows, end = toColumn * d.rows; i < end; i++) {
            double ai = a.get(i);
            d.set(i, d.get(i) * (1.0 - ai * ai));
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
