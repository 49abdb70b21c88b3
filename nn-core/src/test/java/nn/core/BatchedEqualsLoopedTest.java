package nn.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import nn.backend.Blas;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.Gradients;
import nn.training.LoopedBackprop;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * The batched engine, on every available {@link Blas} backend in every precision, against the looped reference.
 * In float64 both compute the same sums in a different order, so they agree to rounding: ≤ 1e-12 relative to
 * each matrix's largest entry (a few hundred ulps for sums of at most 17 terms through at most 4 layers). A
 * float32 engine is held to {@link Engines#FLOAT32_RELATIVE} against the looped engine on the same
 * float32-rounded parameters and inputs (the reasoning is in {@link Engines}).
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
                Gradients batched = Gradients.zerosFor(network);
                for (Backprop engine : Engines.batched()) {
                    Gradients looped = Gradients.zerosFor(network);
                    new LoopedBackprop().gradient(Engines.rounded(engine, network), Engines.rounded(engine, x),
                            Engines.rounded(engine, y), looped);
                    engine.gradient(network, x, y, batched);
                    String what = Engines.describe(engine) + " m=" + m + " " + network;
                    for (int l = 0; l < looped.layers(); l++) {
                        assertClose(engine, looped.nablaW(l), batched.nablaW(l), "nablaW[" + l + "] " + what);
                        assertClose(engine, looped.nablaB(l), batched.nablaB(l), "nablaB[" + l + "] " + what);
                    }
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
                Network original = RandomCases.network(layers, combination, seed);
                DoubleMatrix x = RandomCases.inputs(original, m, seed);
                DoubleMatrix y = RandomCases.targets(original, m, seed);
                double eta = 0.1 + (seed & 0xFF) / 64.0;
                double lambda = ((seed >>> 8) & 0xFF) / 32.0;
                int n = m + (int) ((seed >>> 16) & 0xFF);
                for (Backprop engine : Engines.batched()) {
                    Network looped = Engines.rounded(engine, original).copy();
                    new LoopedBackprop().updateMiniBatch(looped, Engines.rounded(engine, x),
                            Engines.rounded(engine, y), eta, lambda, n);
                    Network batched = original.copy();
                    engine.updateMiniBatch(batched, x, y, eta, lambda, n);
                    for (int l = 0; l < looped.numLayers() - 1; l++) {
                        assertClose(engine, looped.weights[l], batched.weights[l],
                                Engines.describe(engine) + " weights[" + l + "] after a step");
                        assertClose(engine, looped.biases[l], batched.biases[l],
                                Engines.describe(engine) + " biases[" + l + "] after a step");
                    }
                }
            });
    }

    @Test
    void oneEngineServesMiniBatchesOfChangingSize() {
        Network network = RandomCases.network(3, 1, 7L);
        for (Backprop engine : Engines.batched()) {
            for (int m : new int[] {10, 10, 3, 10, 1, 17, 3, 5, 8, 10}) {
                DoubleMatrix x = RandomCases.inputs(network, m, m);
                DoubleMatrix y = RandomCases.targets(network, m, m);
                Gradients looped = Gradients.zerosFor(network);
                Gradients batched = Gradients.zerosFor(network);
                new LoopedBackprop().gradient(Engines.rounded(engine, network), Engines.rounded(engine, x),
                        Engines.rounded(engine, y), looped);
                engine.gradient(network, x, y, batched);
                for (int l = 0; l < looped.layers(); l++) {
                    assertClose(engine, looped.nablaW(l), batched.nablaW(l), Engines.describe(engine) + " nablaW["
                            + l + "] m=" + m);
                }
            }
        }
    }

    private static void assertClose(Backprop engine, DoubleMatrix expected, DoubleMatrix actual, String what) {
        double error = RandomCases.relativeError(expected, actual);
        double tolerance = Engines.tolerance(engine, TOLERANCE);
        assertTrue(error <= tolerance, () -> what + ": relative error " + error + " above " + tolerance);
    }

    @Test
    void relativeErrorDetectsADifference() {
        DoubleMatrix a = new DoubleMatrix(new double[] {1.0, 2.0});
        assertTrue(RandomCases.relativeError(a, a.add(new DoubleMatrix(new double[] {0.0, 1e-9}))) > TOLERANCE);
        assertTrue(RandomCases.relativeError(a, a.add(new DoubleMatrix(new double[] {0.0, 1e-3})))
                > Engines.FLOAT32_RELATIVE);
    }
}
