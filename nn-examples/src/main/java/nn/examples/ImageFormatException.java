package nn.examples;

import java.io.IOException;

/**
 * A picture given to {@code predict} that is not read: not a PNG, JPEG, GIF or BMP, larger than allowed, damaged
 * or truncated. The message names the file and what is wrong, e.g.
 * {@code huge.png: the picture declares 100000 × 100000 pixels; predict reads at most 8192 × 8192}.
 */
final class ImageFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    ImageFormatException(String message) {
        super(message);
    }

    ImageFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
