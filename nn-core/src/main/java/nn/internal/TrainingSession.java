package nn.internal;

import java.util.SplittableRandom;
import nn.training.Adam;
import nn.training.Backprop;
import nn.training.UpdateRule;

/**
 * One training run of one network by one {@link Backprop} engine: the engine may keep the parameters in its
 * backend's storage (native memory, say) for the whole run instead of copying them in and out on every
 * mini-batch, and gives out the matrices mini-batches are copied straight into ({@link MiniBatch}).
 *
 * <p>The network's own matrices are stale between {@link #sync()}s; nothing else may change them while the
 * session is open. Closing does not sync, so that parameters a caller has restored (after divergence, say) are
 * not overwritten. Not thread-safe.
 */
public interface TrainingSession extends AutoCloseable {

    /**
     * New storage for a mini-batch of m examples, in the backend's storage. A run holds two of the full size,
     * so that the next mini-batch can be copied into one while a step runs on the other, and one for the last,
     * shorter mini-batch.
     *
     * @param m the number of examples, the mini-batch size or the last mini-batch's
     * @return a mini-batch of zeroed {@code inputSize × m} and {@code outputSize × m} matrices
     * @throws IllegalArgumentException if {@code m} is less than 1
     */
    MiniBatch newMiniBatch(int m);

    /**
     * One step of the session's {@link UpdateRule} on the examples in {@code batch}: dropout masks drawn from
     * {@code random}, backpropagation, and the optimiser's update, e.g. plain gradient descent's
     * {@code w → (1 − ηλ/n) w − (η/m) Σ∇w}, {@code b → b − (η/m) Σ∇b}.
     *
     * @param batch  a mini-batch from {@link #newMiniBatch} of this session
     * @param eta    this step's learning rate η
     * @param t      the number of this step in the run, from 1 (Adam's bias correction counts steps)
     * @param random the source of this step's dropout masks; not used without dropout
     * @throws IllegalArgumentException if {@code batch} does not fit the network or is not in this session's
     *                                  storage
     */
    void step(MiniBatch batch, double eta, long t, SplittableRandom random);

    /**
     * Whether the steps change the network's own matrices as they go (the engine works on them) rather than a copy
     * that {@link #sync()} writes back.
     *
     * @return true when the network's matrices are never stale, false when they keep the last sync's values
     *         until the next one
     */
    boolean updatesNetworkInPlace();

    /** Writes the parameters back into the network's matrices (nothing to do when the engine works on them). */
    void sync();

    /**
     * A copy of the optimiser's state (momentum's velocities, Adam's moments): for each layer, the state matrices
     * of its weights, then of its biases, each column-major; empty for plain gradient descent.
     *
     * @return new arrays, in the order {@link OptimizerStates#toArrays} gives
     */
    double[][] optimizerState();

    /**
     * Restores state from {@link #optimizerState()}, so that a resumed run continues exactly.
     *
     * @param state arrays as {@link #optimizerState()} returned them, e.g. from a checkpoint
     * @throws IllegalArgumentException if the arrays do not fit this session's optimiser and network
     */
    void restoreOptimizerState(double[][] state);

    /** Ends the session without syncing. */
    @Override
    void close();
}
