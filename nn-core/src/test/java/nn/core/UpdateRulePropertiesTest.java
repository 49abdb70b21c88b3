package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import nn.backend.Precision;
import nn.internal.HeapMatrix;
import nn.internal.ParameterKernels;
import nn.internal.TrainingSession;
import nn.network.CrossEntropyCost;
import nn.network.Network;
import nn.training.Adam;
import nn.training.Backprop;
import nn.training.Gradients;
import nn.training.LoopedBackprop;
import nn.training.Momentum;
import nn.training.Optimizer;
import nn.training.UpdateRule;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * Properties of every {@link UpdateRule} over random small networks (2–4 layers of widths 1–8, every
 * activation/cost pairing, mini-batches of 1–17), on every engine × backend × precision ({@link Engines}): two
 * steps through a {@link TrainingSession} on two mini-batches of different sizes, so that momentum's velocity,
 * Adam's moments and t = 2, and dropout's masks of both sizes all count. Each case draws λ (0 or up to 5), λ₁ (0 or
 * up to 2) and a dropout rate per hidden layer (0 or 0.05–0.8) from its seed.
 */
class UpdateRulePropertiesTest {

    /** Batched against looped in float64, relative to each matrix's largest entry: see BatchedEqualsLoopedTest. */
    private static final double TOLERANCE = 1e-12;

    /**
     * Momentum and Nesterov with μ = 0 take plain gradient descent's step bit for bit, in each engine: their update
     * adds μ·v = 0 to the plain step the engine has already taken (0 compared with delta 0, so −0.0 = 0.0).
     */
    @Test
    void aNullDropoutMeansNoDropout() {
        UpdateRule rule = new UpdateRule(Optimizer.sgd(), 0.5, 0.0, null, 10);
        assertEquals(new UpdateRule(Optimizer.sgd(), 0.5, 0.0, new double[0], 10), rule);
        assertFalse(rule.hasDropout());
        assertEquals(0.0, rule.dropout(0));
        assertArrayEquals(new double[0], rule.dropout());
    }

    @Test
    void momentumWithMuZeroIsPlainSgdBitForBit() {
        RandomCases.theory().forAll(
                integers().between(2, 4),
                integers().between(0, RandomCases.COMBINATIONS.length - 1),
                integers().between(1, 17),
                longs().all())
            .checkAssert((layers, combination, m, seed) -> {
                Network network = RandomCases.network(layers, combination, seed);
                Case c = new Case(network, m, seed);
                for (Backprop engine : Engines.all()) {
                    double[] sgd = c.train(engine, network, Optimizer.sgd());
                    String what = Engines.describe(engine) + " " + c;
                    assertArrayEquals(sgd, c.train(engine, network, Optimizer.momentum(0)), 0.0, "momentum " + what);
                    assertArrayEquals(sgd, c.train(engine, network, Optimizer.nesterov(0)), 0.0, "nesterov " + what);
                }
            });
    }

    /**
     * The batched engine on every backend equals the looped reference under the same rule and mask seed, for every
     * optimiser with L2, L1 and dropout. Float64: {@link #TOLERANCE}. Float32: {@link Engines#FLOAT32_RELATIVE}
     * against the looped engine started from the same float32-rounded parameters and inputs (reasoning in
     * {@link Engines}; the second step starts from parameters rounded once more, a further u of the same size).
     * Adam's ε bounds how much its division amplifies a gradient's rounding error δg: the step η g/(|g| + ε)
     * changes by at most η·δg·ε/(|g| + ε)² ≤ η·δg/ε. In float64 a gradient entry carries an error relative to
     * itself except where terms of O(1) cancel to ~ε, which random O(1) networks reach with negligible probability,
     * so the usual ε = 1e-8 is checked. A float32 gradient carries an absolute error of up to ~1e-6 (a few dozen
     * u of its O(1) terms), which ε = 1e-8 would amplify to a wholly different step wherever |g| is that small (it
     * happened: 0.1 relative, in 1 of 3000 cases); float32 is checked with ε = 0.1, where η·δg/ε ≤ 1e-5 for
     * η &lt; 1, ten times below the tolerance. The formula and its code are the same for every ε and are held to
     * the hand-computed steps with ε = 1e-8 in float32 too (OptimizerStepTest).
     */
    @Test
    void batchedEqualsLoopedForEveryOptimiserWithL1AndDropout() {
        RandomCases.theory().forAll(
                integers().between(2, 4),
                integers().between(0, RandomCases.COMBINATIONS.length - 1),
                integers().between(1, 17),
                longs().all())
            .checkAssert((layers, combination, m, seed) -> {
                Network network = RandomCases.network(layers, combination, seed);
                Case c = new Case(network, m, seed);
                SplittableRandom random = new SplittableRandom(seed);
                double mu = random.nextDouble(0.0, 0.95);
                for (Backprop engine : Engines.batched()) {
                    Optimizer adam = engine.precision() == Precision.FLOAT32 ? Optimizer.adam(0.9, 0.999, 0.1)
                            : Optimizer.adam();
                    Optimizer[] optimizers = {Optimizer.sgd(), Optimizer.momentum(mu), Optimizer.nesterov(mu), adam};
                    for (Optimizer optimizer : optimizers) {
                        double[] looped = c.train(new LoopedBackprop(), Engines.rounded(engine, network), optimizer,
                                engine);
                        double[] batched = c.train(engine, network, optimizer);
                        double scale = 0;
                        double diff = 0;
                        for (int i = 0; i < looped.length; i++) {
                            scale = Math.max(scale, Math.abs(looped[i]));
                            diff = Math.max(diff, Math.abs(looped[i] - batched[i]));
                        }
                        double error = scale == 0 ? diff : diff / scale;
                        double tolerance = Engines.tolerance(engine, TOLERANCE);
                        assertTrue(error <= tolerance, () -> Engines.describe(engine) + " " + optimizer.describe()
                                + " " + c + ": relative error " + error + " above " + tolerance);
                    }
                }
            });
    }

    /**
     * The looped engine's gradient under a fixed dropout mask against central finite differences of the cost of
     * the masked network, Σ_x C(σ(w … (σ(w x + b) ⊙ M) … + b), y): the mask is a constant of the cost, so backprop
     * with the mask must give its exact gradient. Tolerances and their reasoning are GradientCheckTest's; ReLU
     * pairings are left out (they have kinks, which GradientCheckTest handles, and dropout does not change them).
     * The batched engine's masked steps equal the looped engine's (the property above).
     */
    @Test
    void gradientUnderAFixedDropoutMaskMatchesFiniteDifferences() {
        int[] smooth = {0, 1, 2, 3, 6, 7};
        RandomCases.theory().forAll(
                integers().between(3, 4),
                integers().between(0, smooth.length - 1),
                integers().between(1, 5),
                longs().all())
            .checkAssert((layers, which, m, seed) -> {
                Network network = RandomCases.network(layers, smooth[which], seed);
                DoubleMatrix x = RandomCases.inputs(network, m, seed);
                DoubleMatrix y = RandomCases.targets(network, m, seed);
                SplittableRandom random = new SplittableRandom(seed);
                DoubleMatrix[] masks = new DoubleMatrix[layers - 2];
                for (int l = 0; l < masks.length; l++) {
                    masks[l] = new DoubleMatrix(network.sizes()[l + 1], m);
                    ParameterKernels.drawMask(HeapMatrix.wrap(masks[l]), random.nextDouble(0.1, 0.7), random);
                }
                Gradients g = Gradients.zerosFor(network);
                new LoopedBackprop().gradient(network, x, y, masks, g);
                for (int l = 0; l < g.layers(); l++) {
                    check(network, x, y, masks, network.weights[l], g.nablaW(l), "nablaW[" + l + "]");
                    check(network, x, y, masks, network.biases[l], g.nablaB(l), "nablaB[" + l + "]");
                }
            });
    }

    private static void check(Network network, DoubleMatrix x, DoubleMatrix y, DoubleMatrix[] masks,
                              DoubleMatrix parameter, DoubleMatrix gradient, String what) {
        double h = 1e-5;
        for (int i = 0; i < parameter.length; i++) {
            double saved = parameter.data[i];
            parameter.data[i] = saved + h;
            double plus = maskedCost(network, x, y, masks);
            parameter.data[i] = saved - h;
            double minus = maskedCost(network, x, y, masks);
            parameter.data[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double analytic = gradient.data[i];
            double bound = 1e-6 * Math.max(Math.abs(analytic), Math.abs(numeric))
                    + 1e-8 * Math.max(1.0, Math.abs(maskedCost(network, x, y, masks)))
                    + 10 * crossEntropyNoise(network, x, y, masks) / h;
            int entry = i;
            assertTrue(Math.abs(analytic - numeric) <= bound, () -> what + " entry " + entry + ": backprop "
                    + analytic + ", finite difference " + numeric + " (" + network + ")");
        }
    }

    /**
     * The rounding error of computing the cross-entropy cost of an output a near 1: a is rounded to u = 2⁻⁵³
     * relative, so 1 − a, and with it ln(1 − a), carries a relative error of u·a/(1 − a), which the finite
     * difference divides by h. The masks (up to 1/(1 − 0.7) ≈ 3.3) saturate outputs more often than in
     * GradientCheckTest (e.g. 1 − a ≈ 5e-5 gives an error of 2e-12 in C and 4e-7 in a difference with h = 1e-5,
     * while backprop agrees with a difference with h = 1e-3 to 2e-8). 0 for the other costs, whose rounding error
     * is of the order of u·|C|, which the 1e-8·|C| floor already covers.
     */
    private static double crossEntropyNoise(Network network, DoubleMatrix x, DoubleMatrix y, DoubleMatrix[] masks) {
        if (network.cost() != CrossEntropyCost.INSTANCE) {
            return 0.0;
        }
        DoubleMatrix a = maskedOutput(network, x, masks);
        double noise = 0.0;
        for (int i = 0; i < a.length; i++) {
            noise += (1 - y.data[i]) * a.data[i] / (1 - a.data[i]) * 0x1p-53;
        }
        return noise;
    }

    /** Σ_x C_x of the network whose hidden activations are multiplied by the masks, column j for example j. */
    private static double maskedCost(Network network, DoubleMatrix x, DoubleMatrix y, DoubleMatrix[] masks) {
        return network.cost().fn(maskedOutput(network, x, masks), y);
    }

    /** The output of the network whose hidden activations are multiplied by the masks. */
    private static DoubleMatrix maskedOutput(Network network, DoubleMatrix x, DoubleMatrix[] masks) {
        DoubleMatrix a = x;
        for (int l = 0; l < network.numLayers() - 1; l++) {
            DoubleMatrix z = network.weights[l].mmul(a).addiColumnVector(network.biases[l]);
            a = network.activation(l).apply(z);
            if (l < masks.length) {
                a.muli(masks[l]);
            }
        }
        return a;
    }

    /** One random case: two mini-batches (m, then another size) and a rule's λ, λ₁, dropout rates and η. */
    private static final class Case {
        final DoubleMatrix[] xs;
        final DoubleMatrix[] ys;
        final double lambda;
        final double lambda1;
        final double[] dropout;
        final double eta;
        final int n;
        final long maskSeed;

        Case(Network network, int m, long seed) {
            SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
            int m2 = 1 + (m * 7 + 3) % 17;
            xs = new DoubleMatrix[] {RandomCases.inputs(network, m, seed), RandomCases.inputs(network, m2, ~seed)};
            ys = new DoubleMatrix[] {RandomCases.targets(network, m, seed), RandomCases.targets(network, m2, ~seed)};
            lambda = random.nextDouble() < 0.3 ? 0 : random.nextDouble(0, 5);
            lambda1 = random.nextDouble() < 0.3 ? 0 : random.nextDouble(0, 2);
            dropout = new double[network.numLayers() - 2];
            for (int l = 0; l < dropout.length; l++) {
                dropout[l] = random.nextDouble() < 0.3 ? 0 : random.nextDouble(0.05, 0.8);
            }
            eta = random.nextDouble(0.01, 1.0);
            n = Math.max(m, m2) + random.nextInt(100);
            maskSeed = random.nextLong();
        }

        /** The parameters after the two steps on a copy of {@code network}. */
        double[] train(Backprop engine, Network network, Optimizer optimizer) {
            return train(engine, network, optimizer, engine);
        }

        /** As above, on the inputs and targets as {@code precisionOf} computes on them. */
        double[] train(Backprop engine, Network network, Optimizer optimizer, Backprop precisionOf) {
            Network copy = network.copy();
            DoubleMatrix[] x = {Engines.rounded(precisionOf, xs[0]), Engines.rounded(precisionOf, xs[1])};
            DoubleMatrix[] y = {Engines.rounded(precisionOf, ys[0]), Engines.rounded(precisionOf, ys[1])};
            Sessions.train(engine, copy, new UpdateRule(optimizer, lambda, lambda1, dropout, n), x, y, eta,
                    maskSeed);
            return Sessions.parameters(copy);
        }

        @Override
        public String toString() {
            return "m " + xs[0].columns + " then " + xs[1].columns + ", λ " + lambda + ", λ₁ " + lambda1
                    + ", dropout " + java.util.Arrays.toString(dropout) + ", η " + eta + ", n " + n;
        }
    }
}
