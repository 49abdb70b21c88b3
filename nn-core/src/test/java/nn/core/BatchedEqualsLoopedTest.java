package nn.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The batched engine against the looped reference. Both compute the same sums in a different order, so they
 * agree to rounding: ≤ 1e-12 relative to each matrix's largest entry (a few hundred ulps for sums of at most
 * 17 terms through at most 4 layers).
 */
class BatchedEqualsLoopedTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void gradientsAgreeForBatchSizesOneToSeventeen() {
        RandomCases.theory().forAll(
                integers().between(2, 4),
                integers().between(0, RandomCases.COMBINATIONS.length - 1),
                integers().between(1, 17),
                longs().all())
            .checkAssert((layers, combination, m, seed) -> {
                Network network = RandomCases.network(layers, combination, seed);
                DoubleMatrix x = RandomCases.inputs(network, m, seed);
                DoubleMatrix y = RandomCases.targets(network, m, seed);
                Gradients looped = Gradients.zerosFor(network);
                Gradients batched = Gradients.zerosFor(network);
                new LoopedBackprop().gradient(network, x, y, looped);
                new BatchedBackprop().gradient(network, x, y, batched);
                for (int l = 0; l < looped.layers(); l++) {
                    assertClose(looped.nablaW(l), batched.nablaW(l), "nablaW[" + l + "] m=" + m + " " + network);
                    assertClose(looped.nablaB(l), batched.nablaB(l), "nablaB[" + l + "] m=" + m + " " + network);
                }
            });
    }

    @Test
    void sgdStepsAgree() {
        RandomCases.theory().forAll(
                integers().between(2, 4),
                integers().between(0, RandomCases.COMBINATIONS.length - 1),
                integers().between(1, 17),
                longs().all())
            .checkAssert((layers, combination, m, seed) -> {
                Network looped = RandomCases.network(layers, combination, seed);
                Network batched = looped.copy();
                DoubleMatrix x = RandomCases.inputs(looped, m, seed);
                DoubleMatrix y = RandomCases.targets(looped, m, seed);
                double eta = 0.1 + (seed & 0xFF) / 64.0;
                double lambda = ((seed >>> 8) & 0xFF) / 32.0;
                int n = m + (int) ((seed >>> 16) & 0xFF);
                new LoopedBackprop().updateMiniBatch(looped, x, y, eta, lambda, n);
                new BatchedBackprop().updateMiniBatch(batched, x, y, eta, lambda, n);
                for (int l = 0; l < looped.numLayers() - 1; l++) {
                    assertClose(looped.weights[l], batched.weights[l], "weights[" + l + "] after a step");
                    assertClose(looped.biases[l], batched.biases[l], "biases[" + l + "] after a step");
                }
            });
    }

    @Test
    void oneEngineServesMiniBatchesOfChangingSize() {
        Network network = RandomCases.network(3, 1, 7L);
        BatchedBackprop engine = new BatchedBackprop();
        for (int m : new int[] {10, 10, 3, 10, 1, 17, 3, 5, 8, 10}) {
            DoubleMatrix x = RandomCases.inputs(network, m, m);
            DoubleMatrix y = RandomCases.targets(network, m, m);
            Gradients looped = Gradients.zerosFor(network);
            Gradients batched = Gradients.zerosFor(network);
            new LoopedBackprop().gradient(network, x, y, looped);
            engine.gradient(network, x, y, batched);
            for (int l = 0; l < looped.layers(); l++) {
                assertClose(looped.nablaW(l), batched.nablaW(l), "nablaW[" + l + "] m=" + m);
            }
        }
    }

    private static void assertClose(DoubleMatrix expected, DoubleMatrix actual, String what) {
        double error = RandomCases.relativeError(expected, actual);
        assertTrue(error <= TOLERANCE, () -> what + ": relative error " + error);
    }

    @Test
    void relativeErrorDetectsADifference() {
        DoubleMatrix a = new DoubleMatrix(new double[] {1.0, 2.0});
        assertTrue(RandomCases.relativeError(a, a.add(new DoubleMatrix(new double[] {0.0, 1e-9}))) > TOLERANCE);
    }
}
