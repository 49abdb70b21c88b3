package nn.core;

import org.jblas.DoubleMatrix;

/**
 * A {@link Blas} backend's matrix standing for one heap matrix at a time: the heap matrix's own storage on a
 * backend that computes on Java arrays, a reusable native copy otherwise. Rebinding to another heap matrix of
 * the same shape reuses a native copy and rewraps only heap storage, so a loop that passes the same matrices
 * allocates nothing.
 */
final class Mirror {

    private final Blas blas;
    private DoubleMatrix heap;
    private BlasMatrix matrix;

    Mirror(Blas blas) {
        this.blas = blas;
    }

    /** Stands for {@code heap} from now on, without copying; returns the backend's matrix. */
    BlasMatrix bind(DoubleMatrix heap) {
        boolean reusable = matrix != null && matrix.sameShape(heap.rows, heap.columns)
                && (matrix.shares(heap) || matrix.data().isDirect());
        if (!reusable) {
            matrix = blas.mirror(heap);
        }
        this.heap = heap;
        return matrix;
    }

    /** Copies the heap values in (nothing to do when shared). */
    BlasMatrix load() {
        matrix.copyFrom(heap);
        return matrix;
    }

    /** Copies the backend's values out to the heap matrix (nothing to do when shared). */
    void store() {
        matrix.copyInto(heap);
    }
}
