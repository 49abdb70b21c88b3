package nn.mnist;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** A web server that serves MNIST's four {@code .gz} files under one base URL. */
final class HttpMirror implements FetchSource {

    private final URI base;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final DownloadProgress progress;

    /**
     * @param base           the folder URL, ending in {@code /}
     * @param connectTimeout how long to wait for the connection
     * @param readTimeout    how long to wait for each read: a stalled transfer fails instead of hanging
     */
    HttpMirror(URI base, Duration connectTimeout, Duration readTimeout, DownloadProgress progress) {
        this.base = base;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.progress = progress;
    }

    @Override
    public String description() {
        return base.toString();
    }

    @Override
    public void fetch(Set<MnistFile> files, Path directory, Map<MnistFile, String> sha256) throws IOException {
        // Stops at the first failure: a mirror that fails one file is not worth more time-outs on the others.
        for (MnistFile file : files) {
            download(base.resolve(file.gzipFileName()), directory.resolve(file.fileName()), sha256.get(file));
        }
    }

    private void download(URI uri, Path target, String expectedSha256) throws IOException {
        URLConnection plain = uri.toURL().openConnection();
        plain.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
        plain.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
        plain.setRequestProperty("User-Agent", "nn-mnist");
        if (!(plain instanceof HttpURLConnection connection)) {
            throw new IOException(uri + ": not an HTTP URL");
        }
        try {
            int status;
            try {
                status = connection.getResponseCode();
            } catch (IOException e) {
                throw new IOException(uri + ": cannot connect: " + describe(e), e);
            }
            if (status != HttpURLConnection.HTTP_OK) {
                throw new IOException(uri + ": HTTP " + status + " " + connection.getResponseMessage());
            }
            long length = connection.getContentLengthLong();
            progress.start(uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1), length);
            try (Counting body = new Counting(connection.getInputStream())) {
                try {
                    VerifiedFiles.write(body, target, uri.toString(), expectedSha256);
                } catch (IOException e) {
                    if (length >= 0 && body.count < length) {
                        throw new IOException(uri + ": transfer cut off after " + body.count + " of " + length
                                + " bytes (" + describe(e) + ")", e);
                    }
                    if (e.getMessage() != null && e.getMessage().startsWith(uri.toString())) {
                        throw e; // already says what went wrong with which URL (e.g. a checksum mismatch)
                    }
                    throw new IOException(uri + ": " + describe(e), e);
                }
            } finally {
                progress.finish();
            }
        } finally {
            connection.disconnect();
        }
    }

    /** Network exceptions' messages alone can be cryptic: an unknown host's message is just the host name. */
    private static String describe(IOException e) {
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage() + " (no DNS or no internet access?)";
        }
        if (e instanceof SocketTimeoutException || e instanceof ConnectException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Counts the compressed bytes received, for progress and to tell a cut-off transfer from bad content. */
    private final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                advance(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                advance(n);
            }
            return n;
        }

        private void advance(int n) {
            count += n;
            progress.advance(n);
        }
    }
}
