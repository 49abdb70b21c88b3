package nn.training;

/**
 * Receives the progress of {@link Sgd} training, on the training thread; every method does nothing unless
 * overridden.
 */
public interface TrainingListener {

    /** Epoch {@code epoch} (counted from 0, as {@code network2.py} prints them) starts. */
    default void epochStarted(int epoch, int miniBatches) {
    }

    /** Mini-batch {@code miniBatch} (from 0) of {@code miniBatches} in the epoch has been applied. */
    default void miniBatchDone(int epoch, int miniBatch, int miniBatches) {
    }

    /** The epoch's mini-batches are done and its monitored figures are being measured. */
    default void evaluating(int epoch) {
    }

    /**
     * The epoch is over and its monitored figures are known; {@link Sgd#state()} may be called from here, e.g.
     * to write a checkpoint.
     */
    default void epochEnded(EpochResult result) {
    }
}
