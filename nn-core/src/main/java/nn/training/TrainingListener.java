package nn.training;

/**
 * Receives the progress of {@link Sgd} training, on the training thread; every method does nothing unless
 * overridden.
 */
public interface TrainingListener {

    /**
     * Epoch {@code epoch} (counted from 0, as {@code network2.py} prints them) starts.
     *
     * @param epoch       the epoch, from 0; a resumed run starts at the number of epochs its state had done
     * @param miniBatches the number of mini-batches the epoch will apply, ⌈n/m⌉
     */
    default void epochStarted(int epoch, int miniBatches) {
    }

    /**
     * Mini-batch {@code miniBatch} (from 0) of {@code miniBatches} in the epoch has been applied.
     *
     * @param epoch       the epoch, from 0
     * @param miniBatch   the mini-batch just applied, from 0 to {@code miniBatches − 1}
     * @param miniBatches the number of mini-batches in the epoch, ⌈n/m⌉
     */
    default void miniBatchDone(int epoch, int miniBatch, int miniBatches) {
    }

    /**
     * The epoch's mini-batches are done and its monitored figures are being measured.
     *
     * @param epoch the epoch, from 0
     */
    default void evaluating(int epoch) {
    }

    /**
     * The epoch is over and its monitored figures are known; {@link Sgd#state()} may be called from here, e.g.
     * to write a checkpoint.
     *
     * @param result the epoch's figures, as {@link TrainingHistory#epochs()} now ends with
     */
    default void epochEnded(EpochResult result) {
    }
}
