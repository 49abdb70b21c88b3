package nn.core;

/**
 * A network's figures on a dataset, measured in one pass.
 *
 * @param costSum Σ_x C_x over the examples, without any regularisation term
 * @param correct examples whose predicted class is their label
 * @param size    the number of examples
 */
public record Evaluation(double costSum, int correct, int size) {

    /** The mean cost (1/n) Σ_x C_x. */
    public double meanCost() {
        return costSum / size;
    }
}
