package nn.network;

import nn.core.Backends;
import nn.core.ForwardingDataset;
import nn.core.Network2FixtureTest;
import nn.core.RandomCases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Precision;
import nn.data.Dataset;
import nn.data.MatrixDataset;
import nn.io.NetworkJson;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * {@link Network#evaluate}, the one-pass cost and accuracy, against a reference that feeds one example at a time
 * through plain loops (no BLAS) and sums the examples' costs in order.
 *
 * <p>The accuracy must be equal. The cost sum may differ by rounding only: the two sides compute each weighted
 * input z in another order (a BLAS kernel against a loop; at most 8 terms here), so z, and through σ the cost of
 * each example, differ by a few units of roundoff u = 2⁻⁵³ relative to the magnitudes involved; and the sum of
 * up to 40 examples × 8 outputs of non-negative costs is grouped by chunk on one side, which changes it by at
 * most (terms − 1)·u ≈ 3.6·10⁻¹⁴ relative. {@link #TOLERANCE}, 10⁻¹³ relative, is the sum of both with room
 * to spare; the largest error over the property's cases was 1.1·10⁻¹⁵ (about 5 ulps) on jblas and OpenBLAS,
 * printed with {@code -Dnn.evaluation.report=true}.
 */
class EvaluationTest {

    /** Relative to the cost sum; see the class comment. */
    private static final double TOLERANCE = 1e-13;

    private static double largestError;

    @Test
    void oneChunkedPassEqualsExampleByExampleOnEveryBackend() {
        largestError = 0.0;
        RandomCases.theory().forAll(
                integers().between(2, 4),
                integers().between(0, RandomCases.COMBINATIONS.length - 1),
                integers().between(1, 40),
                longs().all())
            .checkAssert((layers, combination, n, seed) -> {
                Network network = RandomCases.network(layers, combination, seed);
                MatrixDataset data = dataset(network, n, seed);
                Evaluation expected = reference(network, data);
                SplittableRandom random = new SplittableRandom(seed);
                int chunk = 1 + random.nextInt(7); // chunks of 1..7 examples: many chunks and a short last one
                int threads = 1 + random.nextInt(3);
                for (Blas blas : Backends.all()) {
                    if (blas.precision() != Precision.FLOAT64) {
                        continue; // evaluation is float64
                    }
                    Evaluation got = new ChunkedEvaluator(blas.withThreads(1), chunk, threads).evaluate(network,
                            data);
                    String what = Backends.describe(blas) + " chunk " + chunk + " threads " + threads + " n " + n
                            + " " + network;
                    assertEquals(expected.correct(), got.correct(), "correct " + what);
                    assertEquals(n, got.size(), what);
                    assertCostClose(expected.costSum(), got.costSum(), what);
                }
                Evaluation standard = network.evaluate(data);
                assertEquals(expected.correct(), standard.correct(), "Network.evaluate correct");
                assertCostClose(expected.costSum(), standard.costSum(), "Network.evaluate " + network);
            });
        if (Boolean.getBoolean("nn.evaluation.report")) {
            System.out.printf("evaluation: largest relative cost error %.3g%n", largestError);
        }
    }

    @Test
    void totalCostAndAccuracyAreTheOnePass() {
        RandomCases.theory().forAll(
                integers().between(2, 4),
                integers().between(0, RandomCases.COMBINATIONS.length - 1),
                integers().between(1, 3000),
                longs().all())
            .checkAssert((layers, combination, n, seed) -> {
                Network network = RandomCases.network(layers, combination, seed);
                MatrixDataset data = dataset(network, n, seed);
                Evaluation e = network.evaluate(data);
                double lambda = (seed & 0xFF) / 16.0;
                double squares = 0.0;
                for (int l = 0; l < network.numLayers() - 1; l++) {
                    DoubleMatrix w = network.weights(l);
                    squares += w.dot(w);
                }
                // The same pass, so exactly the same numbers: network2.py's total_cost adds (λ/2n) Σ w².
                assertEquals(e.costSum() / n + 0.5 * (lambda / n) * squares, network.totalCost(data, lambda), 0.0);
                assertEquals(e.correct(), network.accuracy(data));
            });
    }

    /**
     * {@link Network#predict(Dataset)} gives each example the class {@link Network#predict(DoubleMatrix)} gives it
     * alone, and the examples whose class is their label are the pass's correct count.
     */
    @Test
    void predictionsOfADatasetAreEachExamplesOwnAndMakeTheCorrectCount() {
        RandomCases.theory().forAll(
                integers().between(2, 4),
                integers().between(0, RandomCases.COMBINATIONS.length - 1),
                integers().between(1, 2500),
                longs().all())
            .checkAssert((layers, combination, n, seed) -> {
                Network network = RandomCases.network(layers, combination, seed);
                MatrixDataset data = dataset(network, n, seed);
                int[] predicted = network.predict(data);
                assertEquals(n, predicted.length);
                int[] order = java.util.stream.IntStream.range(0, n).toArray();
                DoubleMatrix x = new DoubleMatrix(data.inputSize(), n);
                data.copyBatch(order, 0, x, new DoubleMatrix(data.outputSize(), n));
                org.junit.jupiter.api.Assertions.assertArrayEquals(network.predict(x), predicted, network.toString());
                int correct = 0;
                for (int i = 0; i < n; i++) {
                    correct += predicted[i] == data.label(i) ? 1 : 0;
                }
                assertEquals(network.evaluate(data).correct(), correct, network.toString());
            });
    }

    /** The figures do not depend on how many threads take the chunks: the chunk sums are added in order. */
    @Test
    void threadCountDoesNotChangeAnyBit() {
        Network network = Network.builder(50, 20, 10).seed(7).build();
        MatrixDataset data = dataset(network, 5_003, 7);
        Evaluation one = new ChunkedEvaluator(Blas.best().withThreads(1), 1000, 1).evaluate(network, data);
        for (int threads = 2; threads <= 4; threads++) {
            Evaluation more = new ChunkedEvaluator(Blas.best().withThreads(1), 1000, threads).evaluate(network, data);
            assertEquals(one, more, threads + " threads");
        }
    }

    /** evaluate(data, 1) keeps the pass on the calling thread (a sweep's trials, one per core) and changes no bit. */
    @Test
    void oneThreadStaysOnTheCallersThreadWithTheSameFigures() {
        Network network = Network.builder(50, 20, 10).seed(11).build();
        MatrixDataset data = dataset(network, 5_003, 11);
        java.util.Set<Thread> callers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Dataset watched = new ForwardingDataset(data) {
            @Override
            public void copyBatch(int[] order, int from, int count, BlasMatrix inputs, BlasMatrix targets) {
                callers.add(Thread.currentThread());
                super.copyBatch(order, from, count, inputs, targets);
            }
        };
        Evaluation one = network.evaluate(watched, 1);
        assertEquals(java.util.Set.of(Thread.currentThread()), callers);
        assertEquals(network.evaluate(data), one);
        assertThrows(IllegalArgumentException.class, () -> network.evaluate(data, 0));
    }

    /** network2.py's [4,5,2] fixture: NumPy's feedforward output gives the cost and accuracy, to 1e-12. */
    @Test
    void fixtureCostAndAccuracyMatchNumpy() throws IOException {
        Network network = NetworkJson.fromJson(Network2FixtureTest.resource("network2-4-5-2.json"),
                "network2-4-5-2.json");
        JsonNode golden = new ObjectMapper().readTree(Network2FixtureTest.resource("network2-4-5-2-golden.json"));
        DoubleMatrix x = Network2FixtureTest.matrix(golden.get("inputs"));
        DoubleMatrix y = Network2FixtureTest.matrix(golden.get("targets"));
        DoubleMatrix a = Network2FixtureTest.matrix(golden.get("feedforward"));
        MatrixDataset data = MatrixDataset.of(x, y);
        for (Cost cost : new Cost[] {CrossEntropyCost.INSTANCE, QuadraticCost.INSTANCE}) {
            Network withCost = Network.of(network.sizes(), new Activation[] {network.activation(0),
                network.activation(1)}, cost, new DoubleMatrix[] {network.weights(0), network.weights(1)},
                    new DoubleMatrix[] {network.biases(0), network.biases(1)});
            double expectedSum = 0.0;
            int expectedCorrect = 0;
            for (int c = 0; c < a.columns; c++) {
                for (int r = 0; r < a.rows; r++) {
                    double ar = a.get(r, c);
                    double yr = y.get(r, c);
                    // network2.py: QuadraticCost.fn = 0.5‖a−y‖², CrossEntropyCost.fn = Σ −y ln a − (1−y) ln(1−a)
                    expectedSum += cost == QuadraticCost.INSTANCE ? 0.5 * (ar - yr) * (ar - yr)
                            : -yr * Math.log(ar) - (1 - yr) * Math.log(1 - ar);
                }
                if (Network.argmax(a, c) == Network.argmax(y, c)) {
                    expectedCorrect++;
                }
            }
            Evaluation e = withCost.evaluate(data);
            assertEquals(expectedCorrect, e.correct(), cost.name());
            assertEquals(expectedSum, e.costSum(), 1e-12 * expectedSum, cost.name()); // as Network2FixtureTest
        }
    }

    @Test
    void evaluationChecksItsFigures() {
        assertThrows(IllegalArgumentException.class, () -> new Evaluation(1.0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Evaluation(1.0, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> new Evaluation(1.0, -1, 3));
        Evaluation e = new Evaluation(3.0, 1, 4);
        assertEquals(0.75, e.meanCost(), 0.0);
        assertEquals(0.25, e.fraction(), 0.0);
    }

    @Test
    void evaluateRejectsDataThatDoesNotFit() {
        Network network = Network.builder(3, 2).seed(1).build();
        MatrixDataset wrong = MatrixDataset.of(new DoubleMatrix(4, 2), new DoubleMatrix(2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> network.evaluate(wrong));
        assertTrue(e.getMessage().contains("4 inputs"), e.getMessage());
    }

    /** A failure in a helper thread's chunk reaches the caller, and the next call works. */
    @Test
    void aFailingDatasetFailsTheCallNotTheNextOne() {
        Network network = Network.builder(3, 2).seed(1).build();
        MatrixDataset good = dataset(network, 50, 1);
        Dataset failing = new ForwardingDataset(good) {
            @Override
            public void copyBatch(int[] order, int from, int count, BlasMatrix inputs, BlasMatrix targets) {
                if (from >= 20) {
                    throw new IllegalStateException("broken example " + from);
                }
                super.copyBatch(order, from, count, inputs, targets);
            }
        };
        ChunkedEvaluator evaluator = new ChunkedEvaluator(Blas.jblas(), 10, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> evaluator.evaluate(network, failing));
        assertTrue(e.getMessage().startsWith("broken example"), e.getMessage());
        assertEquals(reference(network, good).correct(), evaluator.evaluate(network, good).correct());
    }

    private static void assertCostClose(double expected, double actual, String what) {
        double error = Math.abs(actual - expected) / Math.max(Math.abs(expected), Double.MIN_NORMAL);
        largestError = Math.max(largestError, error);
        assertTrue(error <= TOLERANCE, () -> what + ": cost sum " + actual + ", expected " + expected
                + ", relative error " + error);
    }

    static MatrixDataset dataset(Network network, int n, long seed) {
        return MatrixDataset.of(RandomCases.inputs(network, n, seed), RandomCases.targets(network, n, seed));
    }

    /** One example at a time, plain loops: z = Σ w x + b, a = σ(z); the costs summed in example order. */
    static Evaluation reference(Network network, Dataset data) {
        double sum = 0.0;
        int correct = 0;
        int[] order = java.util.stream.IntStream.range(0, data.size()).toArray();
        for (int i = 0; i < data.size(); i++) {
            DoubleMatrix x = new DoubleMatrix(data.inputSize(), 1);
            DoubleMatrix y = new DoubleMatrix(data.outputSize(), 1);
            data.copyBatch(order, i, x, y);
            DoubleMatrix a = x;
            for (int l = 0; l < network.numLayers() - 1; l++) {
                DoubleMatrix w = network.weights[l];
                DoubleMatrix z = new DoubleMatrix(w.rows, 1);
                for (int r = 0; r < w.rows; r++) {
                    double s = 0.0;
                    for (int k = 0; k < w.columns; k++) {
                        s += w.get(r, k) * a.get(k, 0);
                    }
                    z.put(r, 0, s + network.biases[l].get(r, 0));
                }
                network.activation(l).apply(z, z);
                a = z;
            }
            sum += network.cost().fn(a, y);
            if (Network.argmax(a, 0) == data.label(i)) {
                correct++;
            }
        }
        return new Evaluation(sum, correct, data.size());
    }
}
