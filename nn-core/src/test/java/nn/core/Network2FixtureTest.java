package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import nn.backend.Precision;
import nn.io.NetworkJson;
import nn.network.Activation;
import nn.network.Cost;
import nn.network.CrossEntropyCost;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.Gradients;
import nn.training.LoopedBackprop;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A [4, 5, 2] network saved by {@code network2.py}, with reference numbers computed by NumPy in double
 * precision (shared/fixtures, copied into the test resources). Loader, feedforward, every engine's gradients and
 * one SGD step must reproduce them to 1e-12 relative to each matrix's scale: the same arithmetic in another
 * order differs only by rounding, orders of magnitude below that.
 *
 * <p>A float32 engine starts from the fixture's parameters and inputs rounded to float32 (a relative change of
 * up to u = 2⁻²⁴ ≈ 6·10⁻⁸ each) and computes with that unit roundoff; through two layers of five units and
 * ten examples that is a few dozen u, so it must reproduce NumPy's float64 numbers to {@link #FLOAT32_TOLERANCE}
 * relative to each matrix's scale (2·10⁻⁶, about 34 u; OpenBLAS float32 measured at most 2.2·10⁻⁷, run with
 * {@code -Dnn.fixture.report=true} to see each figure).
 */
public class Network2FixtureTest {

    private static final double TOLERANCE = 1e-12;
    private static final double FLOAT32_TOLERANCE = 2e-6;
    private static Network loaded;
    private static JsonNode golden;

    @BeforeAll
    static void load() throws IOException {
        loaded = NetworkJson.fromJson(resource("network2-4-5-2.json"), "network2-4-5-2.json");
        golden = new ObjectMapper().readTree(resource("network2-4-5-2-golden.json"));
    }

    @Test
    void feedforwardMatchesNumpy() {
        assertClose(new LoopedBackprop(), matrix(golden.get("feedforward")), loaded.feedforward(matrix(golden.get("inputs"))),
                "feedforward");
        assertEquals(CrossEntropyCost.INSTANCE, loaded.cost());
    }

    /** Every engine (looped, batched on every backend) with both costs of the fixture. */
    static Stream<Arguments> enginesAndCosts() {
        return Engines.all().stream().flatMap(e -> Stream.of(Arguments.of(Named.of(Engines.describe(e), e), "ce"),
                Arguments.of(Named.of(Engines.describe(e), e), "quadratic")));
    }

    @ParameterizedTest
    @MethodSource("enginesAndCosts")
    void gradientsMatchNumpy(Backprop engine, String costKey) {
        JsonNode expected = golden.get(costKey);
        Network network = withCost(Cost.byName(expected.get("cost").asText()));
        Gradients g = Gradients.zerosFor(network);
        engine.gradient(network, matrix(golden.get("inputs")), matrix(golden.get("targets")), g);
        for (int l = 0; l < g.layers(); l++) {
            assertClose(engine, matrix(expected.get("grad_weights").get(l)), g.nablaW(l),
                    costKey + " grad_weights[" + l + "]");
            assertClose(engine, matrix(expected.get("grad_biases").get(l)), g.nablaB(l),
                    costKey + " grad_biases[" + l + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("enginesAndCosts")
    void oneSgdStepMatchesNumpy(Backprop engine, String costKey) {
        JsonNode expected = golden.get(costKey);
        Network network = withCost(Cost.byName(expected.get("cost").asText()));
        engine.updateMiniBatch(network, matrix(golden.get("inputs")), matrix(golden.get("targets")),
                expected.get("eta").asDouble(), expected.get("lmbda").asDouble(), expected.get("n").asInt());
        for (int l = 0; l < network.numLayers() - 1; l++) {
            assertClose(engine, matrix(expected.get("weights_after_step").get(l)), network.weights(l),
                    costKey + " weights_after_step[" + l + "]");
            assertClose(engine, matrix(expected.get("biases_after_step").get(l)), network.biases(l),
                    costKey + " biases_after_step[" + l + "]");
        }
    }

    private static Network withCost(Cost cost) {
        int layers = loaded.numLayers() - 1;
        DoubleMatrix[] w = new DoubleMatrix[layers];
        DoubleMatrix[] b = new DoubleMatrix[layers];
        Activation[] a = new Activation[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = loaded.weights(l);
            b[l] = loaded.biases(l);
            a[l] = loaded.activation(l);
        }
        return Network.of(loaded.sizes(), a, cost, w, b);
    }

    private static void assertClose(Backprop engine, DoubleMatrix expected, DoubleMatrix actual, String what) {
        assertEquals(expected.rows, actual.rows, what + " rows");
        assertEquals(expected.columns, actual.columns, what + " columns");
        double error = RandomCases.relativeError(expected, actual);
        double tolerance = engine.precision() == Precision.FLOAT32 ? FLOAT32_TOLERANCE : TOLERANCE;
        if (Boolean.getBoolean("nn.fixture.report")) {
            System.out.printf("fixture %s %s: relative error %.3g%n", Engines.describe(engine), what, error);
        }
        assertTrue(error <= tolerance, () -> what + ": relative error " + error + " above " + tolerance);
    }

    /** A list of rows as a matrix. */
    public static DoubleMatrix matrix(JsonNode rows) {
        DoubleMatrix m = new DoubleMatrix(rows.size(), rows.get(0).size());
        for (int r = 0; r < m.rows; r++) {
            for (int c = 0; c < m.columns; c++) {
                m.put(r, c, rows.get(r).get(c).doubleValue());
            }
        }
        return m;
    }

    public static String resource(String name) throws IOException {
        try (InputStream in = Network2FixtureTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IOException("test resource /fixtures/" + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
