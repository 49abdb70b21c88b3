package nn.data;

import java.io.IOException;

/**
 * A table that cannot be read as labelled examples; the message is one line naming the file, the line and the
 * column, and what was expected: {@code iris.csv: line 7, column 3 (petal_length): "1,4" is not a number}.
 */
public final class TableFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception with the whole one-line message.
     *
     * @param message the file, where in it, and what is wrong
     */
    public TableFormatException(String message) {
        super(message);
    }
}
