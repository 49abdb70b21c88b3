package nn.internal;

import java.util.SplittableRandom;
import nn.backend.BlasMatrix;

/**
 * The elementwise parts of a training step that both engines share, written once on {@link BlasMatrix} entries
 * (so in every precision): the regularisation terms and dropout's masks.
 */
public final class ParameterKernels {

    private ParameterKernels() {
    }

    /**
     * The book's step with L1 as well as L2, before the gradient term:
     * {@code w → (1 − ηλ/n) w − (ηλ₁/n) sgn(w)}, with sgn(0) = 0.
     *
     * @param w      the weights, updated in place
     * @param decay  the L2 factor {@code 1 − ηλ/n}
     * @param l1Step the L1 step {@code ηλ₁/n}
     */
    public static void shrink(BlasMatrix w, double decay, double l1Step) {
        for (int i = 0, n = w.length(); i < n; i++) {
            double wi = w.get(i);
            w.set(i, decay * wi - l1Step * Math.signum(wi));
        }
    }

    /**
     * The regularisation terms of ∇C: {@code g += (λ/n) w + (λ₁/n) sgn(w)}.
     *
     * @param g  the gradient of the unregularised cost, updated in place
     * @param w  the weights, of the shape of {@code g}
     * @param l2 {@code λ/n}; 0 without L2
     * @param l1 {@code λ₁/n}; 0 without L1
     */
    public static void addRegularisation(BlasMatrix g, BlasMatrix w, double l2, double l1) {
        if (l2 == 0 && l1 == 0) {
            return;
        }
        for (int i = 0, n = g.length(); i < n; i++) {
            double wi = w.get(i);
            g.set(i, g.get(i) + l2 * wi + l1 * Math.signum(wi));
        }
    }

    /**
     * {@code to ← from}, entry by entry.
     *
     * @param from the values to copy
     * @param to   receives them, rounded to its precision; at least as long as {@code from}
     */
    public static void copy(BlasMatrix from, BlasMatrix to) {
        copy(from, to, 0, from.length());
    }

    /**
     * Entries {@code [start, end)} of {@link #copy(BlasMatrix, BlasMatrix)}, for one thread's share.
     *
     * @param from  the matrix read
     * @param to    receives its entries, of the same length
     * @param start the first entry, from 0
     * @param end   one past the last entry
     */
    public static void copy(BlasMatrix from, BlasMatrix to, int start, int end) {
        for (int i = start; i < end; i++) {
            to.set(i, from.get(i));
        }
    }

    /**
     * Draws an inverted-dropout mask: each entry 0 with probability {@code rate}, otherwise {@code 1/(1 − rate)},
     * in column-major order, so the looped engine reading column j sees what the batched engine does.
     *
     * @param mask   receives the mask, neurons × m
     * @param rate   the probability of dropping a neuron, in [0, 1)
     * @param random the generator, one {@code nextDouble()} drawn per entry
     */
    public static void drawMask(BlasMatrix mask, double rate, SplittableRandom random) {
        double kept = 1.0 / (1.0 - rate);
        for (int i = 0, n = mask.length(); i < n; i++) {
            mask.set(i, random.nextDouble() < rate ? 0.0 : kept);
        }
    }

    /**
     * {@code out = a ⊙ mask}; {@code out} may be {@code a}.
     *
     * @param a    the activations or errors to mask
     * @param mask a dropout mask from {@link #drawMask}, of the shape of {@code a}
     * @param out  receives the product, of the shape of {@code a}
     */
    public static void multiply(BlasMatrix a, BlasMatrix mask, BlasMatrix out) {
        multiply(a, mask, out, 0, a.length());
    }

    /**
     * Entries {@code [start, end)} of {@link #multiply(BlasMatrix, BlasMatrix, BlasMatrix)}, for one thread's share.
     *
     * @param a     the activations or errors to mask
     * @param mask  a dropout mask from {@link #drawMask}, of the shape of {@code a}
     * @param out   receives the product, of the shape of {@code a}; may be {@code a}
     * @param start the first entry, from 0
     * @param end   one past the last entry
     */
    public static void multiply(BlasMatrix a, BlasMatrix mask, BlasMatrix out, int start, int end) {
        for (int i = start; i < end; i++) {
            out.set(i, a.get(i) * mask.get(i));
        }
    }

    /**
     * Every entry to 0.
     *
     * @param m the matrix to clear
     */
    public static void zero(BlasMatrix m) {
        for (int i = 0, n = m.length(); i < n; i++) {
            m.set(i, 0.0);
        }
    }
}
