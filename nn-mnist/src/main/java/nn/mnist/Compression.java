package nn.mnist;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Recognises gzip from a stream's first bytes, so that a file's name never decides how it is read. */
final class Compression {

    static final int BUFFER_SIZE = 1 << 16;

    private Compression() {
    }

    /**
     * Wraps {@code in} (which must support mark/reset, e.g. a {@link BufferedInputStream}) in a gzip decompressor
     * when it starts with the gzip magic bytes {@code 1f 8b}; IDX and CSV files cannot start that way.
     */
    static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b;
    }

    /** Returns a stream of the decompressed content of {@code raw}, whether it is gzipped or not. */
    static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER_SIZE);
        return isGzip(in) ? gunzip(in) : in;
    }

    /**
     * The decompressed content of gzip data (see {@link GzipInput}: never {@link java.util.zip.GZIPInputStream},
     * whose recursion over members a small hostile file turns into a {@link StackOverflowError}).
     */
    static InputStream gunzip(InputStream compressed) {
        return new GzipInput(compressed, BUFFER_SIZE);
    }
}
