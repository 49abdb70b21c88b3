package nn.training;

import nn.backend.Precision;
import nn.internal.TrainingSession;
import nn.network.Network;
import org.jblas.DoubleMatrix;

/**
 * A way of computing the gradient of the cost by backpropagation, and of applying one SGD step with it.
 *
 * <p>Implementations keep workspaces between calls, so one instance serves one training run at a time and is
 * not thread-safe.
 */
public interface Backprop {

    /** A short name, e.g. {@code "looped"} or {@code "batched"}. */
    String name();

    /** The precision the engine computes in; the looped reference computes in float64. */
    default Precision precision() {
        return Precision.FLOAT64;
    }

    /**
     * Computes the gradient of the cost summed over the mini-batch, overwriting {@code out}.
     *
     * @param x inputs, one example per column
     * @param y targets, one per column
     */
    void gradient(Network network, DoubleMatrix x, DoubleMatrix y, Gradients out);

    /**
     * Applies one step of mini-batch gradient descent with L2 regularisation, as {@code network2.py}'s
     * {@code update_mini_batch}: {@code w → (1 − ηλ/n) w − (η/m) Σ∇w}, {@code b → b − (η/m) Σ∇b}.
     *
     * @param eta    the learning rate η
     * @param lambda the regularisation parameter λ
     * @param n      the size of the whole training set
     */
    void updateMiniBatch(Network network, DoubleMatrix x, DoubleMatrix y, double eta, double lambda, int n);

    /**
     * Starts a training run of {@code network} under {@code rule}: mini-batches go into the session's matrices and
     * each {@link TrainingSession#step} applies the rule's update.
     *
     * @throws IllegalArgumentException if the rule's dropout rates do not fit the network
     */
    TrainingSession session(Network network, UpdateRule rule);

    /** The engine with the given name, {@code looped} or {@code batched}, on jblas. */
    static Backprop byName(String name) {
        switch (name) {
            case LoopedBackprop.NAME:
                return new LoopedBackprop();
            case BatchedBackprop.NAME:
                return new BatchedBackprop();
            default:
                throw new IllegalArgumentException("unknown engine '" + name + "': expected looped or batched");
        }
    }

    /** Checks a mini-batch against the network; shared by the engines. */
    static void checkBatch(Network network, DoubleMatrix x, DoubleMatrix y) {
        network.checkInput(x);
        if (y.rows != network.outputSize()) {
            throw new IllegalArgumentException("targets have " + y.rows + " rows, but the network's output layer has "
                    + network.outputSize() + " neurons");
        }
        if (y.columns != x.columns) {
            throw new IllegalArgumentException("inputs have " + x.columns + " columns (examples) but targets have "
                    + y.columns);
        }
    }
}
