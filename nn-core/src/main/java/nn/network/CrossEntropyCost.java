package nn.network;

import nn.backend.BlasMatrix;
import org.jblas.DoubleMatrix;

/**
 * The cross-entropy cost C = −Σ [y ln a + (1 − y) ln(1 − a)] for sigmoid outputs, whose output error is
 * δ = a − y: the σ′(z) that slows a saturated quadratic-cost neuron cancels out.
 */
public final class CrossEntropyCost implements Cost {

    static final String NAME = "CrossEntropyCost";

    /** The only instance: the cost has no state. */
    public static final CrossEntropyCost INSTANCE = new CrossEntropyCost();

    private CrossEntropyCost() {
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * {@inheritDoc}
     *
     * <p>A term whose weight y or 1 − y is zero is left out rather than computed as 0 · ln 0, so an output that
     * equals its target exactly (0 or 1) costs 0 instead of NaN. An output saturated at the wrong end is
     * genuinely infinitely wrong and costs +∞ (where {@code network2.py}'s {@code nan_to_num} would report
     * the largest double).
     */
    @Override
    public double fn(DoubleMatrix a, DoubleMatrix y) {
        CostShapes.checkSameShape(NAME, a, y);
        double sum = 0.0;
        for (int i = 0, n = a.length; i < n; i++) {
            double ai = a.data[i];
            double yi = y.data[i];
            if (yi != 0.0) {
                sum -= yi * Math.log(ai);
            }
            if (yi != 1.0) {
                sum -= (1.0 - yi) * Math.log(1.0 - ai);
            }
        }
        return sum;
    }

    @Override
    public void delta(BlasMatrix z, BlasMatrix a, BlasMatrix y, Activation output, BlasMatrix delta, int fromColumn,
                      int toColumn) {
        for (int i = fromColumn * a.rows, end = toColumn * a.rows; i < end; i++) {
            delta.set(i, a.get(i) - y.get(i)); // BP1 with σ′ cancelled by the cross-entropy
        }
    }

    @Override
    public void checkOutputActivation(Activation output) {
        if (output != Sigmoid.INSTANCE) {
            throw new IllegalArgumentException("the cross-entropy cost's error δ = a − y holds only for a sigmoid"
                    + " output layer, not " + output.name());
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
