package nn.internal;

import nn.backend.BlasMatrix;

/**
 * An optimiser's state matrices as plain arrays, for checkpoints: for each layer l in turn, the state matrices of
 * its weights, then those of its biases, each column-major.
 */
public final class OptimizerStates {

    private OptimizerStates() {
    }

    /**
     * Copies the state matrices out, in checkpoint order.
     *
     * @param weights {@code weights[l][s]} is state matrix s of layer l's weights; k matrices per layer
     * @param biases  {@code biases[l][s]} is state matrix s of layer l's biases, as many as for the weights
     * @return {@code 2·layers·k} new column-major arrays: layer 0's weight states, its bias states, then layer 1's,
     *         and so on; empty when the optimiser keeps no state (k = 0)
     */
    public static double[][] toArrays(BlasMatrix[][] weights, BlasMatrix[][] biases) {
        int k = weights.length == 0 ? 0 : weights[0].length;
        double[][] out = new double[2 * weights.length * k][];
        int i = 0;
        for (int l = 0; l < weights.length; l++) {
            for (int s = 0; s < k; s++) {
                out[i++] = weights[l][s].toArray();
            }
            for (int s = 0; s < k; s++) {
                out[i++] = biases[l][s].toArray();
            }
        }
        return out;
    }

    /**
     * Copies state saved by {@link #toArrays} back into the matrices.
     *
     * @param saved   the arrays, in {@link #toArrays}'s order
     * @param weights receives the weights' state, {@code weights[l][s]} as in {@link #toArrays}
     * @param biases  receives the biases' state, {@code biases[l][s]} as in {@link #toArrays}
     * @throws IllegalArgumentException if {@code saved} does not hold as many arrays of the right lengths
     */
    public static void restore(double[][] saved, BlasMatrix[][] weights, BlasMatrix[][] biases) {
        int k = weights.length == 0 ? 0 : weights[0].length;
        if (saved.length != 2 * weights.length * k) {
            throw new IllegalArgumentException("the optimiser's saved state has " + saved.length
                    + " matrices, expected " + 2 * weights.length * k);
        }
        int i = 0;
        for (int l = 0; l < weights.length; l++) {
            for (int s = 0; s < k; s++) {
                weights[l][s].copyFrom(check(saved[i++], weights[l][s], i - 1));
            }
            for (int s = 0; s < k; s++) {
                biases[l][s].copyFrom(check(saved[i++], biases[l][s], i - 1));
            }
        }
    }

    private static double[] check(double[] values, BlasMatrix into, int index) {
        if (values == null || values.length != into.length()) {
            throw new IllegalArgumentException("the optimiser's saved state matrix " + index + " has "
                    + (values == null ? 0 : values.length) + " values, expected " + into.length());
        }
        return values;
    }
}
