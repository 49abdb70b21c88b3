package nn.core;

/**
 * One training run of one network by one {@link Backprop} engine: the engine may keep the parameters in its
 * backend's storage (native memory, say) for the whole run instead of copying them in and out on every
 * mini-batch, and gives out the matrices mini-batches are copied straight into.
 *
 * <p>The network's own matrices are stale between {@link #sync()}s; nothing else may change them while the
 * session is open. Closing does not sync, so that parameters a caller has restored (after divergence, say) are
 * not overwritten. Not thread-safe.
 */
public interface TrainingSession extends AutoCloseable {

    /** The {@code inputSize × m} matrix the next mini-batch of m examples is copied into, one per column. */
    BlasMatrix inputs(int m);

    /** The {@code outputSize × m} matrix the targets of that mini-batch are copied into. */
    BlasMatrix targets(int m);

    /**
     * One step of mini-batch gradient descent on the examples in {@link #inputs(int) inputs(m)} and
     * {@link #targets(int) targets(m)}: {@code w → (1 − ηλ/n) w − (η/m) Σ∇w}, {@code b → b − (η/m) Σ∇b}.
     *
     * @param n the size of the whole training set
     */
    void step(int m, double eta, double lambda, int n);

    /** Writes the parameters back into the network's matrices (nothing to do when the engine works on them). */
    void sync();

    /** Ends the session without syncing. */
    @Override
    void close();
}
