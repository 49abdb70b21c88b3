package nn.backend;

import java.util.Locale;

/**
 * The floating-point format a {@link Blas} backend stores its matrices in and computes with.
 *
 * <p>float64 is the default and the reference. float32 halves memory and doubles what the vector units do per
 * cycle; it keeps about 7 significant digits, which is far more than stochastic gradient descent's own noise,
 * but not enough to compare against float64 figures to the last digit. What a float32 run keeps in which
 * precision is documented in the README ("Precision").
 */
public enum Precision {
    /** IEEE 754 binary64, Java's {@code double}. */
    FLOAT64(Double.BYTES),
    /** IEEE 754 binary32, Java's {@code float}. */
    FLOAT32(Float.BYTES);

    private final int bytes;

    Precision(int bytes) {
        this.bytes = bytes;
    }

    /** {@return the bytes per entry: 8 for float64, 4 for float32} */
    public int bytes() {
        return bytes;
    }

    /** The name on the command line and in logs: {@code float64} or {@code float32}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The precision with the given {@link #toString() name}, {@code float64} or {@code float32}.
     *
     * @param name the lower-case name, as on the command line
     * @return the precision of that name
     * @throws IllegalArgumentException for any other name
     */
    public static Precision byName(String name) {
        for (Precision p : values()) {
            if (p.toString().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + name + "': expected float64 or float32");
    }
}
