package nn.training;

import java.util.SplittableRandom;
import nn.data.Augmentation;

/**
 * Derives every random stream of a run from its one seed: the network's initial parameters, and each epoch's
 * shuffle and dropout masks. Deriving them per epoch (rather than continuing one generator) means a run resumed
 * after epoch k draws epoch k + 1 exactly as the uninterrupted run would have.
 */
public final class Seeds {

    private Seeds() {
    }

    /**
     * The seed of a network's initial weights and biases.
     *
     * @param seed the run's seed ({@link Sgd.Builder#seed})
     * @return a seed for the generator that draws the initial parameters, unrelated to the other streams'
     */
    public static long network(long seed) {
        return stream(seed, 0);
    }

    /**
     * The seed of the shuffle of epoch {@code epoch} (counted from 0).
     *
     * @param seed  the run's seed
     * @param epoch the epoch, from 0
     * @return a seed for the {@link SplittableRandom} that shuffles the training examples in that epoch
     */
    public static long shuffle(long seed, int epoch) {
        return stream(seed, epoch + 1L);
    }

    /**
     * The seed of the dropout masks of epoch {@code epoch} (counted from 0).
     *
     * @param seed  the run's seed
     * @param epoch the epoch, from 0
     * @return a seed for the {@link SplittableRandom} that draws every dropout mask of that epoch, in step order
     */
    public static long dropout(long seed, int epoch) {
        return stream(~seed, epoch + 1L);
    }

    /**
     * The seed of the training images' augmentation ({@link Augmentation}); each example's distortion in each
     * epoch derives from it, the epoch and the example's index.
     *
     * @param seed the run's seed
     * @return the seed to pass to {@link Augmentation#applyTo}
     */
    public static long augmentation(long seed) {
        return stream(seed, -1); // index −1: apart from the network's (0) and the epochs' (1, 2, …)
    }

    private static long stream(long seed, long index) {
        // SplittableRandom's seed mixing spreads nearby seeds (1, 2, 3) over unrelated streams.
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1L))).nextLong();
    }
}
