package nn.mnist;

import java.io.PrintStream;
import java.util.Locale;

/** Draws a one-line percentage on a terminal while a file downloads; silent when nobody is watching. */
final class DownloadProgress {

    private final PrintStream out;
    private final boolean enabled;
    private String what;
    private long total;
    private long done;
    private long lastShown;

    DownloadProgress(PrintStream out, boolean enabled) {
        this.out = out;
        this.enabled = enabled;
    }

    /** Starts a download of {@code total} bytes ({@code -1} if unknown). */
    void start(String what, long total) {
        this.what = what;
        this.total = total;
        this.done = 0;
        this.lastShown = -1;
        show();
    }

    void advance(long bytes) {
        done += bytes;
        show();
    }

    /** Ends the line, whatever became of the download. */
    void finish() {
        if (enabled && lastShown >= 0) {
            out.println();
            lastShown = -1;
        }
    }

    private void show() {
        if (!enabled) {
            return;
        }
        // Redraw only when the shown number changes: once per percent, or once per MB when the size is unknown.
        long shown = total > 0 ? done * 100 / total : done >> 20;
        if (shown == lastShown) {
            return;
        }
        lastShown = shown;
        String text = total > 0
                ? String.format(Locale.ROOT, "%3d%% of %.1f MB", shown, total / 1e6)
                : String.format(Locale.ROOT, "%.1f MB", done / 1e6);
        out.print("\rMNIST: downloading " + what + ": " + text);
        out.flush();
    }
}
