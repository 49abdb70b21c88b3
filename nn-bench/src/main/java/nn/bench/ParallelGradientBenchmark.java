package nn.bench;

import java.util.concurrent.TimeUnit;
import nn.core.BatchedBackprop;
import nn.core.Blas;
import nn.core.Gradients;
import nn.core.Network;
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
 * The batched gradient and SGD step on one core and on several ({@code Blas.jblas(threads)}), for the
 * largest network, where each product is big enough to split.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParallelGradientBenchmark {

    @Param({"784-800-800-10@128"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Network network;
    private DoubleMatrix x;
    private DoubleMatrix y;
    private Gradients gradients;
    private BatchedBackprop batched;

    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        network = c.network();
        x = c.inputs();
        y = c.targets();
        gradients = Gradients.zerosFor(network);
        batched = new BatchedBackprop(Blas.jblas(threads));
    }

    @Benchmark
    public Gradients gradient() {
        batched.gradient(network, x, y, gradients);
        return gradients;
    }

    @Benchmark
    public Network updateMiniBatch() {
        batched.updateMiniBatch(network, x, y, 0.1, 5.0, 50_000);
        return network;
    }
}
