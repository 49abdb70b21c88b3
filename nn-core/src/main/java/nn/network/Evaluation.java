package nn.network;

/**
 * A network's figures on a dataset, from one feedforward pass ({@link Network#evaluate}).
 *
 * @param costSum Σ_x C_x, the cost summed over every example, without any regularisation term: a caller adds
 *                its own, e.g. {@code network2.py}'s {@code total_cost} is {@code meanCost() + (λ/2n) Σ w²}
 * @param correct the examples whose predicted class (the most active output neuron) is their label
 * @param size    the number of examples, at least 1
 */
public record Evaluation(double costSum, int correct, int size) {

    /**
     * Checks the figures.
     *
     * @param costSum Σ_x C_x over the examples, without any regularisation term
     * @param correct the correctly classified examples, from 0 to {@code size}
     * @param size    the number of examples, at least 1
     * @throws IllegalArgumentException if {@code size} is below 1 or {@code correct} is outside {@code 0..size}
     */
    public Evaluation {
        if (size < 1) {
            throw new IllegalArgumentException("an evaluation needs at least 1 example, got " + size);
        }
        if (correct < 0 || correct > size) {
            throw new IllegalArgumentException("correct must be between 0 and " + size + ", got " + correct);
        }
    }

    /** {@return the mean cost per example, {@code (1/n) Σ_x C_x} with n = {@link #size()}} */
    public double meanCost() {
        return costSum / size;
    }

    /** {@return the accuracy as a fraction in [0, 1], {@code correct / size}} */
    public double fraction() {
        return (double) correct / size;
    }
}
