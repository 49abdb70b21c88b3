package nn.mnist;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLConnection;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * A web server that serves MNIST's four {@code .gz} files under one base URL, over HTTPS only.
 *
 * <p>Everything the server says is treated as hostile input: a URL that is not {@code https} is refused before any
 * connection, redirects are followed by hand (at most {@link #MAX_REDIRECTS}) and each hop must be {@code https}
 * too, so a redirect can never downgrade the transfer; a body that announces or delivers more than the file's
 * {@link MnistFile#downloadLimit()} is abandoned as soon as it passes it; and nothing reaches the cache unless its
 * SHA-256 matches (see {@link VerifiedFiles}).
 */
final class HttpMirror implements FetchSource {

    /** Redirects followed for one file before giving up; real mirrors use one or two. */
    static final int MAX_REDIRECTS = 5;

    private final URI base;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final DownloadProgress progress;
    private final boolean loopbackHttpForTests;
    private final SSLSocketFactory tlsForTests;

    /**
     * A mirror as production uses it: HTTPS only, the JVM's trusted certificates.
     *
     * @param base           the folder URL, ending in {@code /}
     * @param connectTimeout how long to wait for the connection
     * @param readTimeout    how long to wait for each read: a stalled transfer fails instead of hanging
     */
    HttpMirror(URI base, Duration connectTimeout, Duration readTimeout, DownloadProgress progress) {
        this(base, connectTimeout, readTimeout, progress, false, null);
    }

    /**
     * For tests only, which serve files from 127.0.0.1: {@code loopbackHttpForTests} also admits plain
     * {@code http} to a loopback address (never elsewhere, and never after an {@code https} hop);
     * {@code tlsForTests}, when not {@code null}, replaces the JVM's trusted certificates.
     */
    HttpMirror(URI base, Duration connectTimeout, Duration readTimeout, DownloadProgress progress,
               boolean loopbackHttpForTests, SSLSocketFactory tlsForTests) {
        this.base = base;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.progress = progress;
        this.loopbackHttpForTests = loopbackHttpForTests;
        this.tlsForTests = tlsForTests;
    }

    @Override
    public String description() {
        return base.toString();
    }

    @Override
    public void fetch(Set<MnistFile> files, Path directory, Map<MnistFile, String> sha256) throws IOException {
        // Stops at the first failure: a mirror that fails one file is not worth more time-outs on the others.
        for (MnistFile file : files) {
            download(base.resolve(file.gzipFileName()), directory.resolve(file.fileName()), sha256.get(file),
                    file.downloadLimit());
        }
    }

    private void download(URI uri, Path target, String expectedSha256, long limit) throws IOException {
        HttpURLConnection connection = connect(uri);
        try {
            long length = connection.getContentLengthLong();
            if (length > limit) {
                throw new IOException(uri + ": the server announces " + length + " bytes, more than the " + limit
                        + " this file can take: refused before reading");
            }
            progress.start(uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1), length);
            try (CappedInput body = new CappedInput(connection.getInputStream(), limit, uri.toString(),
                    progress::advance)) {
                try {
                    VerifiedFiles.write(body, target, uri.toString(), expectedSha256, limit);
                } catch (IOException e) {
                    if (e instanceof CappedInput.LimitExceededException) {
                        throw e; // names the URL and the limit
                    }
                    if (length >= 0 && body.count() < length) {
                        throw new IOException(uri + ": transfer cut off after " + body.count() + " of " + length
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

    /**
     * Connects to {@code uri}, following redirects by hand: each hop's URL must be allowed ({@link #refusal}), and
     * after {@link #MAX_REDIRECTS} hops the download fails.
     *
     * @return a connection whose response is 200 OK
     */
    private HttpURLConnection connect(URI uri) throws IOException {
        URI current = uri;
        URI previous = null;
        for (int hops = 0; ; hops++) {
            String refusal = refusal(current, previous);
            if (refusal != null) {
                throw new IOException((previous == null ? "" : previous + ": redirected to ") + current + ": "
                        + refusal);
            }
            URLConnection plain = current.toURL().openConnection();
            if (!(plain instanceof HttpURLConnection connection)) {
                throw new IOException(current + ": not an HTTP URL");
            }
            connection.setInstanceFollowRedirects(false);
            connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
            connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
            connection.setRequestProperty("User-Agent", "nn-mnist");
            if (tlsForTests != null && connection instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tlsForTests);
            }
            int status;
            try {
                status = connection.getResponseCode();
            } catch (IOException e) {
                connection.disconnect();
                throw new IOException(current + ": cannot connect: " + describe(e), e);
            }
            if (status == HttpURLConnection.HTTP_OK) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            String message = connection.getResponseMessage();
            connection.disconnect();
            if (!isRedirect(status)) {
                throw new IOException(current + ": HTTP " + status + " " + message);
            }
            if (location == null) {
                throw new IOException(current + ": HTTP " + status + " redirect without a Location header");
            }
            if (hops == MAX_REDIRECTS) {
                throw new IOException(uri + ": more than " + MAX_REDIRECTS + " redirects (the last to " + location
                        + "), refused");
            }
            previous = current;
            try {
                current = current.resolve(new URI(location));
            } catch (URISyntaxException e) {
                throw new IOException(current + ": redirected to a malformed URL: " + location, e);
            }
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Why {@code next} may not be fetched (after a redirect from {@code previous}, or first when it is
     * {@code null}), or {@code null} when it may: only {@code https}; in tests, also {@code http} to a loopback
     * address, but never as a downgrade from {@code https}.
     */
    String refusal(URI next, URI previous) {
        String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return null;
        }
        boolean fromHttps = previous != null && "https".equalsIgnoreCase(previous.getScheme());
        if (fromHttps) {
            return "refused: a download that started over HTTPS never continues over "
                    + (scheme.isEmpty() ? "another scheme" : scheme);
        }
        if (scheme.equals("http") && loopbackHttpForTests && isLoopback(next.getHost())) {
            return null;
        }
        return "refused: only HTTPS URLs are downloaded from";
    }

    /** A literal loopback address: decided without asking DNS, so no name can be made to point here. */
    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return h.equals("::1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
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
}
