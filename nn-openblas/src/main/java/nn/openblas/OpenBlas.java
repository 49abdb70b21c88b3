package nn.openblas;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasColMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasTrans;

import java.nio.Buffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Locale;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Elementwise;
import nn.backend.Precision;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * {@link Blas} on OpenBLAS 0.3.31 through JavaCPP, with every matrix in native memory, in float64
 * ({@code dgemm}, the default) or float32 ({@code sgemm}, {@link #withPrecision}).
 *
 * <p>JavaCPP's array overloads copy each array in and out on every call (JNI's
 * {@code Get<Type>ArrayElements}), which for a 30×784 weight matrix costs more than the product itself; so
 * matrices are {@link DoublePointer}s or {@link FloatPointer}s, handed over as pointers, and Java code reads and
 * writes them through the pointer's direct buffer. A network's heap weights are copied in once per training
 * session and back on {@link nn.internal.TrainingSession#sync()}.
 *
 * <p>OpenBLAS threads itself. At the products of a small network's mini-batch a second thread costs more in
 * hand-over than it saves, so each call runs on one thread below {@link #TWO_THREAD_MIN_WORK} multiply-adds and
 * on every core above (see nn-bench/README.md for the measurement). The elementwise steps follow the products:
 * on a backend that uses several threads they run in column panels on as many ({@link Elementwise#onThreads}).
 * This class is what
 * {@code META-INF/services/nn.backend.Blas} registers: its constructor throws when the native library does not
 * load on this platform, and nn-core then falls back to jblas.
 *
 * <p>Calls may come from several threads at once (this OpenBLAS is built for threads and locks its buffers),
 * but the thread count is process-wide state of OpenBLAS, set before each call: concurrent calls from
 * backends with different counts may run on the other's count. The results agree to rounding either way.
 */
public final class OpenBlas implements Blas {

    /** The name on the command line. */
    public static final String NAME = "openblas";

    /**
     * From this many multiply-adds (m·n·k) on, a product runs on every core. Measured on a 2-core Zen 4
     * ({@code OpenBlasThreadsBenchmark}, nn-bench/README.md): a second thread gains nothing at 30×784×10 (235 k,
     * the first layer of [784,30,10] at m = 10) or 100×784×10 (784 k), and 1.6–1.7× from 10×800×128 (1.02 M)
     * up to 800×784×128.
     */
    static final long TWO_THREAD_MIN_WORK = 1_000_000;

    private final int threads;
    private final long twoThreadMinWork;
    private final Precision precision;
    private final Elementwise elementwise;
    private final String core;

    /**
     * Loads OpenBLAS.
     *
     * @throws UnsatisfiedLinkError when its native library does not load on this platform
     */
    public OpenBlas() {
        this(TWO_THREAD_MIN_WORK, Runtime.getRuntime().availableProcessors(), Precision.FLOAT64, null);
    }

    /**
     * @param elementwise the kernels to share with a backend of the same threads, or null for new ones: their
     *                    worker threads live as long as the process, so derived backends reuse them
     */
    private OpenBlas(long twoThreadMinWork, int threads, Precision precision, Elementwise elementwise) {
        OpenBlasNatives.load();
        this.twoThreadMinWork = twoThreadMinWork;
        this.threads = Math.max(1, threads);
        this.precision = precision;
        this.elementwise = elementwise != null ? elementwise
                : twoThreadMinWork == Long.MAX_VALUE ? Elementwise.SINGLE_THREADED
                : Elementwise.onThreads(this.threads, Elementwise.DEFAULT_MIN_PARALLEL_ENTRIES);
        this.core = OpenBlasNatives.coreName();
        OpenBlasNatives.useThreads(1);
    }

    /**
     * A backend that runs products of at least {@code minWork} multiply-adds on every core and smaller ones on
     * one: 0 for always every core, {@link Long#MAX_VALUE} for always one. For measuring the threshold.
     *
     * @param minWork the fewest multiply-adds (m·n·k) a product must have to run on every core; 0 or more
     * @return a float64 backend using every available processor for products from {@code minWork} on, and for
     *         its elementwise steps unless {@code minWork} is {@link Long#MAX_VALUE}
     * @throws UnsatisfiedLinkError when OpenBLAS's native library does not load on this platform
     */
    public static OpenBlas withAllCoresFrom(long minWork) {
        return new OpenBlas(minWork, Runtime.getRuntime().availableProcessors(), Precision.FLOAT64, null);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Products from {@link #TWO_THREAD_MIN_WORK} multiply-adds on run on {@code threads} threads, smaller
     * ones on one. More threads than the machine has cores are not used: OpenBLAS's threads spin while they
     * wait for each other, which goes badly when two share a core.
     */
    @Override
    public OpenBlas withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        int usable = Math.min(threads, Runtime.getRuntime().availableProcessors());
        long minWork = usable == 1 ? Long.MAX_VALUE : TWO_THREAD_MIN_WORK;
        if (usable == this.threads && minWork == twoThreadMinWork) {
            return this;
        }
        return new OpenBlas(minWork, usable, precision, null);
    }

    /** {@inheritDoc} OpenBLAS has both: {@code dgemm} for float64 and {@code sgemm} for float32. */
    @Override
    public OpenBlas withPrecision(Precision precision) {
        if (precision == this.precision) {
            return this;
        }
        return new OpenBlas(twoThreadMinWork, threads, precision, elementwise);
    }

    @Override
    public Precision precision() {
        return precision;
    }

    /** {@inheritDoc} In column panels on as many threads as the large products use. */
    @Override
    public Elementwise elementwise() {
        return elementwise;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** E.g. {@code OpenBLAS 0.3.31 (SKYLAKEX), float32, 1 thread, 2 for products from 1000000 multiply-adds}. */
    @Override
    public String description() {
        String use = threads == 1 || twoThreadMinWork == Long.MAX_VALUE ? "1 thread"
                : twoThreadMinWork == 0 ? threads + " threads"
                : "1 thread, " + threads + " for products from " + twoThreadMinWork + " multiply-adds";
        return String.format(Locale.ROOT, "OpenBLAS %s (%s), %s, %s", OpenBlasNatives.version(), core, precision,
                use);
    }

    /** {@return the name of the kernels OpenBLAS chose for this CPU, e.g. {@code SKYLAKEX}} */
    public String coreName() {
        return core;
    }

    @Override
    public BlasMatrix allocate(int rows, int columns) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("a matrix cannot be " + rows + "×" + columns);
        }
        // At least one entry: JavaCPP gives a null pointer for zero, and BLAS needs a valid address anyway.
        long length = Math.max(1, (long) rows * columns);
        if (precision == Precision.FLOAT32) {
            FloatPointer pointer = new FloatPointer(length);
            pointer.zero();
            FloatBuffer buffer = pointer.asBuffer();
            checkOrder(buffer, buffer.order());
            return BlasMatrix.ofFloats(rows, columns, buffer, pointer);
        }
        DoublePointer pointer = new DoublePointer(length);
        pointer.zero();
        DoubleBuffer buffer = pointer.asBuffer();
        checkOrder(buffer, buffer.order());
        return BlasMatrix.ofDoubles(rows, columns, buffer, pointer);
    }

    private static void checkOrder(Buffer buffer, ByteOrder order) {
        if (order != ByteOrder.nativeOrder()) {
            throw new IllegalStateException("JavaCPP gave a " + order + " " + buffer.getClass().getSimpleName()
                    + " on a " + ByteOrder.nativeOrder() + " machine");
        }
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, double alpha, BlasMatrix a, BlasMatrix b, double beta,
                     BlasMatrix c) {
        Blas.checkGemm(precision, transposeA, transposeB, a, b, c);
        int k = transposeA ? a.rows : a.columns;
        if (c.rows == 0 || c.columns == 0) {
            return;
        }
        OpenBlasNatives.useThreads((long) c.rows * c.columns * k >= twoThreadMinWork ? threads : 1);
        int ta = transposeA ? CblasTrans : CblasNoTrans;
        int tb = transposeB ? CblasTrans : CblasNoTrans;
        // Leading dimensions of at least 1: BLAS rejects 0 even for empty operands.
        int lda = Math.max(1, a.rows);
        int ldb = Math.max(1, b.rows);
        int ldc = Math.max(1, c.rows);
        if (precision == Precision.FLOAT32) {
            openblas_nolapack.cblas_sgemm(CblasColMajor, ta, tb, c.rows, c.columns, k, (float) alpha,
                    a.handle(FloatPointer.class, NAME), lda, b.handle(FloatPointer.class, NAME), ldb, (float) beta,
                    c.handle(FloatPointer.class, NAME), ldc);
        } else {
            openblas_nolapack.cblas_dgemm(CblasColMajor, ta, tb, c.rows, c.columns, k, alpha,
                    a.handle(DoublePointer.class, NAME), lda, b.handle(DoublePointer.class, NAME), ldb, beta,
                    c.handle(DoublePointer.class, NAME), ldc);
        }
    }

    @Override
    public String toString() {
        return description();
    }
}
