package nn.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import nn.data.Dataset;

/**
 * Copies an epoch's mini-batches into a ring of {@link MiniBatch}es on a second thread, up to a ring's length
 * ahead of the steps. Gathering m shuffled examples from a training set of hundreds of megabytes misses the caches
 * on every example: 18% of a [784,30,10] epoch on OpenBLAS (JMH's stack profile), on the caller's thread, while
 * the second core sat idle during the step's single-threaded small products.
 *
 * <p>Why a ring: with one copy in flight, the copying thread had to spin between the tens of microseconds of a
 * small network's steps (waking a parked thread takes as long), so it kept the second core busy, and whenever
 * anything else ran there (a browser drawing the dashboard) the steps waited for their copy. With a ring the
 * copier runs ahead, parks while the ring is full, and is woken once half of it is free, so the second core is
 * mostly idle for others.
 *
 * <p>Why the owner may copy too: on a virtual machine whose idle CPU the host has put to sleep, waking a parked
 * thread can take longer than half a ring of small steps. So each mini-batch is claimed by whoever gets to it
 * first, and an owner that finds its next mini-batch not yet claimed copies it itself, as it would without a
 * prefetcher, instead of waiting for the copier to wake. Copies still run one at a time.
 *
 * <p>Per epoch: {@link #startEpoch} starts the copies, {@link #take} returns mini-batch k once it is copied (and
 * rethrows its copy's failure), and {@link #release} hands its storage back once the step on it is done. Each
 * mini-batch has a sequence number over the whole run; a copy's dataset reads and matrix writes come before the
 * volatile write of its number into {@code ready}, and a step's reads before the volatile write of
 * {@code released}. Not thread-safe: one training loop drives it.
 */
public final class BatchPrefetcher implements AutoCloseable {

    /** How long the owner spins for a copy in progress on the copier before it parks. */
    private static final long SPIN_NANOS = 100_000;

    /** The ring is sized to about this many bytes of mini-batches: a few milliseconds of a small network's steps. */
    private static final long RING_BYTES = 4 << 20;

    /** At least double buffering; more than this many would add memory and nothing else. */
    private static final int MIN_DEPTH = 2;
    private static final int MAX_DEPTH = 64;

    private final Dataset data;
    private final Thread thread;
    private final Thread owner;

    // The epoch: written by the owner before the volatile write of epoch, read by the copier after it.
    private int[] order;
    private int count;
    private int m;
    private MiniBatch[] ring;
    private MiniBatch last;
    /** The sequence number of the epoch's mini-batch 0. */
    private long base;
    private Throwable failure;
    private long failedAt = -1;

    private volatile int epoch;
    /** The sequence number of the next mini-batch nobody has claimed to copy. */
    private final AtomicLong claimed = new AtomicLong();
    /**
     * Held by whichever thread is claiming and copying a mini-batch: one copy at a time, as without a prefetcher,
     * because a dataset need not be safe for two (an augmented one reuses its scratch images).
     */
    private final AtomicBoolean copyingNow = new AtomicBoolean();
    /** Per storage (the ring's, then the last one), the sequence number + 1 of the mini-batch copied into it. */
    private AtomicLongArray ready = new AtomicLongArray(0);
    /** Mini-batches of this epoch whose step is done; written by the owner. */
    private volatile int released;
    /** The sequence number the owner is parked for, or MAX_VALUE. */
    private volatile long ownerWaitsFor = Long.MAX_VALUE;
    /** The value of {@link #released} the parked copier waits for, or MAX_VALUE. */
    private volatile int copierWaitsFor = Integer.MAX_VALUE;
    private volatile boolean copying;
    private volatile boolean closed;

    /**
     * Starts the copying thread, a daemon named {@code nn-prefetch}, for the calling thread to drive.
     *
     * @param data the dataset every epoch copies from; its {@link Dataset#copyBatch} runs on that thread, or on
     *             the owner's for a mini-batch the copier has not reached
     */
    public BatchPrefetcher(Dataset data) {
        this.data = data;
        this.owner = Thread.currentThread();
        this.thread = new Thread(this::run, "nn-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * How many mini-batches of full size the ring should hold: about {@link #RING_BYTES} of them, at least 2.
     *
     * @param bytesPerMiniBatch the storage of one full mini-batch, inputs and targets
     * @return the ring's length for {@link #startEpoch}
     */
    public static int depth(long bytesPerMiniBatch) {
        long depth = RING_BYTES / Math.max(1, bytesPerMiniBatch);
        return (int) Math.max(MIN_DEPTH, Math.min(MAX_DEPTH, depth));
    }

    /**
     * Starts copying an epoch's mini-batches: mini-batch k is examples {@code order[k·m .. k·m + its size)}, into
     * {@code ring[k % ring.length]}, or into {@code last} for the last one when it is shorter.
     *
     * @param order       example indices, the epoch's permutation; must not change until the epoch's last
     *                    {@link #take}
     * @param miniBatches the epoch's number of mini-batches
     * @param m           the mini-batch size
     * @param ring        storage of full size, at least 2; none of it may be touched but through {@link #take}
     * @param last        storage for a shorter last mini-batch, or null when the last one is full
     * @throws IllegalStateException if the prefetcher is closed, or the previous epoch was not released to its end
     */
    public void startEpoch(int[] order, int miniBatches, int m, MiniBatch[] ring, MiniBatch last) {
        if (closed) {
            throw new IllegalStateException("the prefetcher is closed: start an epoch before close()");
        }
        if (released < count) {
            throw new IllegalStateException("the previous epoch's mini-batches were not all released");
        }
        if (ring.length < MIN_DEPTH) {
            throw new IllegalArgumentException("a ring of at least " + MIN_DEPTH + " mini-batches: got " + ring.length);
        }
        while (copying) { // the copier has found the last mini-batch claimed and is about to say so
            LockSupport.parkNanos(this, 10_000);
        }
        base += count;
        this.order = order;
        this.count = miniBatches;
        this.m = m;
        if (ring != this.ring || last != this.last) {
            this.ready = new AtomicLongArray(ring.length + 1);
        }
        this.ring = ring;
        this.last = last;
        released = 0;
        copying = miniBatches > 0;
        epoch++;
        LockSupport.unpark(thread);
    }

    /**
     * Returns mini-batch {@code k} of the epoch once it is copied: by the copier, or here when the copier has not
     * reached it yet. Call for k = 0, 1, … in turn, each after {@link #release} of the one before.
     *
     * @param k the mini-batch, from 0
     * @return its storage, holding its examples, until {@link #release}
     * @throws RuntimeException or {@link Error} its copy's own failure (e.g. a dataset that rejects an index)
     */
    public MiniBatch take(int k) {
        long sequence = base + k;
        int slot = slotIndex(k);
        if (ready.get(slot) != sequence + 1) {
            if (copyingNow.compareAndSet(false, true)) {
                boolean mine = claimed.compareAndSet(sequence, sequence + 1);
                try {
                    if (mine) {
                        // Its storage is free: k - 1 is released, and the copier never claims past k - 1 + depth.
                        slot(k).fill(data, order, k * m);
                        ready.set(slot, sequence + 1);
                    }
                } finally {
                    copyingNow.set(false);
                }
                if (mine) {
                    return slot(k);
                }
            }
            awaitCopy(sequence, slot); // the copier holds it: it is copying k, or about to claim it
        }
        if (failedAt == sequence) {
            Throwable f = failure;
            if (f instanceof RuntimeException) {
                throw (RuntimeException) f;
            }
            if (f instanceof Error) {
                throw (Error) f;
            }
            throw new IllegalStateException("copying a mini-batch failed", f);
        }
        return slot(k);
    }

    /**
     * The step on mini-batch {@code k} is done: its storage may take a later mini-batch.
     *
     * @param k the mini-batch last {@link #take}n
     */
    public void release(int k) {
        released = k + 1;
        if (k + 1 >= copierWaitsFor) {
            LockSupport.unpark(thread);
        }
    }

    /** Stops the copies of the epoch in flight, waits for the one in progress, and ends the thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        while (copying && thread.isAlive()) {
            LockSupport.parkNanos(this, 10_000);
        }
    }

    /** The copier claimed it and is copying it now: spin for the few microseconds a copy takes, then park. */
    private void awaitCopy(long sequence, int slot) {
        ownerWaitsFor = sequence;
        long start = System.nanoTime();
        while (ready.get(slot) != sequence + 1) {
            if (closed) {
                throw new IllegalStateException("the prefetcher is closed");
            }
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        ownerWaitsFor = Long.MAX_VALUE;
    }

    private int slotIndex(int k) {
        return k == count - 1 && last != null ? ring.length : k % ring.length;
    }

    private MiniBatch slot(int k) {
        return k == count - 1 && last != null ? last : ring[k % ring.length];
    }

    private void run() {
        int served = 0;
        while (true) {
            while (epoch == served && !closed) {
                LockSupport.park(this);
            }
            if (closed) {
                copying = false;
                return;
            }
            served = epoch;
            copyEpoch();
            copying = false;
            LockSupport.unpark(owner);
        }
    }

    private void copyEpoch() {
        int depth = ring.length;
        while (true) {
            long sequence = claimed.get();
            int k = (int) (sequence - base);
            if (k >= count || !waitForSpace(k, depth)) {
                return;
            }
            while (!copyingNow.compareAndSet(false, true)) {
                Thread.onSpinWait(); // the owner is copying one itself: a few microseconds
            }
            if (!claimed.compareAndSet(sequence, sequence + 1)) {
                copyingNow.set(false);
                continue; // the owner copied it itself
            }
            int slot = slotIndex(k);
            try {
                slot(k).fill(data, order, k * m);
            } catch (Throwable t) { // handed to the owner, who rethrows it from take(k)
                failure = t;
                failedAt = sequence;
                claimed.set(base + count); // nothing more is copied, by either side
                ready.set(slot, sequence + 1);
                copyingNow.set(false);
                LockSupport.unpark(owner);
                return;
            }
            ready.set(slot, sequence + 1);
            copyingNow.set(false);
            if (ownerWaitsFor == sequence) {
                LockSupport.unpark(owner);
            }
        }
    }

    /**
     * Waits until mini-batch k's storage is free (the step on k − depth is done); when it is not, parks until half
     * the ring is free, so the owner wakes this thread once per half ring rather than once per step.
     */
    private boolean waitForSpace(int k, int depth) {
        int need = k - depth + 1;
        if (released >= need) {
            return !closed;
        }
        int resumeAt = need + (depth - 1) / 2;
        copierWaitsFor = resumeAt;
        while (released < resumeAt && claimed.get() - base == k) {
            if (closed) {
                return false;
            }
            LockSupport.park(this);
        }
        copierWaitsFor = Integer.MAX_VALUE;
        return !closed;
    }
}
