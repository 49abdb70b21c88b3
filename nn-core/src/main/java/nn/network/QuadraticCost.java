package nn.network;

import nn.backend.BlasMatrix;
import org.jblas.DoubleMatrix;

/** The quadratic cost C = ½‖a − y‖², with output error δ = (a − y) ⊙ σ′(z). */
public final class QuadraticCost implements Cost {

    static final String NAME = "QuadraticCost";

    /** The only instance: the cost has no state. */
    public static final QuadraticCost INSTANCE = new QuadraticCost();

    private QuadraticCost() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double fn(DoubleMatrix a, DoubleMatrix y) {
        CostShapes.checkSameShape(NAME, a, y);
        double sum = 0.0;
        for (int i = 0, n = a.length; i < n; i++) {
            double d = a.data[i] - y.data[i];
            sum += d * d;
        }
        return 0.5 * sum;
    }

    @Override
    public void delta(BlasMatrix z, BlasMatrix a, BlasMatrix y, Activation output, BlasMatrix delta, int fromColumn,
                      int toColumn) {
        for (int i = fromColumn * a.rows, end = toColumn * a.rows; i < end; i++) {
            delta.set(i, a.get(i) - y.get(i));
        }
        output.multiplyByDerivative(z, a, delta, fromColumn, toColumn); // BP1: δ = ∇_a C ⊙ σ′(z)
    }

    @Override
    public void checkOutputActivation(Activation output) {
        if (!output.elementwise()) {
            throw new IllegalArgumentException("the quadratic cost needs an elementwise output activation, not "
                    + output.name() + " (use softmax with the log-likelihood cost)");
        }
    }

    @Override
    public String toString() {
        return NAME;
    }
}
