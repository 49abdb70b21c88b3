package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.concurrent.atomic.AtomicIntegerArray;
import nn.backend.Elementwise;
import org.junit.jupiter.api.Test;

/**
 * {@link Elementwise#forEachEntry}, which the batched engine uses for the optimiser's update, the copy before
 * it and dropout's masking: every entry is computed exactly once, on any number of threads, so an update that
 * depends on each entry alone gives the same bits however the range is split.
 */
class ElementwiseEntriesTest {

    @Test
    void everyEntryExactlyOnceOnOneTwoAndThreeThreads() {
        qt().withExamples(200).forAll(integers().between(0, 5_000), integers().between(1, 3),
                integers().between(1, 64)).checkAssert((length, threads, minParallel) -> {
                    Elementwise kernels = threads == 1 ? Elementwise.SINGLE_THREADED
                            : Elementwise.onThreads(threads, minParallel);
                    AtomicIntegerArray visits = new AtomicIntegerArray(length);
                    kernels.forEachEntry(length, (from, to) -> {
                        for (int i = from; i < to; i++) {
                            visits.incrementAndGet(i);
                        }
                    });
                    for (int i = 0; i < length; i++) {
                        assertEquals(1, visits.get(i), "entry " + i + " of " + length + " on " + threads);
                    }
                });
    }

    @Test
    void aSplitUpdateEqualsTheWholeRangeOnOneThreadBitForBit() {
        int n = 100_003;
        double[] velocity = new double[n];
        double[] one = new double[n];
        for (int i = 0; i < n; i++) {
            one[i] = Math.sin(i) * 1e-3;
            velocity[i] = Math.cos(i) * 1e-4;
        }
        double[] two = one.clone();
        double[] v2 = velocity.clone();
        Elementwise.SINGLE_THREADED.forEachEntry(n, (from, to) -> step(one, velocity, from, to));
        Elementwise.onThreads(2, 1_000).forEachEntry(n, (from, to) -> step(two, v2, from, to));
        assertArrayEquals(one, two);
        assertArrayEquals(velocity, v2);
    }

    @Test
    void aWorkerFailureReachesTheCallerAndTheKernelsStayUsable() {
        Elementwise kernels = Elementwise.onThreads(2, 10);
        assertThrows(IllegalStateException.class, () -> kernels.forEachEntry(1_000, (from, to) -> {
            throw new IllegalStateException("entries " + from + "–" + to);
        }));
        int[] sum = new int[1_000];
        kernels.forEachEntry(1_000, (from, to) -> {
            for (int i = from; i < to; i++) {
                sum[i] = i;
            }
        });
        assertEquals(999, sum[999]);
        assertThrows(IllegalArgumentException.class, () -> kernels.forEachEntry(-1, (from, to) -> { }));
    }

    /** Momentum's step on plain arrays: v → 0.9 v − 0.01 w, w → w + v. */
    private static void step(double[] w, double[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            v[i] = 0.9 * v[i] - 0.01 * w[i];
            w[i] += v[i];
        }
    }
}
