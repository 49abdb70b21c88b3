package nn.core;

import org.jblas.DoubleMatrix;

/**
 * A {@link TrainingSession} for an engine that works on the network's heap matrices: it copies nothing and
 * applies each step with {@link Backprop#updateMiniBatch} on heap mini-batches.
 */
final class HeapTrainingSession implements TrainingSession {

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
        return new MiniBatch(BlasMatrix.wrap(new DoubleMatrix(network.inputSize(), m)),
                BlasMatrix.wrap(new DoubleMatrix(network.outputSize(), m)));
    }

    @Override
    public void step(MiniBatch batch, double eta, double lambda, int n) {
        engine.updateMiniBatch(network, heap(batch.inputs()), heap(batch.targets()), eta, lambda, n);
    }

    private static DoubleMatrix heap(BlasMatrix m) {
        if (!(m.handle() instanceof DoubleMatrix)) {
            throw new IllegalArgumentException("a " + m + " is not a heap matrix: get mini-batches from this session");
        }
        return (DoubleMatrix) m.handle();
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
