package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Path;
import nn.data.FeatureScaling;
import nn.data.MatrixDataset;
import nn.io.NetworkJson;
import nn.network.LogLikelihoodCost;
import nn.network.Network;
import nn.network.Softmax;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probabilities(double[])} beside {@code predict(double[])}, and the input scaling both apply. */
class ProbabilitiesTest {

    /** Sums of at most 8 numbers in [0, 1]: a few ulps. */
    private static final double SUM_TOLERANCE = 1e-12;

    @TempDir
    Path dir;

    @Test
    void probabilitiesSumToOneAndPeakAtThePrediction() {
        RandomCases.theory().forAll(integers().between(2, 4), integers().between(0, RandomCases.COMBINATIONS.length - 1),
                longs().all()).checkAssert((layers, combination, seed) -> {
                    Network net = RandomCases.network(layers, combination, seed);
                    double[] x = RandomCases.inputs(net, 1, seed).data;
                    double[] p = net.probabilities(x);
                    assertEquals(net.outputSize(), p.length);
                    double sum = 0;
                    for (double v : p) {
                        assertTrue(v >= 0 && v <= 1, "probability " + v);
                        sum += v;
                    }
                    assertEquals(1, sum, SUM_TOLERANCE);
                    int predicted = net.predict(x);
                    for (double v : p) {
                        assertTrue(v <= p[predicted], "the predicted class has the largest probability");
                    }
                });
    }

    @Test
    void softmaxOutputsAreTheProbabilitiesAsTheyAre() {
        Network net = Network.builder(3, 4, 3).outputActivation(Softmax.INSTANCE).cost(LogLikelihoodCost.INSTANCE)
                .seed(1).build();
        double[] x = {0.2, -0.4, 0.9};
        assertArrayEquals(net.feedforward(new DoubleMatrix(x)).data, net.probabilities(x));
    }

    @Test
    void theScalingIsAppliedToRawFeaturesAndSavedWithTheNetwork() throws Exception {
        MatrixDataset raw = FeatureScalingTest.randomRows(3, 20, 4);
        FeatureScaling scaling = FeatureScaling.standardise(raw);
        Network net = Network.builder(3, 5, 2).seed(2).build();
        double[] x = {150, 190, 310};
        double[] withoutScaling = net.probabilities(scaling.apply(x));
        net.setInputScaling(scaling);
        assertArrayEquals(withoutScaling, net.probabilities(x));
        assertEquals(net.predict(new DoubleMatrix(scaling.apply(x)))[0], net.predict(x));

        Path file = dir.resolve("scaled.json");
        NetworkJson.save(net, file);
        Network loaded = NetworkJson.load(file);
        assertEquals(scaling, loaded.inputScaling().orElseThrow());
        assertArrayEquals(net.probabilities(x), loaded.probabilities(x));
        assertEquals(scaling, net.copy().inputScaling().orElseThrow());
    }
}
