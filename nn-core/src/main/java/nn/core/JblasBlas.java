package nn.core;

import java.util.Locale;
import org.jblas.DoubleMatrix;

/**
 * {@link Blas} on jblas: matrices are ordinary {@link DoubleMatrix} arrays on the Java heap, so a network's
 * weights are used in place, and products go through jblas's single-threaded OpenBLAS ({@link JblasGemm}).
 */
final class JblasBlas implements Blas {

    static final String NAME = "jblas";
    static final JblasBlas INSTANCE = new JblasBlas();

    private final Gemm gemm = Gemm.jblas();

    private JblasBlas() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        String kernels = kernels(OpenBlasCoreType.detect());
        return String.format(Locale.ROOT, "jblas (%s)", kernels);
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
        return BlasMatrix.wrap(new DoubleMatrix(rows, columns));
    }

    @Override
    public BlasMatrix mirror(DoubleMatrix heap) {
        return BlasMatrix.wrap(heap);
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, double alpha, BlasMatrix a, BlasMatrix b, double beta,
                     BlasMatrix c) {
        gemm.gemm(transposeA, transposeB, alpha, a.handle(DoubleMatrix.class, NAME),
                b.handle(DoubleMatrix.class, NAME), beta, c.handle(DoubleMatrix.class, NAME));
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
        return gemm.name();
    }
}
