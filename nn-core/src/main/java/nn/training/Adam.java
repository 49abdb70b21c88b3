package nn.training;

import java.util.Locale;
import nn.backend.BlasMatrix;

/**
 * Adam (Kingma and Ba, 2015): running means of the gradient and of its square, corrected for their start at
 * zero, set each parameter's own step: {@code m → β₁m + (1 − β₁)g}, {@code v → β₂v + (1 − β₂)g²},
 * {@code w → w − η m̂ / (√v̂ + ε)} with {@code m̂ = m / (1 − β₁ᵗ)} and {@code v̂ = v / (1 − β₂ᵗ)}. The gradient
 * g includes the L2 and L1 terms (Adam with L2 regularisation, not AdamW's decoupled decay).
 */
public final class Adam implements Optimizer {

    private final double beta1;
    private final double beta2;
    private final double epsilon;

    Adam(double beta1, double beta2, double epsilon) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam's beta1 and beta2 must be in [0, 1), got " + beta1 + " and "
                    + beta2);
        }
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("Adam's epsilon must be a finite number above 0, got " + epsilon);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    double beta1() {
        return beta1;
    }

    double beta2() {
        return beta2;
    }

    double epsilon() {
        return epsilon;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "adam (beta1 %s, beta2 %s, epsilon %s)", beta1, beta2, epsilon);
    }

    @Override
    public Input input() {
        return Input.GRADIENT;
    }

    @Override
    public int stateMatrices() {
        return 2;
    }

    @Override
    public void update(BlasMatrix p, BlasMatrix g, BlasMatrix[] state, double eta, long t, int from, int to) {
        BlasMatrix m = state[0];
        BlasMatrix v = state[1];
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        for (int i = from; i < to; i++) {
            double gi = g.get(i);
            double mi = beta1 * m.get(i) + (1 - beta1) * gi;
            double vi = beta2 * v.get(i) + (1 - beta2) * gi * gi;
            m.set(i, mi);
            v.set(i, vi);
            p.set(i, p.get(i) - eta * (mi / correction1) / (Math.sqrt(vi / correction2) + epsilon));
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
