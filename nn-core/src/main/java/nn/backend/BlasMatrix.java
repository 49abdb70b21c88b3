package nn.backend;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * A column-major matrix stored where a {@link Blas} backend computes on it, in the backend's {@link Precision}:
 * a Java array for jblas, native memory for a backend that would otherwise copy every array it is handed.
 *
 * <p>The element type is the storage's business, not the caller's: entries are read and written as
 * {@code double} through {@link #get(int)} and {@link #set(int, double)} (entry (r, c) at index
 * {@code c·rows + r}), and a float32 matrix rounds what it is given to the nearest float. So every kernel's
 * math is written once, in {@code double} arithmetic, whatever the precision; only the rounding of what is
 * stored depends on it. The backend reaches the same memory through its {@link #handle()}. Instances are not
 * thread-safe, but disjoint column ranges may be written from different threads.
 */
public abstract class BlasMatrix {

    /** Number of rows. */
    public final int rows;
    /** Number of columns. */
    public final int columns;
    private final Object handle;

    private BlasMatrix(int rows, int columns, long capacity, Object handle) {
        if (rows < 0 || columns < 0 || capacity < (long) rows * columns) {
            throw new IllegalArgumentException("a " + rows + "×" + columns + " matrix needs " + (long) rows * columns
                    + " entries, the buffer has " + capacity);
        }
        this.rows = rows;
        this.columns = columns;
        this.handle = handle;
    }

    /**
     * A float64 matrix over the given storage; for {@link Blas} implementations.
     *
     * @param rows    the number of rows, at least 0
     * @param columns the number of columns, at least 0
     * @param data    at least rows·columns entries, position 0; entry (r, c) at index {@code c·rows + r}
     * @param handle  what the backend passes to native code for this storage (e.g. a Java array or a native
     *                pointer); kept here so that it lives as long as the buffer
     * @return a matrix reading and writing {@code data} itself, not a copy
     * @throws IllegalArgumentException if a dimension is negative or {@code data} has fewer than rows·columns
     *                                  entries
     */
    public static BlasMatrix ofDoubles(int rows, int columns, DoubleBuffer data, Object handle) {
        return new Float64(rows, columns, data, handle);
    }

    /**
     * A float32 matrix over the given storage; see {@link #ofDoubles}.
     *
     * @param rows    the number of rows, at least 0
     * @param columns the number of columns, at least 0
     * @param data    at least rows·columns entries, position 0; entry (r, c) at index {@code c·rows + r}
     * @param handle  what the backend passes to native code for this storage; kept here so that it lives as long
     *                as the buffer
     * @return a matrix reading and writing {@code data} itself, not a copy; values set are rounded to float
     * @throws IllegalArgumentException if a dimension is negative or {@code data} has fewer than rows·columns
     *                                  entries
     */
    public static BlasMatrix ofFloats(int rows, int columns, FloatBuffer data, Object handle) {
        return new Float32(rows, columns, data, handle);
    }

    /** {@return the precision the entries are stored in} */
    public abstract Precision precision();

    /**
     * Reads one entry.
     *
     * @param index the column-major position, {@code c·rows + r} for entry (r, c), from 0 to {@code length() − 1}
     * @return the entry, widened to double
     * @throws IndexOutOfBoundsException if {@code index} is outside the storage
     */
    public abstract double get(int index);

    /**
     * Sets entry {@code index} (column-major) to {@code value}, rounded to this matrix's precision.
     *
     * @param index the column-major position, {@code c·rows + r} for entry (r, c), from 0 to {@code length() − 1}
     * @param value the new value; a float32 matrix stores the nearest float
     * @throws IndexOutOfBoundsException if {@code index} is outside the storage
     */
    public abstract void set(int index, double value);

    /**
     * Copies {@code count} values from {@code source[from ..]} into entries {@code index ..}, rounded.
     *
     * @param index  the column-major position of the first entry written
     * @param source the values to copy
     * @param from   the position in {@code source} of the first value
     * @param count  the number of values, at least 0
     * @throws IndexOutOfBoundsException if either range is out of bounds
     */
    public abstract void put(int index, double[] source, int from, int count);

    /**
     * Copies entries {@code index .. index + count − 1} into {@code target[to ..]}, widened to double.
     *
     * @param index  the column-major position of the first entry read
     * @param target receives the values
     * @param to     the position in {@code target} of the first value
     * @param count  the number of values, at least 0
     * @throws IndexOutOfBoundsException if either range is out of bounds
     */
    public abstract void get(int index, double[] target, int to, int count);

    /** {@return whether the storage is off the Java heap (native memory)} */
    public abstract boolean isDirect();

    /**
     * Whether this matrix's storage is {@code array} itself, so that copying between them is unnecessary.
     *
     * @param array a column-major array, e.g. a jblas {@code DoubleMatrix}'s {@code data}
     * @return true when this float64 matrix wraps {@code array} from its position 0; always false for float32
     */
    public abstract boolean isBackedBy(double[] array);

    /** {@return the backend's handle on the storage, as given to the factory} */
    public Object handle() {
        return handle;
    }

    /**
     * The handle as the type its backend stores, for that backend's native calls.
     *
     * @param <T>   the handle's type
     * @param type  the class the backend's handles have, e.g. {@code double[].class} for jblas
     * @param owner who needs it, for the message: e.g. {@code "jblas"}
     * @return {@link #handle()}, cast to {@code type}
     * @throws IllegalArgumentException if this matrix's storage is not of that type: it was allocated by another
     *                                  backend or in another precision
     */
    public <T> T handle(Class<T> type, String owner) {
        if (!type.isInstance(handle)) {
            throw new IllegalArgumentException("a " + this + " does not belong to " + owner
                    + ": allocate it with that backend");
        }
        return type.cast(handle);
    }

    /** {@return the number of entries, rows · columns} */
    public int length() {
        return rows * columns;
    }

    /**
     * Copies every entry from a column-major array of {@link #length()} values (nothing to do when shared).
     *
     * @param columnMajor the values, entry (r, c) at {@code c·rows + r}; rounded to this matrix's precision
     * @throws IllegalArgumentException if the array does not have {@link #length()} values
     */
    public void copyFrom(double[] columnMajor) {
        checkLength(columnMajor);
        if (!isBackedBy(columnMajor)) {
            put(0, columnMajor, 0, length());
        }
    }

    /**
     * Copies every entry into a column-major array of {@link #length()} values (nothing to do when shared).
     *
     * @param columnMajor receives the entries, entry (r, c) at {@code c·rows + r}, widened to double
     * @throws IllegalArgumentException if the array does not have {@link #length()} values
     */
    public void copyInto(double[] columnMajor) {
        checkLength(columnMajor);
        if (!isBackedBy(columnMajor)) {
            get(0, columnMajor, 0, length());
        }
    }

    /** {@return a new column-major array of the entries, widened to double, e.g. for a test to compare} */
    public double[] toArray() {
        double[] values = new double[length()];
        get(0, values, 0, values.length);
        return values;
    }

    /**
     * Whether this matrix is {@code otherRows × otherColumns}.
     *
     * @param otherRows    the number of rows to compare with
     * @param otherColumns the number of columns to compare with
     * @return true when both dimensions are equal
     */
    public boolean sameShape(int otherRows, int otherColumns) {
        return rows == otherRows && columns == otherColumns;
    }

    private void checkLength(double[] columnMajor) {
        if (columnMajor.length != length()) {
            throw new IllegalArgumentException("an array of " + columnMajor.length + " values does not fit a " + this);
        }
    }

    @Override
    public String toString() {
        return rows + "×" + columns + " " + precision() + (isDirect() ? " native" : " heap") + " matrix";
    }

    private static final class Float64 extends BlasMatrix {
        private final DoubleBuffer data;

        Float64(int rows, int columns, DoubleBuffer data, Object handle) {
            super(rows, columns, data.capacity(), handle);
            this.data = data;
        }

        @Override
        public Precision precision() {
            return Precision.FLOAT64;
        }

        @Override
        public double get(int index) {
            return data.get(index);
        }

        @Override
        public void set(int index, double value) {
            data.put(index, value);
        }

        @Override
        public void put(int index, double[] source, int from, int count) {
            data.put(index, source, from, count);
        }

        @Override
        public void get(int index, double[] target, int to, int count) {
            data.get(index, target, to, count);
        }

        @Override
        public boolean isDirect() {
            return data.isDirect();
        }

        @Override
        public boolean isBackedBy(double[] array) {
            return data.hasArray() && data.array() == array && data.arrayOffset() == 0;
        }
    }

    private static final class Float32 extends BlasMatrix {
        private final FloatBuffer data;

        Float32(int rows, int columns, FloatBuffer data, Object handle) {
            super(rows, columns, data.capacity(), handle);
            this.data = data;
        }

        @Override
        public Precision precision() {
            return Precision.FLOAT32;
        }

        @Override
        public double get(int index) {
            return data.get(index);
        }

        @Override
        public void set(int index, double value) {
            data.put(index, (float) value);
        }

        @Override
        public void put(int index, double[] source, int from, int count) {
            for (int i = 0; i < count; i++) {
                data.put(index + i, (float) source[from + i]);
            }
        }

        @Override
        public void get(int index, double[] target, int to, int count) {
            for (int i = 0; i < count; i++) {
                target[to + i] = data.get(index + i);
            }
        }

        @Override
        public boolean isDirect() {
            return data.isDirect();
        }

        @Override
        public boolean isBackedBy(double[] array) {
            return false;
        }
    }
}
