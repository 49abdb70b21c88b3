package nn.io;

import java.io.IOException;

/** A saved network that cannot be loaded; the message names the file, the field and what was expected. */
public final class NetworkFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    NetworkFormatException(String message) {
        super(message);
    }

    NetworkFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
