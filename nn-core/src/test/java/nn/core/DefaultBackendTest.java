package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.backend.Precision;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.BatchedBackprop;
import nn.training.Sgd;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * What runs by default: {@code new BatchedBackprop()} and the default {@link Sgd} use the fastest backend that
 * loads ({@link Blas#best()}) on one thread. In nn-core alone that is jblas; run again in nn-openblas (where this
 * test is scanned with OpenBLAS on the class path) it is OpenBLAS.
 */
class DefaultBackendTest {

    @Test
    void theDefaultEngineRunsOnTheBestBackend() {
        BatchedBackprop engine = new BatchedBackprop();
        assertEquals(Blas.best().name(), engine.blas().name());
        assertEquals(Blas.best().withThreads(1).toString(), engine.blas().toString());
        assertEquals(Precision.FLOAT64, engine.precision());
    }

    /** Same backend, same seed, same order of operations: the networks must be equal to the last bit. */
    @Test
    void theDefaultSgdTrainsAsAnExplicitEngineOnTheBestBackend() {
        Network byDefault = Network.builder(6, 5, 3).seed(2).build();
        Network explicit = byDefault.copy();
        SplittableRandom random = new SplittableRandom(5);
        DoubleMatrix inputs = new DoubleMatrix(6, 40);
        for (int i = 0; i < inputs.length; i++) {
            inputs.data[i] = random.nextDouble(-1, 1);
        }
        MatrixDataset data = MatrixDataset.ofLabels(inputs, random.ints(40, 0, 3).toArray(), 3);
        Sgd.builder().epochs(2).miniBatchSize(7).eta(0.5).seed(4).build().train(byDefault, data);
        Sgd.builder().epochs(2).miniBatchSize(7).eta(0.5).seed(4)
                .engine(new BatchedBackprop(Blas.best().withThreads(1))).build().train(explicit, data);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(explicit.weights[l].data, byDefault.weights[l].data, "weights[" + l + "]");
            assertArrayEquals(explicit.biases[l].data, byDefault.biases[l].data, "biases[" + l + "]");
        }
    }
}
