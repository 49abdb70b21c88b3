package nn.bench;

import java.util.Arrays;
import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.backend.Precision;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.Sigmoid;
import nn.network.WeightInit;
import org.jblas.DoubleMatrix;

/**
 * A network shape and mini-batch size written as a JMH parameter, e.g. {@code "784-30-10@10"}, with the seeded
 * network and mini-batch every benchmark of that case uses.
 */
final class BenchCase {

    /** The seed of every random number in the suite, so that runs see the same data. */
    static final long SEED = 20261123L;

    final int[] sizes;
    final int m;

    private BenchCase(int[] sizes, int m) {
        this.sizes = sizes;
        this.m = m;
    }

    /**
     * The backend named {@code name} or {@code name/precision}, e.g. {@code openblas/float32}: a JMH parameter.
     */
    static Blas backend(String spec) {
        int slash = spec.indexOf('/');
        Blas blas = Blas.byName(slash < 0 ? spec : spec.substring(0, slash));
        return slash < 0 ? blas : blas.withPrecision(Precision.byName(spec.substring(slash + 1)));
    }

    /** Parses {@code "784-30-10@10"}: layer sizes joined by '-', then '@' and the mini-batch size. */
    static BenchCase parse(String text) {
        String[] parts = text.split("@");
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected sizes@m, e.g. 784-30-10@10, got " + text);
        }
        int[] sizes = Arrays.stream(parts[0].split("-")).mapToInt(Integer::parseInt).toArray();
        return new BenchCase(sizes, Integer.parseInt(parts[1]));
    }

    /** The book's chapter 1 network: sigmoid neurons, quadratic cost, scaled Gaussian weights. */
    Network network() {
        return Network.builder(sizes)
                .activation(Sigmoid.INSTANCE)
                .cost(QuadraticCost.INSTANCE)
                .init(WeightInit.SCALED)
                .seed(SEED)
                .build();
    }

    /** m MNIST-like inputs: pixels uniform in [0, 1). */
    DoubleMatrix inputs() {
        return uniform(sizes[0], m, new SplittableRandom(SEED + 1));
    }

    /** m one-hot targets. */
    DoubleMatrix targets() {
        SplittableRandom random = new SplittableRandom(SEED + 2);
        DoubleMatrix y = new DoubleMatrix(sizes[sizes.length - 1], m);
        for (int c = 0; c < m; c++) {
            y.put(random.nextInt(y.rows), c, 1.0);
        }
        return y;
    }

    /** The number of examples in an epoch benchmark's training set: MNIST's training split. */
    static final int EXAMPLES = 50_000;

    /** {@link #EXAMPLES} MNIST-shaped examples for this network: uniform pixels, uniformly random labels. */
    MatrixDataset trainingSet() {
        SplittableRandom random = new SplittableRandom(SEED + 4);
        DoubleMatrix inputs = uniform(sizes[0], EXAMPLES, random);
        int classes = sizes[sizes.length - 1];
        return MatrixDataset.ofLabels(inputs, random.ints(EXAMPLES, 0, classes).toArray(), classes);
    }

    /** The number of mini-batches in an epoch of {@link #EXAMPLES}, the last one possibly shorter. */
    int miniBatches() {
        return (EXAMPLES + m - 1) / m;
    }

    static DoubleMatrix uniform(int rows, int columns, SplittableRandom random) {
        DoubleMatrix a = new DoubleMatrix(rows, columns);
        for (int i = 0; i < a.length; i++) {
            a.data[i] = random.nextDouble();
        }
        return a;
    }
}
