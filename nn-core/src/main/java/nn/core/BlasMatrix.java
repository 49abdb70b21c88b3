package nn.core;

import java.nio.DoubleBuffer;
import org.jblas.DoubleMatrix;

/**
 * A column-major matrix stored where a {@link Blas} backend computes on it: a Java array for jblas, native
 * memory for a backend that would otherwise copy every array it is handed.
 *
 * <p>Java code (activations, costs, bias broadcast, row sums, datasets) reads and writes the entries through
 * {@link #data()} with absolute {@code get(i)}/{@code put(i, v)}, entry (r, c) at index {@code c·rows + r};
 * the backend reaches the same memory through its {@link #handle()}. Instances are not thread-safe.
 */
public final class BlasMatrix {

    /** Number of rows. */
    public final int rows;
    /** Number of columns. */
    public final int columns;
    private final DoubleBuffer data;
    private final Object handle;

    /**
     * A matrix over the given storage; for {@link Blas} implementations.
     *
     * @param data   at least rows·columns entries, position 0
     * @param handle what the backend passes to native code for this storage (e.g. the jblas matrix or a native
     *               pointer); kept here so that it lives as long as the buffer
     */
    public BlasMatrix(int rows, int columns, DoubleBuffer data, Object handle) {
        if (rows < 0 || columns < 0 || data.capacity() < (long) rows * columns) {
            throw new IllegalArgumentException("a " + rows + "×" + columns + " matrix needs " + (long) rows * columns
                    + " entries, the buffer has " + data.capacity());
        }
        this.rows = rows;
        this.columns = columns;
        this.data = data;
        this.handle = handle;
    }

    /** A view of a jblas matrix: the same array, so writes through either are seen by both. */
    public static BlasMatrix wrap(DoubleMatrix m) {
        return new BlasMatrix(m.rows, m.columns, DoubleBuffer.wrap(m.data), m);
    }

    /** The entries, column-major; use absolute get and put. */
    public DoubleBuffer data() {
        return data;
    }

    /** The backend's handle on the storage, as given to the constructor. */
    public Object handle() {
        return handle;
    }

    /**
     * The handle as the type its backend stores, for that backend's native calls.
     *
     * @param owner who needs it, for the message: e.g. {@code "jblas"}
     * @throws IllegalArgumentException if this matrix's storage is not of that type: it was allocated by another
     *                                  backend
     */
    public <T> T handle(Class<T> type, String owner) {
        if (!type.isInstance(handle)) {
            throw new IllegalArgumentException("a " + this + " does not belong to " + owner
                    + ": allocate it with that backend");
        }
        return type.cast(handle);
    }

    /** rows · columns. */
    public int length() {
        return rows * columns;
    }

    /** Whether this matrix is {@code m}'s own storage, so that copying between them is unnecessary. */
    public boolean shares(DoubleMatrix m) {
        return data.hasArray() && data.array() == m.data && data.arrayOffset() == 0;
    }

    /** Copies {@code m} into this matrix (nothing to do when they share storage). */
    public void copyFrom(DoubleMatrix m) {
        checkSameShape(m);
        if (!shares(m)) {
            data.put(0, m.data, 0, length());
        }
    }

    /** Copies this matrix into {@code m} (nothing to do when they share storage). */
    public void copyInto(DoubleMatrix m) {
        checkSameShape(m);
        if (!shares(m)) {
            data.get(0, m.data, 0, length());
        }
    }

    /** A new heap copy, e.g. for a test to compare. */
    public DoubleMatrix toDoubleMatrix() {
        DoubleMatrix m = new DoubleMatrix(rows, columns);
        copyInto(m);
        return m;
    }

    /** Whether this matrix is {@code otherRows × otherColumns}. */
    public boolean sameShape(int otherRows, int otherColumns) {
        return rows == otherRows && columns == otherColumns;
    }

    private void checkSameShape(DoubleMatrix m) {
        if (m.rows != rows || m.columns != columns) {
            throw new IllegalArgumentException("matrix is " + m.rows + "×" + m.columns + ", expected " + rows + "×"
                    + columns);
        }
    }

    @Override
    public String toString() {
        return rows + "×" + columns + (data.isDirect() ? " native" : " heap") + " matrix";
    }
}
