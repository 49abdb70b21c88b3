package nn.bench;

import nn.backend.Blas;
import nn.internal.MiniBatch;
import nn.internal.TrainingSession;
import nn.network.Network;
import nn.training.BatchedBackprop;
import nn.training.Gradients;
import nn.training.UpdateRule;
import org.jblas.DoubleMatrix;

/**
 * The batched engine on one backend, set up on a {@link BenchCase}'s network and mini-batch: the stateless
 * gradient ({@code Backprop.gradient}) and one SGD step of a training session (what {@code Sgd} runs), which
 * the gradient and step benchmarks time.
 */
final class EngineRun implements AutoCloseable {

    /** η, λ and n of every timed step; λ &gt; 0, so the update scales W by β = {@link #DECAY} as training does. */
    static final double ETA = 0.1;
    static final double LAMBDA = 5.0;
    static final int N = 50_000;
    /** β of the fused update: the {@link GemmBound} of a step uses the same. */
    static final double DECAY = 1 - ETA * (LAMBDA / N);

    private final Network network;
    private final DoubleMatrix x;
    private final DoubleMatrix y;
    private final Gradients gradients;
    private final BatchedBackprop engine;
    private final TrainingSession session;
    private final MiniBatch batch;
    /** Plain SGD draws no dropout masks: the generator is never read. */
    private static final java.util.SplittableRandom NO_DROPOUT = new java.util.SplittableRandom(0);
    private long steps;

    EngineRun(BenchCase c, Blas blas) {
        network = c.network();
        x = c.inputs();
        y = c.targets();
        gradients = Gradients.zerosFor(network);
        engine = new BatchedBackprop(blas);
        session = engine.session(network, UpdateRule.plain(LAMBDA, N));
        batch = session.newMiniBatch(c.m);
        batch.inputs().copyFrom(x.data);
        batch.targets().copyFrom(y.data);
    }

    Gradients gradient() {
        engine.gradient(network, x, y, gradients);
        return gradients;
    }

    TrainingSession step() {
        session.step(batch, ETA, ++steps, NO_DROPOUT);
        return session;
    }

    @Override
    public void close() {
        session.close();
    }
}
