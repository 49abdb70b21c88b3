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

    @Param({"jblas", "openblas", "openblas/float32"})
    public String backend;

    @Param({"784-30-10@10", "784-30-10@100", "784-100-10@10", "784-800-800-10@128"})
    public String shape;

    private EngineRun run;
    private GemmBound bound;

    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        Blas blas = BenchCase.backend(backend);
        run = new EngineRun(c, blas);
        bound = new GemmBound(blas, c.sizes, c.m, EngineRun.DECAY);
    }

    @TearDown
    public void tearDown() {
        run.close();
    }

    @Benchmark
    public Gradients gradient() {
        return run.gradient();
    }

    @Benchmark
    public double gradientGemmBound() {
        bound.gradient();
        return bound.checksum();
    }

    @Benchmark
    public TrainingSession step() {
        return run.step();
    }

    @Benchmark
    public double stepGemmBound() {
        bound.update();
        return bound.checksum();
    }
}
