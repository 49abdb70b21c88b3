package nn.core;

import java.util.concurrent.locks.LockSupport;
import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * {@link Gemm} on several cores: jblas's OpenBLAS is single-threaded, so a large product is cut into column
 * panels of C, {@code C[:, j0:j1] ← α·op(A)·op(B)[:, j0:j1] + β·C[:, j0:j1]}, computed at the same time, one
 * per thread. Each column of C is computed by the same kernel, over the same k, in the same order as one call
 * would, so the result matches {@link JblasGemm}'s (the tests check it to 1e-12 relative).
 *
 * <p>jblas hands arrays to native code with JNI's {@code GetDoubleArrayElements}, which on HotSpot copies the
 * whole array in and, for C, the whole array back out. Two threads writing into the same C array through JNI
 * would each write back the other's panel with stale values, so no native call ever gets C: every thread,
 * the caller included, computes its panel in a private buffer and copies it into C itself with
 * {@code System.arraycopy} (column panels are contiguous in jblas's column-major storage). That also halves
 * the JNI copying of C that one call would do, and runs it on both cores. Buffers grow to the largest panel
 * seen and are then reused: a steady training loop allocates nothing here.
 *
 * <p>Products smaller than {@link #minWork} multiply-adds go to one plain jblas call, where handing work to
 * another thread costs more than it saves. Calls are serialised (the method is synchronised), so one instance
 * may be shared; the worker threads are daemons and live as long as the instance.
 */
final class ParallelGemm implements Gemm {

    /**
     * Below this many multiply-adds (m·n·k) one thread is used. A 30×784 by 784×100 product (2.35 M, the first
     * layer of [784, 30, 10] at m = 100) already gains from a second core; a 30×784 by 784×10 one does not.
     */
    static final long DEFAULT_MIN_WORK = 1L << 21;

    /** How long a waiting thread spins before it parks; see {@link Worker#spinUntilTask()}. */
    private static final long SPIN_NANOS = 200_000;

    private final int threads;
    private final long minWork;
    private final Worker[] workers;
    private final Panel callerPanel = new Panel();

    /**
     * @param threads the number of panels and threads, including the caller's, at least 2
     * @param minWork the smallest m·n·k worth splitting
     */
    ParallelGemm(int threads, long minWork) {
        if (threads < 2) {
            throw new IllegalArgumentException("a parallel GEMM needs at least 2 threads, got " + threads);
        }
        JblasNatives.ensureLoaded();
        this.threads = threads;
        this.minWork = minWork;
        this.workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("nn-gemm-" + (i + 1));
        }
    }

    @Override
    public synchronized void gemm(boolean transposeA, boolean transposeB, double alpha, DoubleMatrix a,
                                  DoubleMatrix b, double beta, DoubleMatrix c) {
        Gemm.checkShapes(transposeA, transposeB, a, b, c);
        int k = transposeA ? a.rows : a.columns;
        int panels = Math.min(threads, c.columns);
        if ((long) c.rows * c.columns * k < minWork || panels < 2) {
            JblasGemm.INSTANCE.gemm(transposeA, transposeB, alpha, a, b, beta, c);
            return;
        }
        // Panel p holds columns [p·n/panels, (p+1)·n/panels); panel 0 is the caller's.
        for (int p = 1; p < panels; p++) {
            workers[p - 1].submit(transposeA, transposeB, alpha, a, b, beta, c, k,
                    firstColumn(p, panels, c.columns), firstColumn(p + 1, panels, c.columns));
        }
        RuntimeException failure = null;
        try {
            callerPanel.compute(transposeA, transposeB, alpha, a, b, beta, c, k, 0, firstColumn(1, panels, c.columns));
        } catch (RuntimeException e) {
            failure = e;
        }
        // Wait for every worker even after a failure, so no worker still uses this call's matrices.
        for (int p = 1; p < panels; p++) {
            RuntimeException workerFailure = workers[p - 1].await();
            if (failure == null) {
                failure = workerFailure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String name() {
        return "jblas×" + threads;
    }

    /** The number of threads, the caller's included. */
    int threads() {
        return threads;
    }

    private static int firstColumn(int panel, int panels, int columns) {
        return (int) ((long) panel * columns / panels);
    }

    /** A private buffer for one panel of C, reused from call to call. */
    private static final class Panel {
        private double[] buffer = new double[0];

        /**
         * Computes columns [j0, j1) of C in the buffer and copies them into C. Column j of op(B) starts at B's
         * column j, or at B's row j when B is transposed.
         */
        void compute(boolean transposeA, boolean transposeB, double alpha, DoubleMatrix a, DoubleMatrix b,
                     double beta, DoubleMatrix c, int k, int j0, int j1) {
            int length = (j1 - j0) * c.rows;
            if (buffer.length < length) {
                buffer = new double[length]; // grows to the largest panel, then is reused
            }
            if (beta != 0.0) { // with β = 0 BLAS does not read C, so the copy in can be skipped
                System.arraycopy(c.data, j0 * c.rows, buffer, 0, length);
            }
            int bIndex = transposeB ? j0 : j0 * b.rows;
            NativeBlas.dgemm(transposeA ? 'T' : 'N', transposeB ? 'T' : 'N', c.rows, j1 - j0, k,
                    alpha, a.data, 0, a.rows, b.data, bIndex, b.rows, beta, buffer, 0, c.rows);
            System.arraycopy(buffer, 0, c.data, j0 * c.rows, length);
        }
    }

    /** A thread that computes one panel at a time, handed over with park/unpark. */
    private static final class Worker implements Runnable {
        private final Thread thread;
        private final Panel panel = new Panel();

        // The task: written by the caller before the volatile write of hasTask, read by the worker after it.
        private boolean transposeA;
        private boolean transposeB;
        private double alpha;
        private DoubleMatrix a;
        private DoubleMatrix b;
        private double beta;
        private DoubleMatrix c;
        private int k;
        private int j0;
        private int j1;
        private RuntimeException failure;
        private Thread caller;

        private volatile boolean hasTask;
        private volatile boolean done;

        Worker(String name) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            thread.start();
        }

        void submit(boolean transposeA, boolean transposeB, double alpha, DoubleMatrix a, DoubleMatrix b,
                    double beta, DoubleMatrix c, int k, int j0, int j1) {
            this.transposeA = transposeA;
            this.transposeB = transposeB;
            this.alpha = alpha;
            this.a = a;
            this.b = b;
            this.beta = beta;
            this.c = c;
            this.k = k;
            this.j0 = j0;
            this.j1 = j1;
            this.failure = null;
            this.caller = Thread.currentThread();
            done = false;
            hasTask = true;
            LockSupport.unpark(thread);
        }

        /**
         * Spins for up to {@link #SPIN_NANOS} waiting for a task: the products of one mini-batch come a few
         * hundred microseconds apart, and a parked thread can take far longer than that to be woken.
         */
        private boolean spinUntilTask() {
            long start = System.nanoTime();
            while (!hasTask) {
                if (System.nanoTime() - start > SPIN_NANOS) {
                    return false;
                }
                Thread.onSpinWait();
            }
            return true;
        }

        @Override
        public void run() {
            while (true) {
                while (!hasTask) {
                    if (!spinUntilTask()) {
                        LockSupport.park(this);
                    }
                }
                hasTask = false;
                try {
                    panel.compute(transposeA, transposeB, alpha, a, b, beta, c, k, j0, j1);
                } catch (RuntimeException e) {
                    failure = e;
                } catch (Error e) { // the caller must hear of it, not wait for ever
                    failure = new IllegalStateException("GEMM worker " + thread.getName() + " failed", e);
                }
                done = true;
                LockSupport.unpark(caller);
            }
        }

        /** Waits until the panel is in C and returns the worker's failure, if any. */
        RuntimeException await() {
            long start = System.nanoTime();
            while (!done) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            RuntimeException result = failure;
            a = null; // do not keep the caller's matrices alive between calls
            b = null;
            c = null;
            return result;
        }
    }
}
