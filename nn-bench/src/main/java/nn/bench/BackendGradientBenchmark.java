package nn.bench;

import java.util.concurrent.TimeUnit;
import nn.backend.Blas;
import nn.internal.TrainingSession;
import nn.training.Gradients;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The batched engine on each {@link Blas} backend, for one mini-batch: {@code gradient} ({@code Backprop.gradient},
 * which copies the parameters into an off-heap backend and the gradients out on every call), {@code step} (one
 * SGD step of a training session, what {@code Sgd} runs: parameters and mini-batch already in the backend's
 * storage), and the {@link GemmBound} of each on the same backend.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BackendGradientBenchmark {

    /** The {@link Blas} backend: a name for {@link Blas#byName}, with {@code /float32} for single precision. */
    @Param({"jblas", "openblas", "openblas/float32"})
    public String backend;

    /** The layer sizes, then {@code @} and the mini-batch size m, e.g. {@code 784-30-10@10}. */
    @Param({"784-30-10@10", "784-30-10@100", "784-100-10@10", "784-800-800-10@128"})
    public String shape;

    private EngineRun run;
    private GemmBound bound;

    /**
     * Builds the seeded network and one mini-batch of m synthetic examples on {@link #backend}, a training session
     * (η = 0.1, λ = 5, n = 50,000) and the bound's matrices with the same β = 1 − ηλ/n.
     */
    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        Blas blas = BenchCase.backend(backend);
        run = new EngineRun(c, blas);
        bound = new GemmBound(blas, c.sizes, c.m, EngineRun.DECAY);
    }

    /** Closes the training session, releasing its backend storage (native memory for OpenBLAS). */
    @TearDown
    public void tearDown() {
        run.close();
    }

    /**
     * The stateless gradient of the mini-batch, copying the parameters into the backend and the gradients out.
     *
     * @return ∂C/∂w and ∂C/∂b of the mini-batch, overwritten on every call
     */
    @Benchmark
    public Gradients gradient() {
        return run.gradient();
    }

    /**
     * The matrix products alone of {@link #gradient()}.
     *
     * @return a value computed from the products' outputs, for JMH's blackhole
     */
    @Benchmark
    public double gradientGemmBound() {
        bound.gradient();
        return bound.checksum();
    }

    /**
     * One SGD step of the training session on its mini-batch, as {@code Sgd} runs it.
     *
     * @return the session, whose weights the step has updated
     */
    @Benchmark
    public TrainingSession step() {
        return run.step();
    }

    /**
     * The matrix products alone of {@link #step()}, BP4 fused into the weight update.
     *
     * @return a value computed from the products' outputs, for JMH's blackhole
     */
    @Benchmark
    public double stepGemmBound() {
        bound.update();
        return bound.checksum();
    }
}
