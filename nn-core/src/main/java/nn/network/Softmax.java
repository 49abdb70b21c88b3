package nn.network;

import nn.backend.BlasMatrix;

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
    public void apply(BlasMatrix z, BlasMatrix a, int fromColumn, int toColumn) {
        int rows = z.rows;
        for (int c = fromColumn, start = fromColumn * rows; c < toColumn; c++, start += rows) {
            // Subtracting the column maximum changes nothing mathematically and keeps e^z from overflowing.
            double max = Double.NEGATIVE_INFINITY;
            for (int i = start; i < start + rows; i++) {
                max = Math.max(max, z.get(i));
            }
            double sum = 0.0;
            for (int i = start; i < start + rows; i++) {
                sum += Math.exp(z.get(i) - max);
            }
            // Each entry from its own exponential, not from a stored (possibly float32-rounded) one.
            for (int i = start; i < start + rows; i++) {
                a.set(i, Math.exp(z.get(i) - max) / sum);
            }
        }
    }

    @Override
    public void multiplyByDerivative(BlasMatrix z, BlasMatrix a, BlasMatrix d, int fromColumn, int toColumn) {
        throw new UnsupportedOperationException(
                "softmax has no elementwise derivative: use it only as the output layer with the log-likelihood cost");
    }

    @Override
    public String toString() {
        return NAME;
    }
}
