package nn.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A dataset whose real content does not fit in the memory this Java may use ({@link Runtime#maxMemory()}). Its
 * message is one line naming the file and the memory needed; {@link #bytesNeeded()} is that figure, for a caller
 * that says how to give Java more memory.
 */
public final class DatasetTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** About how many bytes of memory reading the file needs, beyond what the rest of the program holds. */
    private final long bytesNeeded;

    /**
     * @param what        what did not fit, e.g. "its 1019200000 bytes of images"
     * @param bytesNeeded the memory reading it needs, about
     */
    DatasetTooLargeException(Path file, String what, long bytesNeeded, Throwable cause) {
        super(file + ": holding " + what + " needs about " + mebibytes(bytesNeeded) + " of memory, more than"
                + " this Java could give (it may use " + mebibytes(Runtime.getRuntime().maxMemory()) + " in all)",
                cause);
        this.file = file;
        this.bytesNeeded = bytesNeeded;
    }

    /** {@return the file that did not fit} */
    public Path file() {
        return file;
    }

    /** {@return about how many bytes of memory reading the file needs, beyond what the rest of the program holds} */
    public long bytesNeeded() {
        return bytesNeeded;
    }

    static String mebibytes(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", (bytes + (1 << 20) - 1) >> 20);
    }

    /** {@code new byte[length]}, or this exception when the heap cannot hold it. */
    static byte[] allocate(int length, Path file, String what, long bytesNeeded) throws DatasetTooLargeException {
        try {
            return new byte[length];
        } catch (OutOfMemoryError e) {
            throw new DatasetTooLargeException(file, what, bytesNeeded, e);
        }
    }

    /** {@code Arrays.copyOf(array, length)}, or this exception when the heap cannot hold the copy. */
    static byte[] grow(byte[] array, int length, Path file, String what, long bytesNeeded)
            throws DatasetTooLargeException {
        try {
            return Arrays.copyOf(array, length);
        } catch (OutOfMemoryError e) {
            throw new DatasetTooLargeException(file, what, bytesNeeded, e);
        }
    }
}
