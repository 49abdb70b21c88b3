package nn.core;

import java.nio.DoubleBuffer;

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
    public void apply(BlasMatrix z, BlasMatrix a) {
        DoubleBuffer zs = z.data();
        DoubleBuffer as = a.data();
        for (int i = 0, n = z.length(); i < n; i++) {
            as.put(i, 1.0 / (1.0 + Math.exp(-zs.get(i))));
        }
    }

    @Override
    public void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d) {
        DoubleBuffer as = a.data();
        DoubleBuffer ds = d.data();
        for (int i = 0, n = d.length(); i < n; i++) {
            double ai = as.get(i);
            ds.put(i, ds.get(i) * (ai * (1.0 - ai)));
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
