package nn.internal;

import nn.backend.Blas;

/** The shape rule of {@code C ← α·op(A)·op(B) + β·C}, for every {@link Blas} backend. */
public final class GemmShapes {

    private GemmShapes() {
    }

    /**
     * Throws unless op(A) is m×k, op(B) is k×n and C is m×n.
     *
     * @param transposeA whether op(A) is Aᵀ
     * @param transposeB whether op(B) is Bᵀ
     * @param aRows      A's rows, as stored (before op)
     * @param aColumns   A's columns, as stored
     * @param bRows      B's rows, as stored
     * @param bColumns   B's columns, as stored
     * @param cRows      C's rows, which must be m
     * @param cColumns   C's columns, which must be n
     * @throws IllegalArgumentException giving the three shapes, if they do not fit
     */
    public static void check(boolean transposeA, boolean transposeB, int aRows, int aColumns, int bRows, int bColumns,
                      int cRows, int cColumns) {
        int m = transposeA ? aColumns : aRows;
        int k = transposeA ? aRows : aColumns;
        int kb = transposeB ? bColumns : bRows;
        int n = transposeB ? bRows : bColumns;
        if (k != kb || cRows != m || cColumns != n) {
            throw new IllegalArgumentException("gemm shapes do not fit: op(A) is " + m + "×" + k + ", op(B) is "
                    + kb + "×" + n + ", C is " + cRows + "×" + cColumns);
        }
    }
}
