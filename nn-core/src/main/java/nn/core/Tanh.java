package nn.core;

import org.jblas.DoubleMatrix;

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
    public void apply(DoubleMatrix z, DoubleMatrix a) {
        double[] zs = z.data;
        double[] as = a.data;
        for (int i = 0, n = z.length; i < n; i++) {
            as[i] = Math.tanh(zs[i]);
        }
    }

    @Override
    public void multiplyByDerivative(DoubleMatrix z, DoubleMatrix a, DoubleMatrix d) {
        double[] as = a.data;
        double[] ds = d.data;
        for (int i = 0, n = d.length; i < n; i++) {
            ds[i] *= 1.0 - as[i] * as[i];
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
