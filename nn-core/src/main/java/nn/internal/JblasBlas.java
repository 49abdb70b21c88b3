package nn.internal;

import java.nio.DoubleBuffer;
import java.util.Locale;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Precision;
import org.jblas.NativeBlas;

/**
 * {@link Blas} on jblas, float64 only: matrices are ordinary {@code double[]} arrays on the Java heap, so a
 * network's weights are used in place, and products go through jblas's single-threaded OpenBLAS
 * ({@code NativeBlas.dgemm}, which takes the transpose flags jblas's matrix API hides). Products hold
 * {@link JblasNatives#LOCK}: jblas's OpenBLAS is not safe to enter from two threads at once.
 */
public final class JblasBlas implements Blas {

    static final String NAME = "jblas";
    private JblasBlas() {
    }

    /**
     * The only instance, after loading jblas's native library ({@link JblasNatives#ensureLoaded()}).
     *
     * @return the jblas backend
     * @throws nn.backend.NativeLibraryException saying why, each time it is called, when the library does not load
     */
    public static JblasBlas instance() {
        // Loaded before the holder class initialises: a failure inside a class initialiser would reach the caller as
        // an ExceptionInInitializerError once and a bare NoClassDefFoundError on every later call.
        JblasNatives.ensureLoaded();
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final JblasBlas INSTANCE = new JblasBlas();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        String kernels = kernels(OpenBlasCoreType.detect());
        return String.format(Locale.ROOT, "jblas (%s), float64", kernels);
    }

    @Override
    public Precision precision() {
        return Precision.FLOAT64;
    }

    /**
     * {@inheritDoc}
     *
     * <p>jblas cannot: its OpenBLAS is single-threaded, and splitting a product across threads would mean
     * calling it from two threads at once, which it does not survive (see {@link JblasNatives}).
     */
    @Override
    public Blas withThreads(int threads) {
        if (threads > 1) {
            throw new UnsupportedOperationException("jblas cannot use " + threads + " threads: its bundled"
                    + " OpenBLAS is single-threaded and computes wrong results when two threads call it at once."
                    + " Put nn-openblas on the class path (Blas.byName(\"openblas\")) to use several cores");
        }
        return Blas.super.withThreads(threads);
    }

    @Override
    public BlasMatrix allocate(int rows, int columns) {
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("a matrix cannot be " + rows + "×" + columns);
        }
        return wrap(rows, columns, new double[Math.multiplyExact(rows, columns)]);
    }

    /** {@inheritDoc} On jblas: {@code heap} itself. */
    @Override
    public BlasMatrix mirror(int rows, int columns, double[] heap) {
        if (heap.length != (long) rows * columns) {
            throw new IllegalArgumentException(heap.length + " values do not make a " + rows + "×" + columns
                    + " matrix");
        }
        return wrap(rows, columns, heap);
    }

    private static BlasMatrix wrap(int rows, int columns, double[] data) {
        return BlasMatrix.ofDoubles(rows, columns, DoubleBuffer.wrap(data), data);
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, double alpha, BlasMatrix a, BlasMatrix b, double beta,
                     BlasMatrix c) {
        Blas.checkGemm(Precision.FLOAT64, transposeA, transposeB, a, b, c);
        int k = transposeA ? a.rows : a.columns;
        double[] as = a.handle(double[].class, NAME);
        double[] bs = b.handle(double[].class, NAME);
        double[] cs = c.handle(double[].class, NAME);
        synchronized (JblasNatives.LOCK) {
            // Leading dimensions of at least 1: BLAS rejects 0 even for empty operands.
            NativeBlas.dgemm(transposeA ? 'T' : 'N', transposeB ? 'T' : 'N', c.rows, c.columns, k,
                    alpha, as, 0, Math.max(1, a.rows), bs, 0, Math.max(1, b.rows), beta, cs, 0, Math.max(1, c.rows));
        }
    }

    /**
     * Which kernels jblas's bundled OpenBLAS runs, as far as can be told from outside: it reads
     * {@value OpenBlasCoreType#VARIABLE} when it loads, and falls back to generic kernels on CPUs it misdetects.
     */
    static String kernels(OpenBlasCoreType.Finding finding) {
        if (finding.isSet()) {
            return "OpenBLAS 2020, " + OpenBlasCoreType.VARIABLE + "=" + finding.current();
        }
        if (finding.needsFix()) {
            return "OpenBLAS 2020, generic kernels: set " + OpenBlasCoreType.VARIABLE + "=" + finding.recommended();
        }
        return "OpenBLAS 2020, kernels of its own choice";
    }

    @Override
    public String toString() {
        return NAME;
    }
}
