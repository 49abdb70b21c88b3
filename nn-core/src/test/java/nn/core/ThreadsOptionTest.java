package nn.core;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.LoopedBackprop;
import nn.training.Sgd;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * {@code Sgd.builder().threads(n)}: several cores for one mini-batch on a backend that can thread (nn-openblas,
 * when this test runs again there), and a clear refusal on jblas alone, which cannot.
 */
class ThreadsOptionTest {

    /** Two epochs of products summed in another order by a threaded BLAS: rounding, well under this. */
    private static final double TOLERANCE = 1e-12;

    @Test
    void jblasRunsOnOneThreadAndSaysWhyNotMore() {
        assertSame(Blas.jblas(), Blas.jblas().withThreads(1));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Blas.jblas().withThreads(2));
        assertTrue(e.getMessage().contains("nn-openblas") && e.getMessage().contains("two threads"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Blas.jblas().withThreads(0));
        assertThrows(IllegalArgumentException.class, () -> Sgd.builder().threads(0));
    }

    @Test
    void twoThreadsTrainTheSameNetworkAsOneOrRefuseOnJblasAlone() {
        if (Blas.best().name().equals("jblas")) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> Sgd.builder().threads(2).build());
            assertTrue(e.getMessage().contains("nn-openblas"), e.getMessage());
            return;
        }
        // 400×100 by 100×50 products: 2 M multiply-adds, above the threshold from which products use threads.
        Network one = Network.builder(100, 400, 10).seed(3).build();
        Network two = one.copy();
        SplittableRandom random = new SplittableRandom(9);
        DoubleMatrix inputs = new DoubleMatrix(100, 500);
        for (int i = 0; i < inputs.length; i++) {
            inputs.data[i] = random.nextDouble(-1, 1);
        }
        MatrixDataset data = MatrixDataset.ofLabels(inputs, random.ints(500, 0, 10).toArray(), 10);
        Sgd.builder().epochs(2).miniBatchSize(50).eta(0.5).lambda(1.0).seed(4).build().train(one, data);
        Sgd.builder().epochs(2).miniBatchSize(50).eta(0.5).lambda(1.0).seed(4).threads(2).build().train(two, data);
        for (int l = 0; l < 2; l++) {
            assertClose(one.weights[l], two.weights[l], "weights[" + l + "]");
            assertClose(one.biases[l], two.biases[l], "biases[" + l + "]");
        }
    }

    @Test
    void anExplicitEngineAndThreadsContradictEachOther() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sgd.builder().engine(new LoopedBackprop()).threads(2).build());
        assertTrue(e.getMessage().contains("withThreads(2)"), e.getMessage());
    }

    private static void assertClose(DoubleMatrix expected, DoubleMatrix actual, String what) {
        double scale = Math.max(expected.normmax(), Double.MIN_NORMAL);
        double error = expected.sub(actual).normmax() / scale;
        assertTrue(error <= TOLERANCE, what + ": relative difference " + error + " exceeds " + TOLERANCE);
    }
}
