package nn.core;

import org.jblas.DoubleMatrix;

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
    public void apply(DoubleMatrix z, DoubleMatrix a) {
        double[] zs = z.data;
        double[] as = a.data;
        for (int i = 0, n = z.length; i < n; i++) {
            as[i] = 1.0 / (1.0 + Math.exp(-zs[i]));
        }
    }

    @Override
    public void multiplyByDerivative(DoubleMatrix z, DoubleMatrix a, DoubleMatrix d) {
        double[] as = a.data;
        double[] ds = d.data;
        for (int i = 0, n = d.length; i < n; i++) {
            ds[i] *= as[i] * (1.0 - as[i]);
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
