package nn.examples;

import java.util.SplittableRandom;

/**
 * Derives every random stream of a run from the one {@code --seed}: the network's initial parameters and each
 * epoch's shuffle. Deriving the shuffle per epoch (rather than continuing one generator) means a run resumed from
 * a checkpoint after epoch k shuffles epoch k+1 exactly as the uninterrupted run would have.
 */
final class Seeds {

    private Seeds() {
    }

    /** The seed of the network's initial weights and biases. */
    static long network(long seed) {
        return stream(seed, 0);
    }

    /** The seed of the shuffle of {@code epoch} (counted from 1). */
    static long epoch(long seed, int epoch) {
        return stream(seed, epoch);
    }

    /**
     * The seed of the training images' augmentation ({@code --augment}); each example's distortion in each epoch
     * derives from it, the epoch and the example's index.
     */
    static long augmentation(long seed) {
        return stream(seed, -1); // index −1: apart from the network's (0) and the epochs' (1, 2, …)
    }

    private static long stream(long seed, int index) {
        // SplittableRandom's seed mixing spreads nearby seeds (1, 2, 3) over unrelated streams.
        return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (index + 1L))).nextLong();
    }
}
