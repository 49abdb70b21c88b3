package nn.core;

import java.nio.DoubleBuffer;

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
    public void apply(BlasMatrix z, BlasMatrix a) {
        DoubleBuffer zs = z.data();
        DoubleBuffer as = a.data();
        for (int i = 0, n = z.length(); i < n; i++) {
            double zi = zs.get(i);
            as.put(i, zi > 0.0 ? zi : 0.0);
        }
    }

    @Override
    public void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d) {
        DoubleBuffer zs = z.data();
        DoubleBuffer ds = d.data();
        for (int i = 0, n = d.length(); i < n; i++) {
            if (!(zs.get(i) > 0.0)) {
                ds.put(i, 0.0);
            }
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
