package nn.examples;

/**
 * A problem the user can fix, reported as one line without a stack trace: a bad option value ({@link #USAGE},
 * exit code 2) or something missing or wrong on the machine or in a file ({@link #FAILURE}, exit code 1).
 */
final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Exit code for bad usage: a wrong option, value or argument. */
    static final int USAGE = 2;

    /** Exit code for a failure that is not the command line's fault. */
    static final int FAILURE = 1;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** Bad usage: exit code 2. */
    static CliException usage(String message) {
        return new CliException(USAGE, message);
    }

    /** A failure of the machine, the data or a file: exit code 1. */
    static CliException failure(String message) {
        return new CliException(FAILURE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
