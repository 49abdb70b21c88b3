package nn.backend;

/**
 * Thrown when jblas's native BLAS cannot be loaded. The message says which library is missing and the
 * command that installs it.
 */
public final class NativeLibraryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception explaining a failed load.
     *
     * @param message which library is missing and how to install it
     * @param cause   the error jblas raised, e.g. an {@link UnsatisfiedLinkError}; null when the library loaded but
     *                computed a wrong product
     */
    public NativeLibraryException(String message, Throwable cause) {
        super(message, cause);
    }
}
