package nn.internal;

import java.nio.DoubleBuffer;
import nn.backend.BlasMatrix;
import org.jblas.DoubleMatrix;

/** Views of jblas heap matrices as {@link BlasMatrix}es, for the looped engine and the heap API. */
public final class HeapMatrix {

    private HeapMatrix() {
    }

    /**
     * A float64 view of {@code m}: the same array, so writes through either are seen by both.
     *
     * @param m a jblas matrix, column-major as jblas keeps it
     * @return a {@code m.rows × m.columns} view of {@code m.data}, whose {@link BlasMatrix#handle()} is {@code m}
     */
    public static BlasMatrix wrap(DoubleMatrix m) {
        return BlasMatrix.ofDoubles(m.rows, m.columns, DoubleBuffer.wrap(m.data), m);
    }
}
