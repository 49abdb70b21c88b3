package nn.bench;

import java.util.concurrent.TimeUnit;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.BatchedBackprop;
import nn.training.LoopedBackprop;
import nn.training.Sgd;
import nn.training.TrainingHistory;
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

    /** The layer sizes, then {@code @} and the mini-batch size m: the book's chapter 1 network. */
    @Param({"784-30-10@10"})
    public String shape;

    private Network network;
    private MatrixDataset training;
    private Sgd batched;
    private Sgd looped;
    private GemmBound bound;
    private int miniBatches;

    /**
     * Builds the seeded network, the 50,000 synthetic examples, an {@link Sgd} of one epoch (η = 3, λ = 0) per
     * engine, and the bound's matrices on jblas.
     */
    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        network = c.network();
        training = c.trainingSet();
        batched = sgd(c.m).engine(new BatchedBackprop()).build();
        looped = sgd(c.m).engine(new LoopedBackprop()).build();
        bound = new GemmBound(c.sizes, c.m, 1.0); // λ = 0: β = 1
        miniBatches = c.miniBatches();
    }

    private static Sgd.Builder sgd(int m) {
        return Sgd.builder().epochs(1).miniBatchSize(m).eta(3.0).seed(BenchCase.SEED);
    }

    /** {@return the history of one epoch by the batched engine, returned so that JMH consumes it} */
    @Benchmark
    public TrainingHistory batched() {
        return batched.train(network, training);
    }

    /** {@return the history of one epoch by the looped engine, one example at a time, for JMH to consume} */
    @Benchmark
    public TrainingHistory looped() {
        return looped.train(network, training);
    }

    /**
     * The matrix products alone of the epoch's 5,000 mini-batch steps, on jblas.
     *
     * @return a value computed from the products' outputs, for JMH's blackhole
     */
    @Benchmark
    public double gemmBound() {
        return bound.epoch(miniBatches);
    }
}
