package nn.internal;

import java.util.concurrent.locks.LockSupport;
import nn.data.Dataset;

/**
 * Copies the next mini-batch's examples into its {@link MiniBatch} on a second thread while the current step
 * runs. Gathering m shuffled examples from a training set of hundreds of megabytes misses the caches on every
 * example: 18% of a [784,30,10] epoch on OpenBLAS (JMH's stack profile), on the caller's thread, while the
 * second core sat idle during the step's single-threaded small products.
 *
 * <p>One copy is in flight at a time: {@link #request} starts it, {@link #await} waits for it and rethrows
 * its failure. The hand-over spins briefly before parking, because steps of a small network take tens of
 * microseconds and waking a parked thread can take as long; a thread that finds no work within the spin
 * parks, so during long steps (large networks whose products use both cores) it takes no CPU from them.
 * The volatile hand-over orders the dataset reads and matrix writes of a copy before {@link #await}'s return.
 * Not thread-safe: one training loop drives it.
 */
public final class BatchPrefetcher implements AutoCloseable {

    /** How long either side spins before it parks: longer than a small network's step. */
    private static final long SPIN_NANOS = 100_000;

    private final Dataset data;
    private final Thread thread;

    // The request: written by the owner before the volatile write of requested, read by the copier after it.
    private int[] order;
    private int from;
    private MiniBatch into;
    private Thread owner;
    private Throwable failure;

    /** Whether a request has not been awaited yet; only the owner reads and writes it. */
    private boolean inFlight;

    private volatile boolean requested;
    private volatile boolean done = true;
    private volatile boolean closed;

    /**
     * Starts the copying thread, a daemon named {@code nn-prefetch}.
     *
     * @param data the dataset every request copies from; its {@link Dataset#copyBatch} runs on that thread
     */
    public BatchPrefetcher(Dataset data) {
        this.data = data;
        this.thread = new Thread(this::run, "nn-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Starts copying examples {@code order[from .. from + into.size())} into {@code into}.
     *
     * @param order example indices, typically the epoch's shuffled permutation; must not change until
     *              {@link #await}
     * @param from  the position in {@code order} of the first example
     * @param into  the mini-batch to fill; must not be read or written until {@link #await}
     * @throws IllegalStateException if the prefetcher is closed (its thread has ended, so nothing would copy), or
     *                               if the previous request has not been awaited
     */
    public void request(int[] order, int from, MiniBatch into) {
        if (closed) {
            throw new IllegalStateException("the prefetcher is closed: request a mini-batch before close()");
        }
        if (inFlight) {
            throw new IllegalStateException("a mini-batch was requested and not awaited");
        }
        inFlight = true;
        this.order = order;
        this.from = from;
        this.into = into;
        this.owner = Thread.currentThread();
        this.failure = null;
        done = false;
        requested = true;
        LockSupport.unpark(thread);
    }

    /**
     * Waits until the requested mini-batch is in place. After {@link #close} it returns at once, since close has
     * already waited for any copy in flight.
     *
     * @throws RuntimeException or {@link Error} the copy's own failure (e.g. a dataset that rejects an index)
     */
    public void await() {
        long start = System.nanoTime();
        while (!done) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
        inFlight = false;
        into = null;
        order = null;
        Throwable f = failure;
        if (f instanceof RuntimeException) {
            throw (RuntimeException) f;
        }
        if (f instanceof Error) {
            throw (Error) f;
        }
        if (f != null) {
            throw new IllegalStateException("copying a mini-batch failed", f);
        }
    }

    /** Waits for a copy still in flight, discarding its outcome, and ends the thread. */
    @Override
    public void close() {
        while (!done) {
            LockSupport.parkNanos(this, 10_000);
        }
        closed = true;
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            if (!waitForRequest()) {
                continue;
            }
            requested = false;
            try {
                into.fill(data, order, from);
            } catch (Throwable t) { // handed to the owner, who rethrows it from await()
                failure = t;
            }
            done = true;
            LockSupport.unpark(owner);
        }
    }

    /** Spins, then parks, until there is a request or the prefetcher is closed; true for a request. */
    private boolean waitForRequest() {
        long start = System.nanoTime();
        while (!requested) {
            if (closed) {
                return false;
            }
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
                start = System.nanoTime();
            }
        }
        return true;
    }
}
