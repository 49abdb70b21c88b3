package nn.core;

import org.jblas.DoubleMatrix;

/**
 * A {@link TrainingSession} for an engine that works on the network's heap matrices: it copies nothing and
 * applies each step with {@link Backprop#updateMiniBatch} on heap mini-batches.
 */
final class HeapTrainingSession implements TrainingSession {

    private static final String OWNER = "this training session, which trains on heap matrices";

    private final Backprop engine;
    private final Network network;

    HeapTrainingSession(Backprop engine, Network network) {
        this.engine = engine;
        this.network = network;
    }

    @Override
    public MiniBatch newMiniBatch(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("a mini-batch needs at least 1 example, got " + m);
        }
        return new MiniBatch(HeapMatrix.wrap(new DoubleMatrix(network.inputSize(), m)),
                HeapMatrix.wrap(new DoubleMatrix(network.outputSize(), m)));
    }

    @Override
    public void step(MiniBatch batch, double eta, double lambda, int n) {
        engine.updateMiniBatch(network, batch.inputs().handle(DoubleMatrix.class, OWNER),
                batch.targets().handle(DoubleMatrix.class, OWNER), eta, lambda, n);
    }

    @Override
    public void sync() {
        // The engine updated the network's own matrices.
    }

    @Override
    public void close() {
        // Nothing is held outside the heap.
    }
}
