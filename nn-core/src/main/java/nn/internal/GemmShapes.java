package nn.internal;

import nn.backend.Blas;

/** The shape rule of {@code C ← α·op(A)·op(B) + β·C}, for every {@link Blas} backend. */
public final class GemmShapes {

    private GemmShapes() {
    }

    /** Throws unless op(A) is m×k, op(B) is k×n and C is m×n. */
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
