package nn.network;

import nn.backend.BlasMatrix;
import org.jblas.DoubleMatrix;

/**
 * The log-likelihood cost C = −Σ y ln a for a softmax output layer; for a one-hot y it is −ln a_y, and the
 * output error is δ = a − y.
 */
public final class LogLikelihoodCost implements Cost {

    static final String NAME = "LogLikelihoodCost";

    /** The only instance: the cost has no state. */
    public static final LogLikelihoodCost INSTANCE = new LogLikelihoodCost();

    private LogLikelihoodCost() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} Entries with y = 0 contribute nothing, so 0 · ln 0 never produces NaN. */
    @Override
    public double fn(DoubleMatrix a, DoubleMatrix y) {
        CostShapes.checkSameShape(NAME, a, y);
        double sum = 0.0;
        for (int i = 0, n = a.length; i < n; i++) {
            if (y.data[i] != 0.0) {
                sum -= y.data[i] * Math.log(a.data[i]);
            }
        }
        return sum;
    }

    /** {@inheritDoc} δ = a − y assumes each target column sums to 1, as a one-hot label does. */
    @Override
    public void delta(BlasMatrix z, BlasMatrix a, BlasMatrix y, Activation output, BlasMatrix delta, int fromColumn,
                      int toColumn) {
        for (int i = fromColumn * a.rows, end = toColumn * a.rows; i < end; i++) {
            delta.set(i, a.get(i) - y.get(i)); // BP1 for softmax with log-likelihood
        }
    }

    @Override
    public void checkOutputActivation(Activation output) {
        if (output != Softmax.INSTANCE) {
            throw new IllegalArgumentException("the log-likelihood cost needs a softmax output layer, not "
                    + output.name());
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
