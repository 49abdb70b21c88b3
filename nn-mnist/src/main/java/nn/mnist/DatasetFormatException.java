package nn.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A data file does not hold what its format promises: a wrong magic number, a header that disagrees with the
 * file's length, a label out of range, a malformed CSV cell, a checksum mismatch.
 *
 * <p>The message always names the file, where in it the problem is (when there is a single place) and what was
 * expected, e.g. {@code train-labels-idx1-ubyte.gz, byte 0: expected magic 2049, found 2051}.
 */
public class DatasetFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    /** Where in the file the problem is, e.g. {@code "byte 4"}; {@code null} when it concerns the whole file. */
    private final String location;
    /** What is wrong, without the file and location. */
    private final String problem;

    /**
     * @param file     the offending file
     * @param location where in the file, e.g. {@code "byte 4"} or {@code "line 3, column 12"}; {@code null} when
     *                 the problem concerns the file as a whole
     * @param problem  what is wrong, including what was expected and what was found
     */
    public DatasetFormatException(Path file, String location, String problem) {
        this(file, location, problem, null);
    }

    /**
     * As {@link #DatasetFormatException(Path, String, String)}, keeping the low-level failure as the cause.
     *
     * @param file     the offending file
     * @param location where in the file, e.g. {@code "byte 4"} or {@code "line 3, column 12"}; {@code null} when
     *                 the problem concerns the file as a whole
     * @param problem  what is wrong, including what was expected and what was found; must not be {@code null}
     * @param cause    the low-level failure that revealed the problem, e.g. a {@code ZipException} from corrupt
     *                 gzip data; may be {@code null}
     */
    public DatasetFormatException(Path file, String location, String problem, Throwable cause) {
        super(file + (location == null ? "" : ", " + location) + ": " + Objects.requireNonNull(problem), cause);
        this.file = file;
        this.location = location;
        this.problem = problem;
    }

    /** {@return the offending file} */
    public Path file() {
        return file;
    }

    /** {@return where in the file the problem is, or {@code null} when it concerns the whole file} */
    public String location() {
        return location;
    }

    /** {@return what is wrong, without the file and location} */
    public String problem() {
        return problem;
    }
}
