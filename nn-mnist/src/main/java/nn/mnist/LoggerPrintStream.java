package nn.mnist;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.lang.System.Logger;
import java.nio.charset.StandardCharsets;

/**
 * A {@link PrintStream} whose text goes to {@link System.Logger}s, so that an application embedding nn-mnist decides
 * where the locator's and fetcher's one-line reports go (and whether they appear at all).
 *
 * <p>A line ended by {@code '\n'} is one {@link Level#INFO} record on {@link #LINES}. A download's progress, drawn
 * as {@code "\r" + text} and flushed, is one {@link Level#DEBUG} record per redraw on {@link #PROGRESS}: hidden by
 * the JDK's default configuration, shown by a console handler that wants it (the trainer redraws it in place).
 */
final class LoggerPrintStream extends PrintStream {

    /** The logger of nn-mnist's one-line reports: where the data came from, fetches, failed mirrors. */
    static final String LINES = "nn.mnist";
    /** The logger of download progress, one DEBUG record per redraw. */
    static final String PROGRESS = "nn.mnist.progress";

    private LoggerPrintStream(Splitter splitter) {
        super(splitter, true, StandardCharsets.UTF_8);
    }

    /** A stream to {@link #LINES} and {@link #PROGRESS}. */
    static PrintStream standard() {
        return new LoggerPrintStream(new Splitter(System.getLogger(LINES), System.getLogger(PROGRESS)));
    }

    /** Cuts the text into records: at {@code '\n'} for lines, at {@code '\r'} and flush for progress. */
    private static final class Splitter extends OutputStream {
        private final Logger lines;
        private final Logger progress;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private boolean inProgress;

        Splitter(Logger lines, Logger progress) {
            this.lines = lines;
            this.progress = progress;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                emit();
                inProgress = false;
            } else if (b == '\r') {
                emit();
                inProgress = true;
            } else {
                pending.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            // A progress redraw is flushed without a line end; a plain line waits for its '\n'.
            if (inProgress) {
                emit();
            }
        }

        private void emit() {
            if (pending.size() == 0) {
                return;
            }
            String text = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            if (inProgress) {
                progress.log(Level.DEBUG, text);
            } else {
                lines.log(Level.INFO, text);
            }
        }
    }
}
