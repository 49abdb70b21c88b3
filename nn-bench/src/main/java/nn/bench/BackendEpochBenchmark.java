package nn.bench;

import java.util.concurrent.TimeUnit;
import nn.backend.Blas;
import nn.data.MatrixDataset;
import nn.network.Network;
import nn.training.BatchedBackprop;
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
 * One {@link Sgd} epoch over 50,000 MNIST-shaped examples (synthetic, as {@link EpochBenchmark}) by the batched
 * engine on each {@link Blas} backend, and the {@link GemmBound} of its steps on the same backend: config A,
 * the book's [784,30,10] at m = 10 (5,000 steps), and config C, [784,800,800,10] at m = 128 (391 steps, on
 * OpenBLAS the large products on both cores, so its bound is the two-thread bound). One epoch per measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BackendEpochBenchmark {

    /** The {@link Blas} backend: a name for {@link Blas#byName}, with {@code /float32} for single precision. */
    @Param({"jblas", "openblas", "openblas/float32"})
    public String backend;

    /** The layer sizes, then {@code @} and the mini-batch size m: config A and config C. */
    @Param({"784-30-10@10", "784-800-800-10@128"})
    public String shape;

    /** Whether the next mini-batch is copied on a second thread ({@code Sgd.Builder.prefetch}); on by default. */
    @Param({"true"})
    public boolean prefetch;

    private Network network;
    private MatrixDataset training;
    private Sgd sgd;
    private GemmBound bound;
    private int miniBatches;

    /**
     * Builds the seeded network, the 50,000 synthetic examples, an {@link Sgd} of one epoch (η = 3 at m = 10,
     * 0.5 otherwise; λ = 0) on {@link #backend}, and the bound's matrices.
     */
    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        Blas blas = BenchCase.backend(backend);
        network = c.network();
        training = c.trainingSet();
        sgd = Sgd.builder().epochs(1).miniBatchSize(c.m).eta(c.m == 10 ? 3.0 : 0.5).seed(BenchCase.SEED)
                .prefetch(prefetch).engine(new BatchedBackprop(blas)).build();
        bound = new GemmBound(blas, c.sizes, c.m, 1.0); // λ = 0: β = 1
        miniBatches = c.miniBatches();
    }

    /** {@return the history of one epoch of {@link Sgd} training, returned so that JMH consumes it} */
    @Benchmark
    public TrainingHistory epoch() {
        return sgd.train(network, training);
    }

    /**
     * The matrix products alone of an epoch's mini-batch steps (5,000 for config A, 391 for config C).
     *
     * @return a value computed from the products' outputs, for JMH's blackhole
     */
    @Benchmark
    public double gemmBound() {
        return bound.epoch(miniBatches);
    }
}
