package nn.bench;

import java.util.concurrent.TimeUnit;
import nn.network.Network;
import nn.training.BatchedBackprop;
import nn.training.Gradients;
import nn.training.LoopedBackprop;
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
 * The gradient of one mini-batch ({@code Backprop.gradient}) by the looped and the batched engine, and the
 * {@link GemmBound} of the batched one: the same dgemm calls alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GradientBenchmark {

    /** The layer sizes, then {@code @} and the mini-batch size m, e.g. {@code 784-30-10@10}. */
    @Param({"784-30-10@10", "784-30-10@100", "784-100-10@10", "784-800-800-10@128"})
    public String shape;

    private Network network;
    private DoubleMatrix x;
    private DoubleMatrix y;
    private Gradients gradients;
    private LoopedBackprop looped;
    private BatchedBackprop batched;
    private GemmBound bound;

    /** Builds the seeded network, one mini-batch of m synthetic examples, both engines and the bound's matrices. */
    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        network = c.network();
        x = c.inputs();
        y = c.targets();
        gradients = Gradients.zerosFor(network);
        looped = new LoopedBackprop();
        batched = new BatchedBackprop();
        bound = new GemmBound(c.sizes, c.m, EngineRun.DECAY); // gradient() only: β is not used
    }

    /**
     * The mini-batch's gradient by the looped engine, one example at a time.
     *
     * @return ∂C/∂w and ∂C/∂b of the mini-batch, overwritten on every call
     */
    @Benchmark
    public Gradients looped() {
        looped.gradient(network, x, y, gradients);
        return gradients;
    }

    /**
     * The mini-batch's gradient by the batched engine, the whole mini-batch as one matrix.
     *
     * @return ∂C/∂w and ∂C/∂b of the mini-batch, overwritten on every call
     */
    @Benchmark
    public Gradients batched() {
        batched.gradient(network, x, y, gradients);
        return gradients;
    }

    /**
     * The matrix products alone of {@link #batched()}, on jblas.
     *
     * @return a value computed from the products' outputs, for JMH's blackhole
     */
    @Benchmark
    public double gemmBound() {
        bound.gradient();
        return bound.checksum();
    }
}
