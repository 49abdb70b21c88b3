package nn.data;

/**
 * The random numbers of one example's distortion in one epoch: a SplitMix64 stream whose start is a hash of
 * (seed, epoch, example index). Restarting it with {@link #restart} costs nothing and allocates nothing, so every
 * example gets its own stream on whichever thread copies it, in whatever order: the distortion of example i in
 * epoch e depends only on (seed, e, i), and a resumed run distorts exactly as the uninterrupted one.
 *
 * <p>Mutable and not thread-safe: each augmented dataset keeps one for its (one-at-a-time) copies.
 */
final class ExampleRandom {

    /** SplitMix64's increment, the golden ratio in 64 bits. */
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private long state;

    /** Starts the stream of {@code example} in {@code epoch} of the run with {@code seed}. */
    void restart(long seed, int epoch, int example) {
        // Each coordinate goes through the bijective finaliser before the next is added, so that nearby seeds,
        // epochs and indices (1, 2, 3) start unrelated streams.
        long h = mix(seed + GOLDEN);
        h = mix(h + GOLDEN * (epoch + 1L));
        state = mix(h + 0xC2B2AE3D27D4EB4FL * (example + 1L));
    }

    /** Uniform in [0, 1), 53 random bits. */
    double nextDouble() {
        state += GOLDEN;
        return (mix(state) >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [low, high). */
    double uniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Stafford's Mix13, SplitMix64's finaliser: a bijection of 64-bit words that mixes every input bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
