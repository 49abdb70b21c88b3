package nn.backend;

/**
 * Thrown when jblas's native BLAS cannot be loaded. The message says which library is missing and the
 * command that installs it.
 */
public final class NativeLibraryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NativeLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
