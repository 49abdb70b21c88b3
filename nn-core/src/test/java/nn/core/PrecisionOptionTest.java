package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.backend.Precision;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.BatchedBackprop;
import nn.training.LoopedBackprop;
import nn.training.Sgd;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * {@code Sgd.builder().precision(…)}: float32 where a backend has it (OpenBLAS, when nn-openblas runs these
 * tests), one clear error where none does, and a float32 run that learns what the float64 run learns.
 */
class PrecisionOptionTest {

    @Test
    void float64IsTheDefaultAndTheLoopedEngineIsFloat64() {
        assertEquals(Precision.FLOAT64, new LoopedBackprop().precision());
        assertEquals(Precision.FLOAT64, new BatchedBackprop().precision());
        assertEquals("float32", Precision.FLOAT32.toString());
        assertEquals(Precision.FLOAT32, Precision.byName("float32"));
    }

    @Test
    void anExplicitEngineAndAnotherPrecisionContradictEachOther() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder().engine(new LoopedBackprop()).precision(Precision.FLOAT32).build());
        assertTrue(e.getMessage().contains("withPrecision(Precision.FLOAT32)"), e.getMessage());
        Sgd.builder().engine(new LoopedBackprop()).precision(Precision.FLOAT64).build(); // agrees: fine
    }

    /**
     * Without nn-openblas (nn-core's own run) float32 is one clear error; with it, the learning test below. */
    @Test
    void float32LearnsWhatFloat64LearnsOrSaysWhichBackendHasIt() {
        if (Blas.best().name().equals("jblas")) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Sgd.builder().precision(Precision.FLOAT32).build());
            assertEquals("the jblas backend computes in float64 only; float32 needs the openblas backend"
                    + " (nn-openblas on the class path)", e.getMessage());
            return;
        }
        MatrixDataset data = blobs(600, new SplittableRandom(11));
        Network start = Network.builder(20, 64, 4).seed(5).build();
        int[] accuracy = new int[3];
        Network[] trained = new Network[3];
        for (int run = 0; run < 3; run++) {
            trained[run] = start.copy();
            Sgd.Builder b = Sgd.builder().epochs(3).miniBatchSize(20).eta(1.0).seed(2);
            if (run > 0) {
                b.precision(Precision.FLOAT32).threads(run);
            }
            b.build().train(trained[run], data);
            accuracy[run] = trained[run].accuracy(data);
        }
        assertTrue(accuracy[0] >= 590, "float64 learned the blobs: " + accuracy[0]);
        assertTrue(accuracy[1] >= accuracy[0] - 3 && accuracy[2] >= accuracy[0] - 3,
                "float32 on 1 and 2 threads: " + accuracy[1] + ", " + accuracy[2] + " of 600; float64: " + accuracy[0]);
        for (int run = 1; run < 3; run++) {
            DoubleMatrix w = trained[run].weights(0);
            for (int i = 0; i < w.length; i++) {
                assertEquals((float) w.data[i], w.data[i], 0.0, "a float32 parameter");
            }
        }
    }

    private static MatrixDataset blobs(int n, SplittableRandom random) {
        DoubleMatrix x = new DoubleMatrix(20, n);
        int[] labels = new int[n];
        for (int c = 0; c < n; c++) {
            labels[c] = c % 4;
            for (int r = 0; r < 20; r++) {
                x.put(r, c, (r % 4 == labels[c] ? 1.0 : 0.0) + 0.3 * random.nextGaussian());
            }
        }
        return MatrixDataset.ofLabels(x, labels, 4);
    }
}
