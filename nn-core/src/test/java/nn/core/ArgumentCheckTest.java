package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Precision;
import nn.data.MatrixDataset;
import nn.network.Activation;
import nn.network.Cost;
import nn.network.CrossEntropyCost;
import nn.network.LogLikelihoodCost;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.Sigmoid;
import nn.network.Softmax;
import nn.network.Tanh;
import nn.training.Backprop;
import nn.training.Gradients;
import nn.training.Sgd;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments fail at once with a message that says what was wrong. */
class ArgumentCheckTest {

    private static void fails(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "message '" + e.getMessage() + "' lacks '" + expected + "'");
    }

    @Test
    void networkShapes() {
        fails("at least 2 layers", () -> Network.builder(784).build());
        fails("at least 2 layers", () -> Network.builder().build());
        fails("layer 1 has 0 neurons", () -> Network.builder(3, 0, 2).build());
        fails("layer 0 has -1 neurons", () -> Network.builder(-1, 2).build());
        fails("need 2 activations", () -> Network.builder(3, 4, 2).activations(Sigmoid.INSTANCE).build());
        fails("softmax can only be the output layer",
                () -> Network.builder(3, 4, 2).activations(Softmax.INSTANCE, Softmax.INSTANCE)
                        .cost(LogLikelihoodCost.INSTANCE).build());
        fails("needs a softmax output layer", () -> Network.builder(3, 2).cost(LogLikelihoodCost.INSTANCE).build());
        fails("only for a sigmoid output layer",
                () -> Network.builder(3, 2).activation(Tanh.INSTANCE).cost(CrossEntropyCost.INSTANCE).build());
        fails("needs an elementwise output activation",
                () -> Network.builder(3, 2).outputActivation(Softmax.INSTANCE).cost(QuadraticCost.INSTANCE).build());
        fails("weights[0] is 2×3, expected 4×3", () -> Network.of(new int[] {3, 4},
                new Activation[] {Sigmoid.INSTANCE}, QuadraticCost.INSTANCE,
                new DoubleMatrix[] {new DoubleMatrix(2, 3)}, new DoubleMatrix[] {new DoubleMatrix(4, 1)}));
        fails("unknown activation 'swish'", () -> Activation.byName("swish"));
        fails("unknown cost 'hinge'", () -> Cost.byName("hinge"));
        fails("unknown engine 'gpu'", () -> Backprop.byName("gpu"));
    }

    @Test
    void inputsOfTheWrongSize() {
        Network network = Network.builder(3, 2).seed(1).build();
        fails("input has 4 rows, but the network's input layer has 3", () -> network.feedforward(new DoubleMatrix(4, 1)));
        fails("input has no columns", () -> network.feedforward(new DoubleMatrix(3, 0)));
        Gradients g = Gradients.zerosFor(network);
        for (Backprop engine : Engines.all()) {
            fails("targets have 3 rows", () -> engine.gradient(network, new DoubleMatrix(3, 2), new DoubleMatrix(3, 2), g));
            fails("inputs have 2 columns (examples) but targets have 1",
                    () -> engine.gradient(network, new DoubleMatrix(3, 2), new DoubleMatrix(2, 1), g));
            fails("not shaped for", () -> engine.gradient(network, new DoubleMatrix(3, 1), new DoubleMatrix(2, 1),
                    Gradients.zerosFor(Network.builder(3, 3).build())));
        }
        fails("the dataset has 2 inputs and 2 outputs per example, but the network has sizes [3, 2]",
                () -> Sgd.builder().build().train(network, MatrixDataset.ofLabels(new DoubleMatrix(2, 3), new int[3], 2)));
    }

    @Test
    void datasets() {
        fails("inputs have 3 columns (examples) but targets have 2",
                () -> MatrixDataset.of(new DoubleMatrix(2, 3), new DoubleMatrix(2, 2)));
        fails("at least one example", () -> MatrixDataset.of(new DoubleMatrix(2, 0), new DoubleMatrix(2, 0)));
        fails("label 1 is 5, expected 0 to 2", () -> MatrixDataset.ofLabels(new DoubleMatrix(2, 2), new int[] {0, 5}, 3));
        fails("inputs entry (1, 0) is NaN",
                () -> MatrixDataset.of(new DoubleMatrix(new double[][] {{0}, {Double.NaN}}), new DoubleMatrix(1, 1)));
        Network network = Network.builder(2, 2).seed(1).build();
        fails("but no evaluation data was given",
                () -> Sgd.builder().monitorEvaluationAccuracy(true).build()
                        .train(network, MatrixDataset.ofLabels(new DoubleMatrix(2, 2), new int[2], 2)));
    }

    @Test
    void trainingSettings() {
        fails("mini-batch size must be at least 1, got 0", () -> Sgd.builder().miniBatchSize(0));
        fails("epochs must be at least 1, got 0", () -> Sgd.builder().epochs(0));
        fails("eta must be a finite number above 0, got NaN", () -> Sgd.builder().eta(Double.NaN));
        fails("eta must be a finite number above 0, got Infinity", () -> Sgd.builder().eta(Double.POSITIVE_INFINITY));
        fails("eta must be a finite number above 0, got -1.0", () -> Sgd.builder().eta(-1));
        fails("lambda must be a finite number ≥ 0, got NaN", () -> Sgd.builder().lambda(Double.NaN));
        fails("lambda must be a finite number ≥ 0, got -Infinity", () -> Sgd.builder().lambda(Double.NEGATIVE_INFINITY));
        fails("lambda must be a finite number ≥ 0, got -0.5", () -> Sgd.builder().lambda(-0.5));
    }

    @Test
    void everyBackendChecksGemmShapesAliasingAndPrecision() {
        for (Blas blas : Backends.all()) {
            BlasMatrix a = blas.allocate(2, 3);
            fails("gemm shapes do not fit",
                    () -> blas.gemm(false, false, 1, a, blas.allocate(2, 3), 0, blas.allocate(2, 3)));
            BlasMatrix square = blas.allocate(2, 2);
            fails("must not be one of its inputs",
                    () -> blas.gemm(false, false, 1, square, blas.allocate(2, 2), 0, square));
            for (Blas other : Backends.all()) {
                if (other.precision() != blas.precision()) {
                    BlasMatrix foreign = other.allocate(2, 2);
                    fails("gemm in " + blas.precision() + " was given",
                            () -> blas.gemm(false, false, 1, foreign, blas.allocate(2, 2), 0, blas.allocate(2, 2)));
                }
            }
        }
    }

    @Test
    void float32OnJblasIsOneLineNamingTheBackendThatHasIt() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Blas.jblas().withPrecision(Precision.FLOAT32));
        assertEquals("the jblas backend computes in float64 only; float32 needs the openblas backend"
                + " (nn-openblas on the class path)", e.getMessage());
        assertSame(Blas.jblas(), Blas.jblas().withPrecision(Precision.FLOAT64));
        fails("expected float64 or float32", () -> Precision.byName("float16"));
    }
}
