package nn.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The batched engine's elementwise steps, written once in Java on {@link BlasMatrix} entries, so in every
 * {@link Precision}: bias broadcast, σ and σ′ ({@link Activation}), the output error ({@link Cost}), row sums and
 * the vector update {@code y ← y + α·x}. A {@link Blas} backend runs them through one of these: on the calling
 * thread ({@link #SINGLE_THREADED}), or in column panels on several threads ({@link #onThreads}) when its products
 * use several cores, so that σ does not run on one core while the products run on two.
 *
 * <p>Splitting by columns changes no result: every entry is computed by the same formula whichever thread
 * computes it, and row sums are not split. An instance on several threads serves one step at a time (calls from
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
     * How long the calling thread spins for the workers before it parks: about what a panel of a large layer
     * takes, so it rarely parks. Workers do not spin for the next step: steps are separated by products that
     * need every core, and a spinning worker would take one from them.
     */
    private static final long SPIN_NANOS = 50_000;

    private static final Map<List<Integer>, Elementwise> SHARED = new ConcurrentHashMap<>();

    private enum Step { BROADCAST, ACTIVATE, DERIVATIVE, OUTPUT_ERROR, AXPY }

    private final int threads;
    private final int minParallelEntries;
    private final Thread[] workers;

    // The step in flight: written by the caller before the volatile write of generation, read by workers after.
    private Step step;
    private Activation activation;
    private Cost cost;
    private double alpha;
    private BlasMatrix m0;
    private BlasMatrix m1;
    private BlasMatrix m2;
    private BlasMatrix m3;
    private BlasMatrix m4;
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

    /** The number of threads a large step uses. */
    public int threads() {
        return threads;
    }

    /** Sets every column of {@code m} to {@code column} (an {@code m.rows × 1} matrix): the b 1ᵀ of Z = W A + b 1ᵀ. */
    public void broadcastColumns(BlasMatrix column, BlasMatrix m) {
        checkShape(column, m.rows, 1, "the broadcast column");
        run(Step.BROADCAST, null, null, 0, column, m, null, null, null);
    }

    /** {@code a = σ(z)}. */
    public void activate(Activation f, BlasMatrix z, BlasMatrix a) {
        checkShape(a, z.rows, z.columns, "σ(z)");
        run(Step.ACTIVATE, f, null, 0, z, a, null, null, null);
    }

    /** {@code d ⊙= σ′(z)}, with {@code a = σ(z)} already computed. */
    public void multiplyByDerivative(Activation f, BlasMatrix z, BlasMatrix a, BlasMatrix d) {
        checkShape(a, z.rows, z.columns, "σ(z)");
        checkShape(d, z.rows, z.columns, "the error");
        run(Step.DERIVATIVE, f, null, 0, z, a, d, null, null);
    }

    /** The output error δ^L of {@code cost} into {@code delta} (BP1). */
    public void outputError(Cost cost, Activation output, BlasMatrix z, BlasMatrix a, BlasMatrix y,
                            BlasMatrix delta) {
        checkShape(a, z.rows, z.columns, "σ(z)");
        checkShape(y, z.rows, z.columns, "the targets");
        checkShape(delta, z.rows, z.columns, "the error");
        run(Step.OUTPUT_ERROR, output, cost, 0, z, a, y, delta, null);
    }

    /**
     * {@code y ← y + α·x}, entry by entry, e.g. the bias step {@code b → b − (η/m) ∇b}.
     *
     * @throws IllegalArgumentException if the shapes differ
     */
    public void axpy(double alpha, BlasMatrix x, BlasMatrix y) {
        checkShape(y, x.rows, x.columns, "y");
        run(Step.AXPY, null, null, alpha, x, y, null, null, null);
    }

    /**
     * Sums each row of {@code m} into {@code sums} ({@code m.rows × 1}): the Δ 1 of BP3. Walks memory in
     * column-major order, adding each column to the running sums, so partial sums are held in the storage's
     * precision (as BLAS's own {@code gemv} would), on the calling thread.
     */
    public void rowSums(BlasMatrix m, BlasMatrix sums) {
        checkShape(sums, m.rows, 1, "the row sums");
        int rows = m.rows;
        for (int r = 0; r < rows; r++) {
            sums.set(r, 0.0);
        }
        for (int c = 0, offset = 0; c < m.columns; c++, offset += rows) {
            for (int r = 0; r < rows; r++) {
                sums.set(r, sums.get(r) + m.get(offset + r));
            }
        }
    }

    private void run(Step s, Activation f, Cost c, double a, BlasMatrix x0, BlasMatrix x1, BlasMatrix x2,
                     BlasMatrix x3, BlasMatrix x4) {
        BlasMatrix largest = x1;
        int n = largest.columns;
        if (threads == 1 || (long) largest.rows * n < minParallelEntries || n < threads) {
            apply(s, f, c, a, x0, x1, x2, x3, x4, 0, n);
            return;
        }
        synchronized (this) {
            step = s;
            activation = f;
            cost = c;
            alpha = a;
            m0 = x0;
            m1 = x1;
            m2 = x2;
            m3 = x3;
            m4 = x4;
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
                apply(s, f, c, a, x0, x1, x2, x3, x4, 0, panelEnd(0, n));
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
            m0 = m1 = m2 = m3 = m4 = null;
            activation = null;
            cost = null;
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

    private static void apply(Step s, Activation f, Cost c, double alpha, BlasMatrix x0, BlasMatrix x1,
                              BlasMatrix x2, BlasMatrix x3, BlasMatrix x4, int from, int to) {
        switch (s) {
            case BROADCAST:
                for (int col = from; col < to; col++) {
                    for (int r = 0, offset = col * x1.rows; r < x1.rows; r++) {
                        x1.set(offset + r, x0.get(r));
                    }
                }
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
            case AXPY:
                for (int i = from * x1.rows, end = to * x1.rows; i < end; i++) {
                    x1.set(i, x1.get(i) + alpha * x0.get(i));
                }
                break;
            default:
                throw new AssertionError(s);
        }
    }

    private void work(int panel) {
        long seen = 0;
        while (true) {
            while (generation == seen) {
                LockSupport.park(this);
            }
            seen = generation;
            try {
                int n = columns;
                apply(step, activation, cost, alpha, m0, m1, m2, m3, m4, panelEnd(panel - 1, n), panelEnd(panel, n));
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
