package nn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import nn.network.Network;
import org.jblas.DoubleMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Inference throughput of [784, 30, 10] in examples per second: {@link Network#predict(DoubleMatrix)} over a
 * batch of {@value #BATCH} examples (one column each, as {@code Network.accuracy} feeds them), and over one
 * example at a time for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InferenceBenchmark {

    static final int BATCH = 1000;

    private Network network;
    private DoubleMatrix batch;
    private DoubleMatrix single;

    /** Builds the seeded [784, 30, 10] network and {@value #BATCH} synthetic inputs with pixels in [0, 1). */
    @Setup
    public void setUp() {
        network = BenchCase.parse("784-30-10@1").network();
        batch = BenchCase.uniform(784, BATCH, new SplittableRandom(BenchCase.SEED + 5));
        single = batch.getColumn(0);
    }

    /**
     * Classifies the {@value #BATCH} inputs in one call; JMH counts each as one operation.
     *
     * @return the predicted class (0–9) of each input
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int[] batched() {
        return network.predict(batch);
    }

    /**
     * Classifies the first input alone.
     *
     * @return its predicted class (0–9), as a one-element array
     */
    @Benchmark
    public int[] oneAtATime() {
        return network.predict(single);
    }
}
