package nn.backend;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import nn.network.Activation;
import nn.network.Cost;

/**
 * The batched engine's elementwise steps, written once in Java on {@link BlasMatrix} entries, so in every
 * {@link Precision}: σ and σ′ ({@link Activation}) and the output error ({@link Cost}); bias broadcast and row
 * sums are products with a vector of ones, which the backend's GEMM runs. A {@link Blas} backend runs them
 * through one of these: on the calling thread ({@link #SINGLE_THREADED}), or in column panels on several threads
 * ({@link #onThreads}) when its products use several cores, so that σ does not run on one core while the
 * products run on two.
 *
 * <p>Float32 matrices go through float64 copies of a few columns at a time ({@link Float64Stage}): on JDK 17 the
 * formulas ran about three times as slowly on float32 entries directly as on float64 ones (nn-bench/README.md).
 *
 * <p>Splitting by columns changes no result: every entry is computed by the same formula whichever thread
 * computes it. An instance on several threads serves one step at a time (calls from
 * different threads take turns) and hands work over without allocating: the operation and its arguments go into
 * fields, and waiting threads spin briefly, then park.
 */
public final class Elementwise {

    /** Every step on the calling thread. */
    public static final Elementwise SINGLE_THREADED = new Elementwise(1, Integer.MAX_VALUE);

    /**
     * Below this many entries a step runs on the calling thread: handing over costs a few microseconds, about
     * what σ costs on 2,000 entries.
     */
    public static final int DEFAULT_MIN_PARALLEL_ENTRIES = 16_384;

    /**
     * {@link #forEachEntry} splits only ranges this many times the instance's minimum entries. Its kernels (an
     * update, a copy, a mask) cost about a nanosecond an entry, far less than σ's exponential, so waking a worker
     * pays only on large layers. With the default minimum the threshold is 262,144 entries: the default run's
     * 784 × 30 weights (23,520 entries, every step) split in two made its steady epochs 0.5–0.6 s, kept on one
     * thread 0.3–0.4 s (./nn train --seed 1 --epochs 8, epochs 6–8, alternating runs on the 2-core build
     * machine, 2026-12-03), while [784,800,800,10]'s weights, 627,200 and 640,000 entries, still split.
     */
    private static final int KERNEL_ENTRIES_PER_ENTRY = 16;

    /** How long the calling thread spins for the workers before it parks: about a panel of a large layer. */
    private static final long SPIN_NANOS = 50_000;

    /**
     * How long a worker spins for the next step before it parks. Waking a parked thread takes tens of
     * microseconds on a virtual machine, about what σ on a 800 × 128 panel takes; spinning longer takes the core
     * from the products in between, which run on the same cores. Measured on the 2-core build machine with
     * nn-bench's {@code StepBreakdown float32} loop ([784,800,800,10] at m = 128, 391 steps) and this constant
     * edited by hand, one run of each at 16:51: 1.69–1.98 s never spinning, 1.63–1.76 s at 30 µs, 1.93–2.04 s at
     * 200 µs, and 1.83–1.91 s with σ on one thread.
     */
    private static final long WORKER_SPIN_NANOS = 30_000;

    private static final Map<List<Integer>, Elementwise> SHARED = new ConcurrentHashMap<>();

    private enum Step { ACTIVATE, DERIVATIVE, OUTPUT_ERROR, ENTRIES }

    /**
     * Work on entries {@code [from, to)} of one or more matrices of equal length, in column-major order, where
     * each entry's result depends on that entry alone (a parameter update, a copy, a dropout mask applied), so
     * that splitting the range across threads gives the same bits as one thread. Implementations keep their
     * arguments in fields set before {@link #forEachEntry}, so a training step allocates no lambda.
     */
    @FunctionalInterface
    public interface EntryKernel {

        /**
         * Computes entries {@code from} (inclusive) to {@code to} (exclusive).
         *
         * @param from the first entry, from 0
         * @param to   one past the last entry
         */
        void apply(int from, int to);
    }

    private final int threads;
    private final int minParallelEntries;
    private final Thread[] workers;

    // The step in flight: written by the caller before the volatile write of generation, read by workers after.
    private Step step;
    private Activation activation;
    private Cost cost;
    private EntryKernel kernel;
    private BlasMatrix m0;
    private BlasMatrix m1;
    private BlasMatrix m2;
    private BlasMatrix m3;
    private int columns;
    private Thread caller;
    private volatile Throwable failure;

    private volatile long generation;
    private final AtomicInteger pending = new AtomicInteger();

    private Elementwise(int threads, int minParallelEntries) {
        this.threads = threads;
        this.minParallelEntries = minParallelEntries;
        this.workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int panel = w + 1;
            workers[w] = new Thread(() -> work(panel), "nn-elementwise-" + panel);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    /**
     * Steps on {@code threads} threads for matrices of at least {@code minParallelEntries} entries: the caller's
     * and {@code threads − 1} daemon workers. One instance per pair of arguments is made per process and shared
     * (its workers park when idle), so backends derived again and again start no new threads.
     *
     * @param threads            the threads a large step is split across, the caller's included; 1 for
     *                           {@link #SINGLE_THREADED}
     * @param minParallelEntries the fewest entries (rows · columns of σ(z)) a step needs to be split, e.g.
     *                           {@link #DEFAULT_MIN_PARALLEL_ENTRIES}; smaller steps run on the calling thread,
     *                           and {@link #forEachEntry} splits only ranges 16 times as long
     * @return the process's shared instance for those arguments
     * @throws IllegalArgumentException if {@code threads} is less than 1 or {@code minParallelEntries} less than 1
     */
    public static Elementwise onThreads(int threads, int minParallelEntries) {
        if (threads < 1 || minParallelEntries < 1) {
            throw new IllegalArgumentException("need at least 1 thread and 1 entry, got " + threads + " and "
                    + minParallelEntries);
        }
        if (threads == 1) {
            return SINGLE_THREADED;
        }
        return SHARED.computeIfAbsent(List.of(threads, minParallelEntries),
                k -> new Elementwise(threads, minParallelEntries));
    }

    /** {@return the number of threads a large step uses, the caller's included} */
    public int threads() {
        return threads;
    }

    /**
     * {@code a = σ(z)}.
     *
     * @param f the activation σ
     * @param z the weighted inputs, one example per column
     * @param a receives σ(z); the shape of {@code z}, and may be {@code z} itself
     * @throws IllegalArgumentException if {@code a} does not have the shape of {@code z}
     */
    public void activate(Activation f, BlasMatrix z, BlasMatrix a) {
        checkShape(a, z.rows, z.columns, "σ(z)");
        run(Step.ACTIVATE, f, null, z, a, null, null);
    }

    /**
     * {@code d ⊙= σ′(z)}, with {@code a = σ(z)} already computed: the Hadamard product of BP1 and BP2.
     *
     * @param f the activation σ; must be {@link Activation#elementwise()}
     * @param z the weighted inputs, one example per column
     * @param a σ(z), of the shape of {@code z}
     * @param d the error being propagated, of the shape of {@code z}; multiplied in place
     * @throws IllegalArgumentException      if {@code a} or {@code d} does not have the shape of {@code z}
     * @throws UnsupportedOperationException if {@code f} is not elementwise (softmax)
     */
    public void multiplyByDerivative(Activation f, BlasMatrix z, BlasMatrix a, BlasMatrix d) {
        checkShape(a, z.rows, z.columns, "σ(z)");
        checkShape(d, z.rows, z.columns, "the error");
        run(Step.DERIVATIVE, f, null, z, a, d, null);
    }

    /**
     * The output error δ^L of {@code cost} into {@code delta} (BP1).
     *
     * @param cost   the cost C, whose {@link Cost#delta} is computed
     * @param output the output layer's activation σ
     * @param z      the output layer's weighted inputs z^L, one example per column
     * @param a      its activations a^L = σ(z^L), of the shape of {@code z}
     * @param y      the targets, of the shape of {@code z}
     * @param delta  receives δ^L, of the shape of {@code z}
     * @throws IllegalArgumentException if {@code a}, {@code y} or {@code delta} does not have the shape of {@code z}
     */
    public void outputError(Cost cost, Activation output, BlasMatrix z, BlasMatrix a, BlasMatrix y,
                            BlasMatrix delta) {
        checkShape(a, z.rows, z.columns, "σ(z)");
        checkShape(y, z.rows, z.columns, "the targets");
        checkShape(delta, z.rows, z.columns, "the error");
        run(Step.OUTPUT_ERROR, output, cost, z, a, y, delta);
    }

    /**
     * Runs {@code kernel} over entries {@code [0, length)}, split into one range per thread when there are at
     * least 16 times the minimum parallel entries; the results do not depend on the split.
     *
     * @param length the number of entries
     * @param kernel the work, its arguments already in its fields
     * @throws IllegalArgumentException if {@code length} is negative
     */
    public void forEachEntry(int length, EntryKernel kernel) {
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, got " + length);
        }
        if (threads == 1 || length < (long) minParallelEntries * KERNEL_ENTRIES_PER_ENTRY) {
            kernel.apply(0, length);
            return;
        }
        run(Step.ENTRIES, null, null, kernel, null, null, null, null, length);
    }

    private void run(Step s, Activation f, Cost c, BlasMatrix x0, BlasMatrix x1, BlasMatrix x2, BlasMatrix x3) {
        BlasMatrix largest = x1;
        int n = largest.columns;
        if (threads == 1 || (long) largest.rows * n < minParallelEntries || n < threads) {
            apply(s, f, c, null, x0, x1, x2, x3, 0, n);
            return;
        }
        run(s, f, c, null, x0, x1, x2, x3, n);
    }

    /** Hands panels of {@code n} (columns, or entries for {@link Step#ENTRIES}) to the workers and does the first. */
    private void run(Step s, Activation f, Cost c, EntryKernel k, BlasMatrix x0, BlasMatrix x1, BlasMatrix x2,
                     BlasMatrix x3, int n) {
        synchronized (this) {
            step = s;
            activation = f;
            cost = c;
            kernel = k;
            m0 = x0;
            m1 = x1;
            m2 = x2;
            m3 = x3;
            columns = n;
            caller = Thread.currentThread();
            failure = null;
            pending.set(workers.length);
            generation++;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            Throwable own = null;
            try {
                apply(s, f, c, k, x0, x1, x2, x3, 0, panelEnd(0, n));
            } catch (RuntimeException | Error e) {
                own = e;
            }
            long start = System.nanoTime();
            while (pending.get() > 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            m0 = m1 = m2 = m3 = null;
            activation = null;
            cost = null;
            kernel = null;
            Throwable t = own != null ? own : failure;
            if (t instanceof RuntimeException) {
                throw (RuntimeException) t;
            }
            if (t instanceof Error) {
                throw (Error) t;
            }
        }
    }

    /** The end column of panel p of n columns: panels as equal as the columns allow. */
    private int panelEnd(int p, int n) {
        return (int) ((long) n * (p + 1) / threads);
    }

    private static void apply(Step s, Activation f, Cost c, EntryKernel k, BlasMatrix x0, BlasMatrix x1,
                              BlasMatrix x2, BlasMatrix x3, int from, int to) {
        if (s != Step.ENTRIES && x1.precision() == Precision.FLOAT32) {
            applyStaged(s, f, c, x0, x1, x2, x3, from, to);
            return;
        }
        switch (s) {
            case ENTRIES:
                k.apply(from, to);
                break;
            case ACTIVATE:
                f.apply(x0, x1, from, to);
                break;
            case DERIVATIVE:
                f.multiplyByDerivative(x0, x1, x2, from, to);
                break;
            case OUTPUT_ERROR:
                c.delta(x0, x1, x2, f, x3, from, to);
                break;
            default:
                throw new AssertionError(s);
        }
    }

    /**
     * The step on float32 matrices through float64 copies of a few columns at a time ({@link Float64Stage}): the
     * matrices the step reads are widened into the stage, the same formula runs on the stage's float64 views, and
     * the one it writes is rounded back. σ reads z and writes a; σ′ reads z, a and d and writes d; BP1 reads z, a
     * and y and writes δ.
     */
    private static void applyStaged(Step s, Activation f, Cost c, BlasMatrix x0, BlasMatrix x1, BlasMatrix x2,
                                    BlasMatrix x3, int from, int to) {
        int rows = x0.rows;
        Float64Stage.Columns stage = Float64Stage.forRows(rows);
        int out = s == Step.ACTIVATE ? 1 : s == Step.DERIVATIVE ? 2 : 3;
        BlasMatrix written = out == 1 ? x1 : out == 2 ? x2 : x3;
        for (int col = from; col < to; col += stage.width) {
            int k = Math.min(stage.width, to - col);
            int index = col * rows;
            int count = k * rows;
            stage.read(0, x0, index, count);
            if (s != Step.ACTIVATE) {
                stage.read(1, x1, index, count);
                stage.read(2, x2, index, count);
            }
            apply(s, f, c, null, stage.views[0], stage.views[1], stage.views[2], stage.views[3], 0, k);
            stage.write(out, written, index, count);
        }
    }

    private void work(int panel) {
        long seen = 0;
        while (true) {
            long start = System.nanoTime();
            while (generation == seen) {
                if (System.nanoTime() - start < WORKER_SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = generation;
            try {
                int n = columns;
                apply(step, activation, cost, kernel, m0, m1, m2, m3, panelEnd(panel - 1, n), panelEnd(panel, n));
            } catch (Throwable t) { // handed to the caller, who rethrows it
                failure = t;
            }
            Thread waiting = caller;
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(waiting);
            }
        }
    }

    private static void checkShape(BlasMatrix m, int rows, int columns, String what) {
        if (!m.sameShape(rows, columns)) {
            throw new IllegalArgumentException(what + " is a " + m + ", expected " + rows + "×" + columns);
        }
    }
}
