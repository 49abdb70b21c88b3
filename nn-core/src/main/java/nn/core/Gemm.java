package nn.core;

import org.jblas.DoubleMatrix;

/**
 * General matrix multiply on jblas matrices, {@code C ← α·op(A)·op(B) + β·C}, where op(X) is X or Xᵀ: what
 * {@link Blas#jblas()} runs. The engine's seam is {@link Blas}, which also owns the matrices' storage; this
 * interface is its jblas side.
 */
public interface Gemm {

    /**
     * {@code c ← alpha·op(a)·op(b) + beta·c}.
     *
     * @throws IllegalArgumentException if the shapes do not fit or {@code c} is the same matrix as an input
     */
    void gemm(boolean transposeA, boolean transposeB, double alpha, DoubleMatrix a, DoubleMatrix b, double beta,
              DoubleMatrix c);

    /** A short name for logs, e.g. {@code "jblas"}. */
    String name();

    /** jblas's bundled OpenBLAS. */
    static Gemm jblas() {
        return JblasGemm.INSTANCE;
    }

    /** Checks shapes and aliasing for {@link #gemm}; shared by every implementation. */
    static void checkShapes(boolean transposeA, boolean transposeB, DoubleMatrix a, DoubleMatrix b,
                            DoubleMatrix c) {
        GemmShapes.check(transposeA, transposeB, a.rows, a.columns, b.rows, b.columns, c.rows, c.columns);
        if (c == a || c == b) {
            throw new IllegalArgumentException("gemm output C must not be one of its inputs");
        }
    }
}
