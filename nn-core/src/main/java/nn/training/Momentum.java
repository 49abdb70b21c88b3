package nn.training;

import java.util.Locale;
import nn.backend.BlasMatrix;

/**
 * Momentum-based gradient descent as the book's chapter 3 writes it, {@code v → v' = μv − η∇C},
 * {@code w → w' = w + v'}, or with Nesterov's look-ahead, {@code w → w' = w − η∇C + μv'}.
 *
 * <p>The engine has already taken the plain step, so {@code p = w − η∇C} and {@code given = w}: the velocity's
 * new term −η∇C is {@code p − w}, and the plain step's weight decay makes it include the L2 term, exactly as
 * ∇C does in the book. With μ = 0 the update adds nothing and the result is plain gradient descent's, bit for bit.
 */
public final class Momentum implements Optimizer {

    private final double mu;
    private final boolean nesterov;

    Momentum(double mu, boolean nesterov) {
        if (!(mu >= 0 && mu < 1)) {
            throw new IllegalArgumentException("momentum coefficient mu must be in [0, 1), got " + mu);
        }
        this.mu = mu;
        this.nesterov = nesterov;
    }

    /** μ, the momentum coefficient (1 − the book's friction). */
    double mu() {
        return mu;
    }

    @Override
    public String name() {
        return nesterov ? "nesterov" : "momentum";
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s (mu %s)", name(), mu);
    }

    @Override
    public Input input() {
        return Input.PREVIOUS_PARAMETERS;
    }

    @Override
    public int stateMatrices() {
        return 1;
    }

    @Override
    public void update(BlasMatrix p, BlasMatrix before, BlasMatrix[] state, double eta, long t, int from, int to) {
        BlasMatrix v = state[0];
        for (int i = from; i < to; i++) {
            double stepped = p.get(i);                        // w − η∇C
            double velocity = v.get(i);
            if (nesterov) {
                double next = mu * velocity + (stepped - before.get(i)); // v' = μv − η∇C
                v.set(i, next);
                p.set(i, stepped + mu * next);                           // w' = w − η∇C + μv'
            } else {
                double moved = stepped + mu * velocity;                  // w' = w + μv − η∇C = w + v'
                p.set(i, moved);
                v.set(i, moved - before.get(i));                         // v' = w' − w
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
