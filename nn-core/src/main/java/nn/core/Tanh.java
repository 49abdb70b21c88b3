package nn.core;

import java.nio.DoubleBuffer;

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
    public void apply(BlasMatrix z, BlasMatrix a) {
        DoubleBuffer zs = z.data();
        DoubleBuffer as = a.data();
        for (int i = 0, n = z.length(); i < n; i++) {
            as.put(i, Math.tanh(zs.get(i)));
        }
    }

    @Override
    public void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d) {
        DoubleBuffer as = a.data();
        DoubleBuffer ds = d.data();
        for (int i = 0, n = d.length(); i < n; i++) {
            double ai = as.get(i);
            ds.put(i, ds.get(i) * (1.0 - ai * ai));
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
