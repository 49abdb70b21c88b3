package nn.examples;

/**
 * A network's figures on one dataset.
 *
 * @param cost    network2's {@code total_cost}: mean cost per example plus the L2 term {@code (λ/2n) Σ w²}
 * @param correct correctly classified examples
 * @param size    number of examples
 */
public record Evaluation(double cost, int correct, int size) {

    /** Accuracy as a fraction in [0, 1]. */
    public double fraction() {
        return (double) correct / size;
    }
}
