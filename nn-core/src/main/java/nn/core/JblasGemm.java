package nn.core;

import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * {@link Gemm} through jblas's {@code NativeBlas.dgemm}, which takes the transpose flags jblas's API hides. Calls
 * hold {@link JblasNatives#LOCK}: jblas's OpenBLAS is not safe to enter from two threads at once.
 */
final class JblasGemm implements Gemm {

    static final JblasGemm INSTANCE = new JblasGemm();

    private JblasGemm() {
        JblasNatives.ensureLoaded();
    }

    @Override
    public void gemm(boolean transposeA, boolean transposeB, double alpha, DoubleMatrix a, DoubleMatrix b,
                     double beta, DoubleMatrix c) {
        Gemm.checkShapes(transposeA, transposeB, a, b, c);
        int k = transposeA ? a.rows : a.columns;
        synchronized (JblasNatives.LOCK) {
            NativeBlas.dgemm(transposeA ? 'T' : 'N', transposeB ? 'T' : 'N', c.rows, c.columns, k,
                    alpha, a.data, 0, a.rows, b.data, 0, b.rows, beta, c.data, 0, c.rows);
        }
    }

    @Override
    public String name() {
        return "jblas";
    }
}
