package nn.mnist;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/**
 * Passes at most {@code limit} bytes through and fails the read that would pass more, so that an endless or
 * oversized stream from a server or an archive is abandoned as soon as it crosses the limit, not after.
 */
final class CappedInput extends FilterInputStream {

    private final long limit;
    private final String what;
    private final LongConsumer onRead;
    private long count;

    /**
     * @param limit  the most bytes accepted
     * @param what   names the stream in the error, e.g. its URL
     * @param onRead told of every chunk read (for progress), or {@code null}
     */
    CappedInput(InputStream in, long limit, String what, LongConsumer onRead) {
        super(in);
        this.limit = limit;
        this.what = what;
        this.onRead = onRead;
    }

    /** Bytes passed through so far. */
    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        // Ask for one byte more than the limit allows, so that a stream of exactly the limit still ends cleanly.
        int n = super.read(b, off, (int) Math.min(len, limit - count + 1));
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new LimitExceededException(what + ": more than " + limit + " bytes, refused (stopped after "
                        + count + ")");
            }
            if (onRead != null) {
                onRead.accept(n);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[(int) Math.min(n, 8192)];
        int read = read(buffer, 0, buffer.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** The stream passed its limit. */
    static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(String message) {
            super(message);
        }
    }
}
