package nn.core;

import org.jblas.DoubleMatrix;

/**
 * The softmax output layer, a_j = e^{z_j} / Σ_k e^{z_k}, computed per column (per example). Its outputs are a
 * probability distribution; paired with {@link LogLikelihoodCost} the output error is simply δ = a − y, so
 * its (non-diagonal) Jacobian is never needed.
 */
public final class Softmax implements Activation {

    static final String NAME = "softmax";

    /** The only instance: the function has no state. */
    public static final Softmax INSTANCE = new Softmax();

    private Softmax() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean elementwise() {
        return false;
    }

    @Override
    public void apply(DoubleMatrix z, DoubleMatrix a) {
        double[] zs = z.data;
        double[] as = a.data;
        int rows = z.rows;
        for (int c = 0, start = 0; c < z.columns; c++, start += rows) {
            // Subtracting the column maximum changes nothing mathematically and keeps e^z from overflowing.
            double max = Double.NEGATIVE_INFINITY;
            for (int i = start; i < start + rows; i++) {
                max = Math.max(max, zs[i]);
            }
            double sum = 0.0;
            for (int i = start; i < start + rows; i++) {
                as[i] = Math.exp(zs[i] - max);
                sum += as[i];
            }
            for (int i = start; i < start + rows; i++) {
                as[i] /= sum;
            }
        }
    }

    @Override
    public void multiplyByDerivative(DoubleMatrix z, DoubleMatrix a, DoubleMatrix d) {
        throw new UnsupportedOperationException(
                "softmax has no elementwise derivative: use it only as the output layer with the log-likelihood cost");
    }

    @Override
    public String toString() {
        return NAME;
    }
}
