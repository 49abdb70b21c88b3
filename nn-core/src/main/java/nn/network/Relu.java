package nn.network;

import nn.backend.BlasMatrix;

/**
 * The rectified linear unit σ(z) = max(0, z). Its derivative is 1 for z &gt; 0 and 0 otherwise; at the kink
 * z = 0 we take 0, the usual convention.
 */
public final class Relu implements Activation {

    static final String NAME = "relu";

    /** The only instance: the function has no state. */
    public static final Relu INSTANCE = new Relu();

    private Relu() {
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
            double zi = z.get(i);
            a.set(i, zi > 0.0 ? zi : 0.0);
        }
    }

    @Override
    public void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d, int fromColumn, int toColumn) {
        for (int i = fromColumn * d.rows, end = toColumn * d.rows; i < end; i++) {
            if (!(z.get(i) > 0.0)) {
                d.set(i, 0.0);
            }
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
