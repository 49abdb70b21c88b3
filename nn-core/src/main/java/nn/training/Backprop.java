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

    /**
     * A short name, as {@link #byName} takes it.
     *
     * @return e.g. {@code "looped"} or {@code "batched"}
     */
    String name();

    /**
     * The precision the engine computes in; the looped reference computes in float64.
     *
     * @return the precision parameters and workspaces are stored in during a step; {@link Precision#FLOAT64} by
     *         default
     */
    default Precision precision() {
        return Precision.FLOAT64;
    }

    /**
     * Computes the gradient of the cost summed over the mini-batch, overwriting {@code out}.
     *
     * @param network the network whose gradient is computed, at its current parameters; not changed
     * @param x       inputs, one example per column: {@code inputSize × m}
     * @param y       targets, one per column: {@code outputSize × m}
     * @param out     receives ∂C/∂w and ∂C/∂b (BP3, BP4) summed over the m examples, shaped for {@code network}
     *                ({@link Gradients#zerosFor})
     * @throws IllegalArgumentException if {@code x}, {@code y} or {@code out} does not fit the network, or
     *                                  {@code x} has no columns
     */
    void gradient(Network network, DoubleMatrix x, DoubleMatrix y, Gradients out);

    /**
     * Applies one step of mini-batch gradient descent with L2 regularisation, as {@code network2.py}'s
     * {@code update_mini_batch}: {@code w → (1 − ηλ/n) w − (η/m) Σ∇w}, {@code b → b − (η/m) Σ∇b}.
     *
     * @param network the network to step, updated in place
     * @param x       the mini-batch's inputs, one example per column: {@code inputSize × m}
     * @param y       its targets, one per column: {@code outputSize × m}
     * @param eta     the learning rate η
     * @param lambda  the regularisation parameter λ; 0 for none
     * @param n       the size of the whole training set
     * @throws IllegalArgumentException if {@code x} or {@code y} does not fit the network, or {@code x} has no
     *                                  columns
     */
    void updateMiniBatch(Network network, DoubleMatrix x, DoubleMatrix y, double eta, double lambda, int n);

    /**
     * Starts a training run of {@code network} under {@code rule}: mini-batches go into the session's matrices and
     * each {@link TrainingSession#step} applies the rule's update.
     *
     * @param network the network to train; its matrices are stale between the session's
     *                {@link TrainingSession#sync()}s
     * @param rule    the optimiser, regularisation, dropout and n of every step
     * @return a new session, to be closed when the run ends
     * @throws IllegalArgumentException if the rule's dropout rates do not fit the network
     */
    TrainingSession session(Network network, UpdateRule rule);

    /**
     * The engine with the given name, {@code looped} or {@code batched}.
     *
     * @param name {@code "looped"} for {@link LoopedBackprop}, {@code "batched"} for {@link BatchedBackprop}
     * @return a new engine; the batched one on {@link nn.backend.Blas#best()}, one thread, as
     *         {@link BatchedBackprop#BatchedBackprop()} makes it
     * @throws IllegalArgumentException if the name is neither
     */
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

    /**
     * Checks a mini-batch against the network; shared by the engines.
     *
     * @param network the network the mini-batch is for
     * @param x       inputs, one example per column
     * @param y       targets, one per column
     * @throws IllegalArgumentException if {@code x} has not {@code network.inputSize()} rows or no columns,
     *                                  {@code y} has not {@code network.outputSize()} rows, or their column counts
     *                                  differ
     */
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
