package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/** A trained network serves predictions from many threads at once: inference shares no mutable workspace. */
class ConcurrentInferenceTest {

    @Test
    void eightThreadsMakeTheSamePredictionsAsOne() throws Exception {
        Network network = Network.builder(20, 16, 10).seed(3).build();
        int predictions = 10_000;
        DoubleMatrix inputs = DoubleMatrix.rand(20, predictions);
        int[] expected = new int[predictions];
        double[][] expectedOutputs = new double[predictions][];
        for (int i = 0; i < predictions; i++) {
            DoubleMatrix x = inputs.getColumn(i);
            expected[i] = network.predict(x.data);
            expectedOutputs[i] = network.feedforward(x).data;
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t * 1_250; // each thread starts elsewhere so that threads really overlap
                results.add(pool.submit(() -> {
                    int[] got = new int[predictions];
                    for (int k = 0; k < predictions; k++) {
                        int i = (k + offset) % predictions;
                        DoubleMatrix x = inputs.getColumn(i);
                        got[i] = network.predict(x.data);
                        assertArrayEquals(expectedOutputs[i], network.feedforward(x).data, 0.0);
                    }
                    return got;
                }));
            }
            for (Future<int[]> result : results) {
                assertArrayEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
