package nn.core;

import static org.quicktheories.QuickTheory.qt;

import java.util.SplittableRandom;
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
import org.quicktheories.QuickTheory;

/** Random small networks and data for the property tests. */
public final class RandomCases {

    /** Every activation/cost pairing that makes sense: {hidden, output, cost}. */
    public static final Object[][] COMBINATIONS = {
        {Sigmoid.INSTANCE, Sigmoid.INSTANCE, QuadraticCost.INSTANCE},
        {Sigmoid.INSTANCE, Sigmoid.INSTANCE, CrossEntropyCost.INSTANCE},
        {Tanh.INSTANCE, Tanh.INSTANCE, QuadraticCost.INSTANCE},
        {Tanh.INSTANCE, Sigmoid.INSTANCE, CrossEntropyCost.INSTANCE},
        {Relu.INSTANCE, Sigmoid.INSTANCE, CrossEntropyCost.INSTANCE},
        {Relu.INSTANCE, Relu.INSTANCE, QuadraticCost.INSTANCE},
        {Sigmoid.INSTANCE, Softmax.INSTANCE, LogLikelihoodCost.INSTANCE},
        {Tanh.INSTANCE, Softmax.INSTANCE, LogLikelihoodCost.INSTANCE},
        {Relu.INSTANCE, Softmax.INSTANCE, LogLikelihoodCost.INSTANCE},
    };

    private RandomCases() {
    }

    /**
     * QuickTheories with a fixed seed, so that CI sees the same cases on every run, and the example count from
     * the {@code nn.examples} system property (the parent pom sets it; a full run raises it). {@code nn.seed}
     * overrides the seed to explore other cases.
     */
    public static QuickTheory theory() {
        return qt().withExamples(Integer.getInteger("nn.examples", 200))
                .withFixedSeed(Long.getLong("nn.seed", 20261123L));
    }

    /** A network of {@code layers} layers with widths 1–8, drawn from {@code seed}. */
    public static Network network(int layers, int combination, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] sizes = new int[layers];
        for (int l = 0; l < layers; l++) {
            sizes[l] = 1 + random.nextInt(8);
        }
        Object[] combo = COMBINATIONS[combination];
        if (combo[1] == Softmax.INSTANCE && sizes[layers - 1] == 1) {
            sizes[layers - 1] = 2; // a softmax over one neuron is constant 1: nothing to learn or check
        }
        return Network.builder(sizes)
                .hiddenActivation((Activation) combo[0])
                .outputActivation((Activation) combo[1])
                .cost((Cost) combo[2])
                .init(random.nextBoolean() ? WeightInit.SCALED : WeightInit.LARGE)
                .seed(random.nextLong())
                .build();
    }

    /** Inputs uniform in [−1, 1], m columns. */
    public static DoubleMatrix inputs(Network network, int m, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        DoubleMatrix x = new DoubleMatrix(network.inputSize(), m);
        for (int i = 0; i < x.length; i++) {
            x.data[i] = random.nextDouble(-1.0, 1.0);
        }
        return x;
    }

    /** Targets the network's cost accepts: one-hot for softmax, in the output's range otherwise. */
    public static DoubleMatrix targets(Network network, int m, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0xC2B2AE3D27D4EB4FL);
        DoubleMatrix y = new DoubleMatrix(network.outputSize(), m);
        Activation output = network.activation(network.numLayers() - 2);
        for (int c = 0; c < m; c++) {
            if (output == Softmax.INSTANCE) {
                y.put(random.nextInt(y.rows), c, 1.0);
                continue;
            }
            for (int r = 0; r < y.rows; r++) {
                double low = output == Tanh.INSTANCE ? -1.0 : 0.0;
                y.put(r, c, random.nextDouble(low, 1.0));
            }
        }
        return y;
    }

    /** Largest absolute entry. */
    static double maxAbs(DoubleMatrix m) {
        double max = 0.0;
        for (double v : m.data) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    /**
     * max |actual − expected| / max |expected|: the error relative to the matrix's scale. Entry by entry
     * relative error would be meaningless for an entry that is a sum cancelling to almost zero.
     */
    static double relativeError(DoubleMatrix expected, DoubleMatrix actual) {
        double scale = maxAbs(expected);
        double diff = maxAbs(actual.sub(expected));
        return scale == 0.0 ? diff : diff / scale;
    }
}
