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
 * The training option for several cores, {@code Sgd.builder().threads(n)}: one SGD step of a training session
 * (what {@code Sgd} runs) and the stateless gradient, on OpenBLAS with every product on one thread and with
 * each large one on {@code threads} ({@code Blas.byName("openblas").withThreads(threads)}), for the largest
 * network, whose products are big enough to split. jblas takes no part: its OpenBLAS is single-threaded and
 * computes wrong results when two threads call it at once (see {@code nn.internal.JblasNatives}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParallelGradientBenchmark {

    /** The layer sizes, then {@code @} and the mini-batch size m: config C. */
    @Param({"784-800-800-10@128"})
    public String shape;

    /** The threads OpenBLAS's large products run on; more than the machine's cores are not used. */
    @Param({"1", "2"})
    public int threads;

    private EngineRun run;

    /**
     * Builds the seeded network, one mini-batch of synthetic examples and a training session (η = 0.1, λ = 5,
     * n = 50,000) on OpenBLAS with {@link #threads} threads.
     */
    @Setup
    public void setUp() {
        run = new EngineRun(BenchCase.parse(shape), Blas.byName("openblas").withThreads(threads));
    }

    /** Closes the training session, releasing its native memory. */
    @TearDown
    public void tearDown() {
        run.close();
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
     * The stateless gradient of the mini-batch, copying the parameters into the backend and the gradients out.
     *
     * @return ∂C/∂w and ∂C/∂b of the mini-batch, overwritten on every call
     */
    @Benchmark
    public Gradients gradient() {
        return run.gradient();
    }
}
