package nn.bench;

import java.util.concurrent.TimeUnit;
import nn.core.BatchedBackprop;
import nn.core.Blas;
import nn.core.Gradients;
import nn.core.MiniBatch;
import nn.core.Network;
import nn.core.TrainingSession;
import org.jblas.DoubleMatrix;
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
 * computes wrong results when two threads call it at once (see {@code nn.core.JblasNatives}).
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
    private int m;
    private Gradients gradients;
    private BatchedBackprop engine;
    private TrainingSession session;
    private MiniBatch batch;

    @Setup
    public void setUp() {
        BenchCase c = BenchCase.parse(shape);
        network = c.network();
        x = c.inputs();
        y = c.targets();
        m = c.m;
        gradients = Gradients.zerosFor(network);
        engine = new BatchedBackprop(Blas.byName("openblas").withThreads(threads));
        session = engine.session(network);
        batch = session.newMiniBatch(m);
        batch.inputs().copyFrom(x);
        batch.targets().copyFrom(y);
    }

    @TearDown
    public void tearDown() {
        session.close();
    }

    @Benchmark
    public TrainingSession step() {
        session.step(batch, 0.1, 5.0, 50_000);
        return session;
    }

    @Benchmark
    public Gradients gradient() {
        engine.gradient(network, x, y, gradients);
        return gradients;
    }
}
