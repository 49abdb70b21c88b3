package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import nn.internal.JblasNatives;
import nn.network.Activation;
import nn.network.Cost;
import nn.network.CrossEntropyCost;
import nn.network.LogLikelihoodCost;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.Relu;
import nn.network.Sigmoid;
import nn.network.Softmax;
import nn.network.Tanh;
import nn.network.WeightInit;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

class CostAndActivationTest {

    private static DoubleMatrix column(double... values) {
        return new DoubleMatrix(values);
    }

    @Test
    void fnRejectsTargetsOfAnotherShapeNamingBoth() {
        DoubleMatrix a = new DoubleMatrix(2, 3);
        for (Cost cost : new Cost[] {QuadraticCost.INSTANCE, CrossEntropyCost.INSTANCE, LogLikelihoodCost.INSTANCE}) {
            for (DoubleMatrix y : new DoubleMatrix[] {new DoubleMatrix(3, 2), new DoubleMatrix(2, 2)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cost.fn(a, y),
                        cost + " with targets " + y.rows + "×" + y.columns);
                assertTrue(e.getMessage().contains(y.rows + "×" + y.columns) && e.getMessage().contains("2×3"),
                        e.getMessage());
            }
        }
    }

    @Test
    void crossEntropyIsFiniteWhenOutputsEqualTargetsExactly() {
        DoubleMatrix a = column(0.0, 1.0, 0.25);
        DoubleMatrix y = column(0.0, 1.0, 0.25);
        double expected = -(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75));
        assertEquals(expected, CrossEntropyCost.INSTANCE.fn(a, y), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, CrossEntropyCost.INSTANCE.fn(column(1.0), column(0.0)),
                "an output saturated at the wrong end is infinitely wrong, not NaN");
    }

    @Test
    void costsMatchTheirFormulas() {
        DoubleMatrix a = column(0.2, 0.7);
        DoubleMatrix y = column(0.0, 1.0);
        assertEquals(0.5 * (0.04 + 0.09), QuadraticCost.INSTANCE.fn(a, y), 1e-15);
        assertEquals(-Math.log(0.8) - Math.log(0.7), CrossEntropyCost.INSTANCE.fn(a, y), 1e-15);
        assertEquals(-Math.log(0.7), LogLikelihoodCost.INSTANCE.fn(a, y), 1e-15);
        assertEquals(0.0, LogLikelihoodCost.INSTANCE.fn(column(0.0, 1.0), y), "0 · ln 0 is left out, not NaN");
    }

    @Test
    void softmaxIsStableForHugeInputsAndSumsToOne() {
        DoubleMatrix z = new DoubleMatrix(new double[][] {{1000, -1000}, {1001, -1001}, {999, -999}});
        DoubleMatrix a = Softmax.INSTANCE.apply(z);
        for (int c = 0; c < 2; c++) {
            assertEquals(1.0, a.getColumn(c).sum(), 1e-15);
        }
        double e = Math.exp(1);
        assertEquals(e / (1 + e + 1 / e), a.get(1, 0), 1e-15);
        assertThrows(UnsupportedOperationException.class, () -> Softmax.INSTANCE.prime(z));
    }

    @Test
    void derivativesMatchTheirFormulas() {
        DoubleMatrix z = column(-2.0, 0.0, 0.5);
        for (int i = 0; i < 3; i++) {
            double s = 1 / (1 + Math.exp(-z.get(i)));
            assertEquals(s * (1 - s), Sigmoid.INSTANCE.prime(z).get(i), 1e-16);
            assertEquals(1 - Math.tanh(z.get(i)) * Math.tanh(z.get(i)), Tanh.INSTANCE.prime(z).get(i), 1e-16);
        }
        assertEquals(column(0, 0, 1), Relu.INSTANCE.prime(z), "0 at and below the kink");
        assertEquals(column(0, 0, 0.5), Relu.INSTANCE.apply(z));
    }

    @Test
    void namesRoundTrip() {
        for (String name : new String[] {"sigmoid", "tanh", "relu", "softmax"}) {
            assertEquals(name, Activation.byName(name).name());
        }
        for (String name : new String[] {"QuadraticCost", "CrossEntropyCost", "LogLikelihoodCost"}) {
            assertEquals(name, Cost.byName(name).name());
        }
        assertEquals(CrossEntropyCost.INSTANCE, Cost.byName("cross-entropy"));
    }

    @Test
    void missingFortranRuntimeIsExplainedWithTheInstallCommand() {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError("'void org.jblas.NativeBlas.dgemm(...)'");
        String missing = JblasNatives.explain(error, "Linux", Optional.empty());
        assertTrue(missing.contains("libgfortran.so.5"), missing);
        assertTrue(missing.contains("sudo apt-get install libgfortran5"), missing);
        String present = JblasNatives.explain(error, "Linux", Optional.of(Path.of("/usr/lib/libgfortran.so.5")));
        assertTrue(present.contains("present at /usr/lib/libgfortran.so.5"), present);
        assertTrue(JblasNatives.isAvailable(), "jblas loads on the test machine (./nn test installs libgfortran5)");
    }

    @Test
    void seededInitialisationIsReproducibleAndScaled() {
        Network a = Network.builder(400, 30, 10).seed(9).build();
        Network b = Network.builder(400, 30, 10).seed(9).build();
        assertEquals(a.weights(0), b.weights(0));
        assertEquals(a.biases(1), b.biases(1));
        // N(0, 1/400): standard deviation 0.05; the sample of 12,000 weights is within 5%.
        DoubleMatrix w = a.weights(0);
        double sd = Math.sqrt(w.dot(w) / w.length);
        assertEquals(0.05, sd, 0.0025);
        DoubleMatrix large = Network.builder(400, 30, 10).init(WeightInit.LARGE).seed(9).build().weights(0);
        assertEquals(1.0, Math.sqrt(large.dot(large) / large.length), 0.05);
    }
}
