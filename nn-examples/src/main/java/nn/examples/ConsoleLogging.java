package nn.examples;

import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The trainer's console for the libraries' {@link System.Logger} records: nn-core's and nn-mnist's messages (which
 * data is used, fetches, backend notices) are printed on stderr as plain lines, as before they were logged, and
 * nn-mnist's download progress ({@code nn.mnist.progress}, DEBUG) is redrawn in place on one line.
 *
 * <p>System.Logger goes to java.util.logging when no other provider is installed, as here; the handler sits on the
 * {@code nn} logger, the parent of every logger the libraries use, and stops the records there so that the JDK's
 * default console handler does not print them a second time with a time stamp.
 */
final class ConsoleLogging {

    /** Held so that java.util.logging's weak references to configured loggers cannot drop the configuration. */
    private static Logger nn;
    private static Logger progress;

    private ConsoleLogging() {
    }

    /** Installs the handler on the {@code nn} logger (once; later calls change nothing). */
    static synchronized void install(PrintStream err) {
        if (nn != null) {
            return;
        }
        nn = Logger.getLogger("nn");
        progress = Logger.getLogger("nn.mnist.progress");
        progress.setLevel(Level.FINE);
        nn.setUseParentHandlers(false);
        nn.addHandler(new Plain(err));
    }

    /** Prints each record's message alone; progress records redraw the current line. */
    static final class Plain extends Handler {
        private final PrintStream err;
        private boolean lineOpen;

        Plain(PrintStream err) {
            this.err = err;
            setLevel(Level.ALL);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            if (!isLoggable(record)) {
                return;
            }
            String message = record.getMessage();
            if ("nn.mnist.progress".equals(record.getLoggerName())) {
                err.print("\r" + message);
                lineOpen = true;
            } else {
                if (lineOpen) {
                    err.println();
                    lineOpen = false;
                }
                err.println(message);
            }
            err.flush();
        }

        @Override
        public synchronized void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
