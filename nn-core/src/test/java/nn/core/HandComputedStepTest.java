package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import nn.backend.Precision;
import nn.network.Activation;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.Sigmoid;
import nn.training.Backprop;
import nn.training.Gradients;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One SGD step of a [2, 2, 1] sigmoid network with the quadratic cost on two examples, worked by hand from the
 * book's formulas (scalar arithmetic, no matrices) and written out here.
 *
 * <pre>
 * w1 = [[0.1, 0.2], [−0.3, 0.4]], b1 = [0.5, −0.5], w2 = [[0.6, −0.7]], b2 = [0.05]
 * x = (1, 0), y = 1:  z1 = (0.6, −0.8), a1 = (0.645656306, 0.310025519), z2 = 0.220375921, a2 = 0.554872085
 *                     δ2 = (a2 − y) σ′(z2) = −0.109941723             (BP1)
 *                     δ1 = w2ᵀ δ2 ⊙ σ′(z1) = (−0.015091760, 0.016462320)   (BP2)
 * x = (0, 1), y = 0:  z1 = (0.7, −0.1), a1 = (0.668187772, 0.475020813), z2 = 0.118398095, a2 = 0.529564995
 *                     δ2 = 0.131928362, δ1 = (0.017550130, −0.023029841)
 * Σ∇b2 = Σδ2 (BP3), Σ∇w2 = Σ δ2 a1ᵀ (BP4), likewise for layer 1 with x.
 * η = 1, λ = 0.5, n = 4, m = 2:  w → (1 − ηλ/n) w − (η/m) Σ∇w,  b → b − (η/m) Σ∇b
 * </pre>
 * Every value below was carried through in double precision; the float64 engines must agree to 1e-15 (a few
 * ulps). A float32 engine rounds the parameters (0.1 is not a float) and every intermediate to 2⁻²⁴ relative;
 * each value here is a sum of a handful of O(1) terms, so it must agree to {@link #FLOAT32_ABSOLUTE}, about 16 u.
 */
class HandComputedStepTest {

    private static final double ULPS = 1e-15;
    private static final double FLOAT32_ABSOLUTE = 1e-6;

    private static Network network() {
        return Network.of(new int[] {2, 2, 1},
                new Activation[] {Sigmoid.INSTANCE, Sigmoid.INSTANCE},
                QuadraticCost.INSTANCE,
                new DoubleMatrix[] {new DoubleMatrix(new double[][] {{0.1, 0.2}, {-0.3, 0.4}}),
                                    new DoubleMatrix(new double[][] {{0.6, -0.7}})},
                new DoubleMatrix[] {new DoubleMatrix(new double[] {0.5, -0.5}),
                                    new DoubleMatrix(new double[] {0.05})});
    }

    private static final DoubleMatrix X = new DoubleMatrix(new double[][] {{1.0, 0.0}, {0.0, 1.0}});
    private static final DoubleMatrix Y = new DoubleMatrix(new double[][] {{1.0, 0.0}});

    /** The looped engine and the batched one on every available backend. */
    static Stream<Named<Backprop>> engines() {
        return Engines.all().stream().map(e -> Named.of(Engines.describe(e), e));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void gradientsMatchTheHandComputation(Backprop engine) {
        Network network = network();
        Gradients g = Gradients.zerosFor(network);
        engine.gradient(network, X, Y, g);
        double tolerance = engine.precision() == Precision.FLOAT32 ? FLOAT32_ABSOLUTE : ULPS;
        assertMatrix(tolerance, new double[][] {{-0.01509176011086775, 0.017550129692991766},
                                     {0.016462320373556473, -0.023029840711645964}}, g.nablaW(0));
        assertMatrix(tolerance, new double[][] {{0.002458369582124016}, {-0.006567520338089491}}, g.nablaB(0));
        assertMatrix(tolerance, new double[][] {{0.01716835156474754, 0.028583977978540974}}, g.nablaW(1));
        assertMatrix(tolerance, new double[][] {{0.02198663908026932}}, g.nablaB(1));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void oneSgdStepMatchesTheHandComputation(Backprop engine) {
        Network network = network();
        engine.updateMiniBatch(network, X, Y, 1.0, 0.5, 4);
        double tolerance = engine.precision() == Precision.FLOAT32 ? FLOAT32_ABSOLUTE : ULPS;
        assertMatrix(tolerance, new double[][] {{0.09504588005543388, 0.16622493515350414},
                                     {-0.27073116018677823, 0.361514920355823}}, network.weights(0));
        assertMatrix(tolerance, new double[][] {{0.498770815208938}, {-0.49671623983095525}}, network.biases(0));
        assertMatrix(tolerance, new double[][] {{0.5164158242176262, -0.6267919889892705}}, network.weights(1));
        assertMatrix(tolerance, new double[][] {{0.03900668045986534}}, network.biases(1));
    }

    private static void assertMatrix(double tolerance, double[][] expected, DoubleMatrix actual) {
        assertEquals(expected.length, actual.rows, "rows");
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r].length, actual.columns, "columns");
            for (int c = 0; c < expected[r].length; c++) {
                double e = expected[r][c];
                assertEquals(e, actual.get(r, c), tolerance * Math.max(1.0, Math.abs(e)), "entry (" + r + ", " + c + ")");
            }
        }
    }
}
