package nn.core;

import java.nio.DoubleBuffer;

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
    public void apply(BlasMatrix z, BlasMatrix a) {
        DoubleBuffer zs = z.data();
        DoubleBuffer as = a.data();
        int rows = z.rows;
        for (int c = 0, start = 0; c < z.columns; c++, start += rows) {
            // Subtracting the column maximum changes nothing mathematically and keeps e^z from overflowing.
            double max = Double.NEGATIVE_INFINITY;
            for (int i = start; i < start + rows; i++) {
                max = Math.max(max, zs.get(i));
            }
            double sum = 0.0;
            for (int i = start; i < start + rows; i++) {
                double e = Math.exp(zs.get(i) - max);
                as.put(i, e);
                sum += e;
            }
            for (int i = start; i < start + rows; i++) {
                as.put(i, as.get(i) / sum);
            }
        }
    }

    @Override
    public void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d) {
        throw new UnsupportedOperationException(
                "softmax has no elementwise derivative: use it only as the output layer with the log-likelihood cost");
    }

    @Override
    public String toString() {
        return NAME;
    }
}
