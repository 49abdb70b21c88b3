package nn.core;

import org.jblas.DoubleMatrix;

/**
 * A {@link TrainingSession} for an engine that works on the network's heap matrices: it copies nothing and
 * applies each step with {@link Backprop#updateMiniBatch}. Keeps the batch matrices of the last two mini-batch
 * sizes (a run has at most two: full and last), so a steady loop allocates nothing.
 */
final class HeapTrainingSession implements TrainingSession {

    private final Backprop engine;
    private final Network network;
    private final Batch[] batches = new Batch[2];
    private int nextEvicted;

    HeapTrainingSession(Backprop engine, Network network) {
        this.engine = engine;
        this.network = network;
    }

    /** Heap inputs and targets of one mini-batch size, and views of them. */
    private record Batch(DoubleMatrix x, DoubleMatrix y, BlasMatrix xView, BlasMatrix yView) {
    }

    private Batch batch(int m) {
        for (Batch b : batches) {
            if (b != null && b.x.columns == m) {
                return b;
            }
        }
        DoubleMatrix x = new DoubleMatrix(network.inputSize(), m);
        DoubleMatrix y = new DoubleMatrix(network.outputSize(), m);
        Batch b = new Batch(x, y, BlasMatrix.wrap(x), BlasMatrix.wrap(y));
        batches[nextEvicted] = b;
        nextEvicted = (nextEvicted + 1) % batches.length;
        return b;
    }

    @Override
    public BlasMatrix inputs(int m) {
        return batch(m).xView;
    }

    @Override
    public BlasMatrix targets(int m) {
        return batch(m).yView;
    }

    @Override
    public void step(int m, double eta, double lambda, int n) {
        Batch b = batch(m);
        engine.updateMiniBatch(network, b.x, b.y, eta, lambda, n);
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
