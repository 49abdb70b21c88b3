package nn.mnist;

import java.io.IOException;
import java.util.List;

/**
 * MNIST is not on this machine and no download source could provide it. The message lists every source tried with
 * the reason it failed, and says how to supply the files by hand.
 */
public class MnistUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    /** One line per source tried: the source and why it failed. */
    private final List<String> failures;

    /**
     * @param message  the whole explanation shown to the user
     * @param failures one line per source tried: the source and why it failed
     */
    public MnistUnavailableException(String message, List<String> failures) {
        super(message);
        this.failures = List.copyOf(failures);
    }

    /** {@return one line per source tried: the source and why it failed} */
    public List<String> failures() {
        return failures;
    }
}
