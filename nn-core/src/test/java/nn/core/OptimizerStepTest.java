package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import nn.backend.Precision;
import nn.core.ScalarReference.Kind;
import nn.core.ScalarReference.Rule;
import nn.internal.TrainingSession;
import nn.network.Activation;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.Sigmoid;
import nn.training.Adam;
import nn.training.Backprop;
import nn.training.Momentum;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each optimiser and regulariser of chapter 3 against steps worked out independently: on the [2, 2, 1] sigmoid
 * network with the quadratic cost of {@link HandComputedStepTest} (whose gradient was worked by hand), two examples
 * x = (1, 0) → 1 and x = (0, 1) → 0, n = 4, every engine's steps through a {@link TrainingSession} equal
 * {@link ScalarReference}'s, which writes each formula in scalar double arithmetic (formulas in its Javadoc and
 * below). {@link #referenceReproducesTheHandComputedSgdStep} ties the reference to the hand-computed figures.
 *
 * <p>Tolerances. Float64: the engines compute the same formulas as the reference in another order (a fused
 * product, η applied before or after the sum, μ(v) + (p − w) instead of μv − η∇C), so they agree to a few ulps of
 * each O(1) value per operation; two steps of a few dozen operations stay below {@link #FLOAT64} = 1e-14 absolute
 * (about 50 ulps of 1) for values of magnitude ≤ 1, relative above. Float32: the engine rounds the parameters to
 * float32 (0.1 is not a float), computes and stores every intermediate and the optimiser's state in float32
 * (u = 2⁻²⁴ ≈ 6e-8); the reference starts from the same rounded parameters, so what remains is float32 rounding
 * of two steps of O(1) values, a few dozen u: {@link #FLOAT32} = 2e-6 (about 30 u). Adam divides by √v̂, but its
 * first step is ±η·|g|/(|g| + ε) and its second a ratio of moments of gradients of the same size, neither of which
 * amplifies a relative error.
 */
class OptimizerStepTest {

    private static final double FLOAT64 = 1e-14;
    private static final double FLOAT32 = 2e-6;
    private static final int N = 4;
    private static final DoubleMatrix X = new DoubleMatrix(new double[][] {{1.0, 0.0}, {0.0, 1.0}});
    private static final DoubleMatrix Y = new DoubleMatrix(new double[][] {{1.0, 0.0}});

    /** HandComputedStepTest's network; with {@code zero}, weight (0, 1) of layer 1 is 0, for sgn(0). */
    private static Network network(boolean zero) {
        return Network.of(new int[] {2, 2, 1},
                new Activation[] {Sigmoid.INSTANCE, Sigmoid.INSTANCE},
                QuadraticCost.INSTANCE,
                new DoubleMatrix[] {new DoubleMatrix(new double[][] {{0.1, zero ? 0.0 : 0.2}, {-0.3, 0.4}}),
                                    new DoubleMatrix(new double[][] {{0.6, -0.7}})},
                new DoubleMatrix[] {new DoubleMatrix(new double[] {0.5, -0.5}),
                                    new DoubleMatrix(new double[] {0.05})});
    }

    static Stream<Named<Backprop>> engines() {
        return HandComputedStepTest.engines();
    }

    private static Rule rule(Kind kind, double mu, double lambda, double lambda1, double dropout) {
        return new Rule(kind, mu, 0.9, 0.999, 1e-8, lambda, lambda1, dropout, N);
    }

    @Test
    void referenceReproducesTheHandComputedSgdStep() {
        // HandComputedStepTest: η = 1, λ = 0.5, n = 4, m = 2, w → (1 − ηλ/n) w − (η/m) Σ∇w, b → b − (η/m) Σ∇b.
        ScalarReference reference = new ScalarReference(network(false));
        reference.step(rule(Kind.SGD, 0, 0.5, 0, 0), 1.0, 1, X, Y, null);
        double[] expected = {0.09504588005543388, 0.16622493515350414, -0.27073116018677823, 0.361514920355823,
            0.498770815208938, -0.49671623983095525, 0.5164158242176262, -0.6267919889892705, 0.03900668045986534};
        double[] actual = {reference.w[0][0][0], reference.w[0][0][1], reference.w[0][1][0], reference.w[0][1][1],
            reference.b[0][0], reference.b[0][1], reference.w[1][0][0], reference.w[1][0][1], reference.b[1][0]};
        assertArrayEquals(expected, actual, 1e-15);
    }

    /** Momentum, μ = 0.9, η = 0.5, λ = 0.5: v₁ = −η∇C(w₀), w₁ = w₀ + v₁; v₂ = μv₁ − η∇C(w₁), w₂ = w₁ + v₂. */
    @ParameterizedTest
    @MethodSource("engines")
    void momentumTwoSteps(Backprop engine) {
        check(engine, network(false), rule(Kind.MOMENTUM, 0.9, 0.5, 0, 0), 0.5, 2, 0);
    }

    /** Nesterov, μ = 0.9: v' = μv − η∇C, w' = w + μv' − η∇C; the second step has a velocity to look ahead with. */
    @ParameterizedTest
    @MethodSource("engines")
    void nesterovTwoSteps(Backprop engine) {
        check(engine, network(false), rule(Kind.NESTEROV, 0.9, 0.5, 0, 0), 0.5, 2, 0);
    }

    /**
     * Adam, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, η = 0.1, two steps. By hand, the first step is m̂ = g, v̂ = g², so
     * every parameter with |g| ≫ ε moves by η·g/(|g| + ε) = ±η (without the bias correction it would move by
     * η·0.1/√0.001 ≈ 3.16η); the second is checked against the reference.
     */
    @ParameterizedTest
    @MethodSource("engines")
    void adamTwoStepsWithBiasCorrection(Backprop engine) {
        Network start = Engines.rounded(engine, network(false));
        Network once = start.copy();
        Rule rule = rule(Kind.ADAM, 0, 0.5, 0, 0);
        Sessions.train(engine, once, rule.toUpdateRule(), new DoubleMatrix[] {X}, new DoubleMatrix[] {Y}, 0.1, 0);
        double[] before = Sessions.parameters(start);
        double[] after = Sessions.parameters(once);
        for (int i = 0; i < before.length; i++) {
            // Every |∇C| here is ≥ 1e-3 (HandComputedStepTest's sums / m, plus (λ/n) w), so |g|/(|g| + ε) ≥ 1 − 1e-5.
            assertEquals(0.1, Math.abs(after[i] - before[i]), 0.1 * 1e-5 + tolerance(engine), "parameter " + i);
        }
        check(engine, network(false), rule, 0.1, 2, 0);
    }

    /**
     * L1 alone, λ₁ = 0.2, η = 1: w → w − (ηλ₁/n) sgn(w) − (η/m) Σ∇w. Weight (0, 1) of layer 1 is 0, and sgn(0) = 0:
     * it moves by the gradient term alone, −(η/m) Σ∇w, which the reference gives.
     */
    @ParameterizedTest
    @MethodSource("engines")
    void l1StepLeavesTheSignOfZeroAtZero(Backprop engine) {
        Rule rule = rule(Kind.SGD, 0, 0, 0.2, 0);
        Network start = Engines.rounded(engine, network(true));
        ScalarReference gradient = new ScalarReference(start);
        double[][][] gw = (double[][][]) gradient.gradientSum(X, Y, null)[0];
        Network trained = check(engine, network(true), rule, 1.0, 1, 0);
        assertEquals(-gw[0][0][1] / 2, trained.weights[0].get(0, 1), tolerance(engine),
                "a zero weight gets no L1 term");
    }

    /** L1 and L2 together, λ = 0.5, λ₁ = 0.2, two plain steps: w → (1 − ηλ/n) w − (ηλ₁/n) sgn(w) − (η/m) Σ∇w. */
    @ParameterizedTest
    @MethodSource("engines")
    void l1AndL2TwoSteps(Backprop engine) {
        check(engine, network(true), rule(Kind.SGD, 0, 0.5, 0.2, 0), 1.0, 2, 0);
    }

    /** L1 and L2 inside ∇C for momentum, Nesterov and Adam: each regularised optimiser for two steps. */
    @ParameterizedTest
    @MethodSource("engines")
    void l1AndL2UnderEveryOptimiser(Backprop engine) {
        check(engine, network(true), rule(Kind.MOMENTUM, 0.8, 0.5, 0.2, 0), 0.5, 2, 0);
        check(engine, network(true), rule(Kind.NESTEROV, 0.8, 0.5, 0.2, 0), 0.5, 2, 0);
        check(engine, network(true), rule(Kind.ADAM, 0, 0.5, 0.2, 0), 0.1, 2, 0);
    }

    /**
     * Dropout p = 0.5 with the masks of seed 18, drawn as documented (layer by layer, column-major,
     * {@code nextDouble() < p ? 0 : 1/(1 − p)}): the first step's mask is [[0, 0], [2, 2]] (hidden neuron 0 dropped
     * for both examples, neuron 1 kept and doubled), the second's [[0, 2], [2, 0]]. By hand, a neuron dropped for
     * every example of the step passes no error back and feeds nothing forward, so with λ = 0 its incoming weights,
     * its bias and its outgoing weight stay exactly as they were.
     */
    @ParameterizedTest
    @MethodSource("engines")
    void dropoutWithAKnownMask(Backprop engine) {
        SplittableRandom random = new SplittableRandom(18);
        double[][][] first = ScalarReference.drawMasks(new int[] {2, 2, 1}, 2, 0.5, random);
        double[][][] second = ScalarReference.drawMasks(new int[] {2, 2, 1}, 2, 0.5, random);
        assertArrayEquals(new double[][] {{0, 0}, {2, 2}}, first[0]);
        assertArrayEquals(new double[][] {{0, 2}, {2, 0}}, second[0]);

        Network start = Engines.rounded(engine, network(false));
        Network once = check(engine, network(false), rule(Kind.SGD, 0, 0, 0, 0.5), 1.0, 1, 18);
        assertEquals(start.weights[0].get(0, 0), once.weights[0].get(0, 0), 0.0);
        assertEquals(start.weights[0].get(0, 1), once.weights[0].get(0, 1), 0.0);
        assertEquals(start.biases[0].get(0), once.biases[0].get(0), 0.0);
        assertEquals(start.weights[1].get(0, 0), once.weights[1].get(0, 0), 0.0);
        assertEquals(false, start.weights[0].get(1, 0) == once.weights[0].get(1, 0), "the kept neuron learns");

        check(engine, network(false), rule(Kind.SGD, 0, 0.5, 0, 0.5), 1.0, 2, 18);
        check(engine, network(false), rule(Kind.MOMENTUM, 0.9, 0.5, 0.2, 0.5), 0.5, 2, 18);
        check(engine, network(false), rule(Kind.ADAM, 0, 0.5, 0.2, 0.5), 0.1, 2, 18);
    }

    /**
     * Trains {@code network} (rounded to the engine's precision) for {@code steps} steps on (X, Y) in the engine and
     * in the reference, masks from {@code maskSeed}, and asserts they agree; returns the engine's network.
     */
    private static Network check(Backprop engine, Network network, Rule rule, double eta, int steps, long maskSeed) {
        Network start = Engines.rounded(engine, network);
        ScalarReference reference = new ScalarReference(start);
        SplittableRandom masks = new SplittableRandom(maskSeed);
        DoubleMatrix[] xs = new DoubleMatrix[steps];
        DoubleMatrix[] ys = new DoubleMatrix[steps];
        for (int t = 1; t <= steps; t++) {
            reference.step(rule, eta, t, X, Y, ScalarReference.drawMasks(start.sizes(), X.columns, rule.dropout(),
                    masks));
            xs[t - 1] = X;
            ys[t - 1] = Y;
        }
        Network trained = start.copy();
        Sessions.train(engine, trained, rule.toUpdateRule(), xs, ys, eta, maskSeed);
        String what = Engines.describe(engine) + " " + rule + " η " + eta + ", " + steps + " steps";
        double tolerance = tolerance(engine);
        for (int l = 0; l < reference.w.length; l++) {
            for (int j = 0; j < reference.w[l].length; j++) {
                for (int k = 0; k < reference.w[l][j].length; k++) {
                    double e = reference.w[l][j][k];
                    assertEquals(e, trained.weights[l].get(j, k), tolerance * Math.max(1, Math.abs(e)),
                            what + ": weight (" + j + ", " + k + ") of layer " + (l + 1));
                }
                double e = reference.b[l][j];
                assertEquals(e, trained.biases[l].get(j), tolerance * Math.max(1, Math.abs(e)),
                        what + ": bias " + j + " of layer " + (l + 1));
            }
        }
        return trained;
    }

    private static double tolerance(Backprop engine) {
        return engine.precision() == Precision.FLOAT32 ? FLOAT32 : FLOAT64;
    }
}
