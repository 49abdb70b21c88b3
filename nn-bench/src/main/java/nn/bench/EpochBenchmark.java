package nn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import nn.core.BatchedBackprop;
import nn.core.LoopedBackprop;
import nn.core.MatrixDataset;
import nn.core.Network;
import nn.core.Sgd;
import nn.core.TrainingHistory;
import org.jblas.DoubleMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One training epoch over 50,000 MNIST-shaped examples (synthetic: uniform pixels, random labels) with
 * {@link Sgd}, as the book trains [784, 30, 10] in chapter 1 (m = 10, η = 3), by each engine, and the
 * {@link GemmBound} of its 5,000 mini-batch steps. Each measurement is one epoch, timed once
 * ({@link Mode#SingleShotTime}); the network keeps training from one epoch to the next, which costs the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EpochBenchmark {

    static final int EXAMPLES = 50_000;

    @Param({"784-30-10@10"})
    public String shape;

    private Network network;
    private MatrixDataset training;
    private Sgd batched;
    private Sgd looped;
    private GemmBound bound;
    private int miniBatches;

    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        network = c.network();
        SplittableRandom random = new SplittableRandom(BenchCase.SEED + 4);
        DoubleMatrix inputs = BenchCase.uniform(c.sizes[0], EXAMPLES, random);
        int[] labels = random.ints(EXAMPLES, 0, c.sizes[c.sizes.length - 1]).toArray();
        training = MatrixDataset.ofLabels(inputs, labels, c.sizes[c.sizes.length - 1]);
        batched = sgd(c.m).engine(new BatchedBackprop()).build();
        looped = sgd(c.m).engine(new LoopedBackprop()).build();
        bound = new GemmBound(c.sizes, c.m);
        miniBatches = EXAMPLES / c.m;
    }

    private static Sgd.Builder sgd(int m) {
        return Sgd.builder().epochs(1).miniBatchSize(m).eta(3.0).seed(BenchCase.SEED);
    }

    @Benchmark
    public TrainingHistory batched() {
        return batched.train(network, training);
    }

    @Benchmark
    public TrainingHistory looped() {
        return looped.train(network, training);
    }

    @Benchmark
    public double gemmBound() {
        for (int k = 0; k < miniBatches; k++) {
            bound.update();
        }
        return bound.checksum();
    }
}
