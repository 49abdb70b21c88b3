package nn.internal;

import nn.backend.Blas;
import nn.backend.BlasMatrix;
import org.jblas.DoubleMatrix;

/**
 * A {@link Blas} backend's matrix standing for one heap matrix at a time: the heap matrix's own storage on a
 * backend that computes on Java double arrays, a reusable copy in the backend's storage and precision otherwise.
 * Rebinding to another heap matrix of the same shape reuses a copy and rewraps only shared storage, so a loop
 * that passes the same matrices allocates nothing.
 */
public final class Mirror {

    private final Blas blas;
    private DoubleMatrix heap;
    private BlasMatrix matrix;
    /** Whether {@link #matrix} is a heap matrix's own storage rather than a copy. */
    private boolean shared;

    /**
     * A mirror bound to nothing yet: {@link #bind} before {@link #load} or {@link #store}.
     *
     * @param blas the backend whose matrix stands for the heap matrices
     */
    public Mirror(Blas blas) {
        this.blas = blas;
    }

    /**
     * Stands for {@code heap} from now on, without copying; returns the backend's matrix.
     *
     * @param heap the heap matrix to stand for
     * @return the backend's matrix: {@code heap}'s own storage when shared, otherwise a copy whose values are
     *         stale until {@link #load}
     */
    public BlasMatrix bind(DoubleMatrix heap) {
        boolean reusable = matrix != null && matrix.sameShape(heap.rows, heap.columns)
                && (!shared || matrix.isBackedBy(heap.data));
        if (!reusable) {
            matrix = blas.mirror(heap.rows, heap.columns, heap.data);
            shared = matrix.isBackedBy(heap.data);
        }
        this.heap = heap;
        return matrix;
    }

    /**
     * Copies the heap values in (nothing to do when shared).
     *
     * @return the backend's matrix, now holding the bound heap matrix's values
     */
    public BlasMatrix load() {
        matrix.copyFrom(heap.data);
        return matrix;
    }

    /** {@return whether the backend's matrix is the bound heap matrix's own storage, not a copy} */
    public boolean isShared() {
        return shared;
    }

    /** Copies the backend's values out to the heap matrix (nothing to do when shared). */
    public void store() {
        matrix.copyInto(heap.data);
    }
}
