package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mirror is hostile input too. Against an HTTP and an HTTPS server on 127.0.0.1 (a self-signed certificate made
 * with the JDK's keytool for the test): plain HTTP is refused in production, a redirect may never leave HTTPS nor go
 * to another scheme, redirects stop after {@link HttpMirror#MAX_REDIRECTS}, and a body past the file's size limit,
 * announced, endless, or a gzip bomb, is abandoned as soon as it passes the limit. The cache never holds a byte of
 * any of it.
 */
@Timeout(60)
class HttpMirrorTest {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(5);
    private static final char[] PASSWORD = "loopback-test".toCharArray();
    private static final MnistFile LABELS = MnistFile.TEST_LABELS;

    @TempDir
    static Path keys;

    private static SSLContext tls;

    @TempDir
    Path dir;

    private final TinyMnist tiny = new TinyMnist(5);
    private final PrintStream log = new PrintStream(OutputStream.nullOutputStream());
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicLong endlessSent = new AtomicLong();
    private volatile CountDownLatch endlessStopped = new CountDownLatch(1);
    private HttpServer http;
    private HttpsServer https;
    private ExecutorService executor;
    private Path cache;

    /** A key pair and self-signed certificate for 127.0.0.1, trusted by the test's client only. */
    @BeforeAll
    static void makeCertificate() throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            return; // the HTTPS tests are then skipped, saying why
        }
        Path store = keys.resolve("loopback.p12");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "loopback",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0, "keytool failed: " + output);
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, PASSWORD);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keyStore);
        tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
    }

    @BeforeEach
    void startServers() throws IOException {
        cache = dir.resolve("cache");
        executor = Executors.newCachedThreadPool();
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        http = HttpServer.create(loopback, 0);
        http.setExecutor(executor);
        serve(http, "/good/", exchange -> respond(exchange, 200, gz(exchange)));
        serve(http, "/endless/", exchange -> endless(exchange, null));
        serve(http, "/endless-gzip-name/", exchange -> endless(exchange,
                new byte[] {0x1f, (byte) 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3})); // FNAME set, and the name never ends
        serve(http, "/announced/", exchange -> {
            exchange.sendResponseHeaders(200, 10_000_000_000L);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[1024]);
            } catch (IOException expected) {
                // the client hangs up, or the server notices the body is short: either way the point is made
            }
        });
        serve(http, "/bomb/", exchange -> respond(exchange, 200, IdxWriter.gzip(new byte[2 << 20])));
        serve(http, "/loop/", exchange -> redirect(exchange, "../loop/" + file(exchange)));
        serve(http, "/to-file/", exchange -> redirect(exchange, "file:///etc/passwd"));
        serve(http, "/to-ftp/", exchange -> redirect(exchange, "ftp://127.0.0.1/mnist/" + file(exchange)));
        serve(http, "/to-remote-http/", exchange -> redirect(exchange, "http://192.0.2.1/mnist/" + file(exchange)));
        serve(http, "/no-location/", exchange -> respond(exchange, 302, new byte[0]));
        http.start();
        if (tls != null) {
            https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            https.setExecutor(executor);
            serve(https, "/good/", exchange -> respond(exchange, 200, gz(exchange)));
            serve(https, "/endless/", exchange -> endless(exchange, null));
            serve(https, "/hop1/", exchange -> redirect(exchange, "/good/" + file(exchange)));
            serve(https, "/hop2/", exchange -> redirect(exchange, "../hop1/" + file(exchange)));
            serve(https, "/downgrade/", exchange -> redirect(exchange,
                    "http://127.0.0.1:" + http.getAddress().getPort() + "/good/" + file(exchange)));
            https.start();
        }
    }

    @AfterEach
    void stopServers() {
        http.stop(0);
        if (https != null) {
            https.stop(0);
        }
        executor.shutdownNow();
    }

    private void serve(HttpServer server, String path, HttpHandler handler) {
        String key = (server instanceof HttpsServer ? "https " : "http ") + path;
        server.createContext(path, exchange -> {
            requests.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            handler.handle(exchange);
        });
    }

    private int requests(String key) {
        AtomicInteger count = requests.get(key);
        return count == null ? 0 : count.get();
    }

    private static String file(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private byte[] gz(HttpExchange exchange) {
        String name = file(exchange);
        return IdxWriter.gzip(tiny.contents.get(Arrays.stream(MnistFile.values())
                .filter(f -> f.gzipFileName().equals(name)).findFirst().orElseThrow()));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        respond(exchange, 302, new byte[0]);
    }

    /** A chunked body (no Content-Length) that never ends, until the client hangs up. */
    private void endless(HttpExchange exchange, byte[] start) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[1 << 16];
        Arrays.fill(chunk, (byte) 'a');
        long sent = 0;
        try (OutputStream out = exchange.getResponseBody()) {
            if (start != null) {
                out.write(start);
                sent += start.length;
            }
            while (sent < 1L << 40) {
                out.write(chunk);
                sent += chunk.length;
            }
        } catch (IOException expected) {
            // the client hung up: what the test wants
        } finally {
            endlessSent.set(sent);
            endlessStopped.countDown();
        }
    }

    private HttpMirror httpMirror(String path) {
        return new HttpMirror(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path), CONNECT, READ,
                new DownloadProgress(log, false), true, null);
    }

    private HttpMirror httpsMirror(String path, boolean loopbackHttp) {
        assumeTrue(tls != null, "no keytool in " + System.getProperty("java.home") + ": HTTPS tests skipped");
        return new HttpMirror(URI.create("https://127.0.0.1:" + https.getAddress().getPort() + path), CONNECT, READ,
                new DownloadProgress(log, false), loopbackHttp, tls.getSocketFactory());
    }

    private String failure(HttpMirror mirror) {
        return assertThrows(IOException.class,
                () -> mirror.fetch(EnumSet.of(LABELS), cache, tiny.sha256())).getMessage();
    }

    private List<String> cacheListing() throws IOException {
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(cache)) {
            return listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void productionMirrorsRefusePlainHttpBeforeConnecting() throws IOException {
        HttpMirror production = new HttpMirror(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/good/"),
                CONNECT, READ, new DownloadProgress(log, false));
        String message = failure(production);
        assertTrue(message.endsWith("/good/t10k-labels-idx1-ubyte.gz: refused: only HTTPS URLs are downloaded from"),
                message);
        assertEquals(0, requests("http /good/"), "no request was made");
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void theTestSwitchAdmitsPlainHttpToLiteralLoopbackAddressesOnly() {
        HttpMirror test = httpMirror("/good/");
        HttpMirror production = new HttpMirror(URI.create("https://example.org/"), CONNECT, READ,
                new DownloadProgress(log, false));
        URI secure = URI.create("https://example.org/mnist/x.gz");
        assertNull(production.refusal(secure, null));
        assertNull(production.refusal(secure, URI.create("https://other.example/y")));
        assertNull(test.refusal(URI.create("http://127.0.0.1:8080/x.gz"), null));
        assertNull(test.refusal(URI.create("http://[::1]:8080/x.gz"), URI.create("http://127.0.0.1/")));
        for (String refused : new String[] {"http://127.0.0.1/x.gz", "http://example.org/x.gz", "ftp://127.0.0.1/x.gz",
            "file:///etc/passwd", "jar:file:/x.jar!/x.gz", "//example.org/x.gz"}) {
            assertTrue(production.refusal(URI.create(refused), null).contains("only HTTPS"), refused);
        }
        for (String refused : new String[] {"http://localhost/x.gz", "http://10.0.0.1/x.gz", "http://192.0.2.1/x.gz",
            "http://127.0.0.1.example.org/x.gz", "ftp://127.0.0.1/x.gz"}) {
            assertTrue(test.refusal(URI.create(refused), null).contains("only HTTPS"), refused);
        }
        String downgrade = test.refusal(URI.create("http://127.0.0.1/x.gz"), secure);
        assertEquals("refused: a download that started over HTTPS never continues over http", downgrade);
    }

    @Test
    void httpsDownloadsFollowRedirectsThatStayOnHttps() throws IOException {
        httpsMirror("/hop2/", false).fetch(EnumSet.of(LABELS), cache, tiny.sha256());
        assertArrayEquals(tiny.contents.get(LABELS), Files.readAllBytes(cache.resolve(LABELS.fileName())));
        assertEquals(1, requests("https /hop2/"));
        assertEquals(1, requests("https /hop1/"));
        assertEquals(1, requests("https /good/"));
    }

    @Test
    void aRedirectFromHttpsToHttpIsRefusedEvenWithTheTestSwitch() throws IOException {
        String message = failure(httpsMirror("/downgrade/", true));
        assertTrue(message.contains("/downgrade/t10k-labels-idx1-ubyte.gz: redirected to http://127.0.0.1:"), message);
        assertTrue(message.endsWith("/good/t10k-labels-idx1-ubyte.gz: refused: a download that started over HTTPS"
                + " never continues over http"), message);
        assertEquals(0, requests("http /good/"), "the http URL was never requested");
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void redirectsToOtherSchemesOrNonLoopbackHttpAreRefused() throws IOException {
        assertTrue(failure(httpMirror("/to-file/")).endsWith("redirected to file:///etc/passwd: refused: only HTTPS"
                + " URLs are downloaded from"));
        assertTrue(failure(httpMirror("/to-ftp/")).contains("redirected to ftp://127.0.0.1/mnist/"));
        String remote = failure(httpMirror("/to-remote-http/"));
        assertTrue(remote.endsWith("redirected to http://192.0.2.1/mnist/t10k-labels-idx1-ubyte.gz: refused: only"
                + " HTTPS URLs are downloaded from"), remote);
        String noLocation = failure(httpMirror("/no-location/"));
        assertTrue(noLocation.endsWith("/no-location/t10k-labels-idx1-ubyte.gz: HTTP 302 redirect without a Location"
                + " header"), noLocation);
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void aRedirectLoopStopsAfterTheHopLimit() throws IOException {
        String message = failure(httpMirror("/loop/"));
        assertTrue(message.contains("more than " + HttpMirror.MAX_REDIRECTS + " redirects"), message);
        assertEquals(HttpMirror.MAX_REDIRECTS + 1, requests("http /loop/"));
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void anEndlessBodyIsAbandonedAsSoonAsItPassesTheFilesLimit() throws Exception {
        for (boolean secure : new boolean[] {true, false}) {
            long limit = LABELS.downloadLimit();
            endlessStopped = new CountDownLatch(1);
            long start = System.nanoTime();
            String message = failure(secure ? httpsMirror("/endless/", false) : httpMirror("/endless/"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(message.endsWith("/endless/t10k-labels-idx1-ubyte.gz: more than " + limit
                    + " bytes, refused (stopped after " + (limit + 1) + ")"), message);
            assertTrue(endlessStopped.await(20, TimeUnit.SECONDS), "the server is still sending");
            System.out.printf("HttpMirrorTest: endless %s body refused after %d bytes (limit %d) in %d ms; the server"
                    + " had sent %d when the connection closed%n", secure ? "HTTPS" : "HTTP", limit + 1, limit, millis,
                    endlessSent.get());
            assertEquals(List.of(), cacheListing());
        }
    }

    @Test
    void anEndlessGzipHeaderIsCutOffByTheSameLimit() throws IOException {
        // The gzip header's file name never ends: no decompressed byte ever comes out, only the wire count stops it.
        String message = failure(httpMirror("/endless-gzip-name/"));
        assertTrue(message.contains("more than " + LABELS.downloadLimit() + " bytes, refused"), message);
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void anAnnouncedOversizedBodyIsRefusedBeforeReading() throws IOException {
        String message = failure(httpMirror("/announced/"));
        assertTrue(message.endsWith("the server announces 10000000000 bytes, more than the " + LABELS.downloadLimit()
                + " this file can take: refused before reading"), message);
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void aGzipBombIsRefusedOnceItDecompressesPastTheLimit() throws IOException {
        String message = failure(httpMirror("/bomb/"));
        assertTrue(message.endsWith("more than " + LABELS.downloadLimit() + " bytes once decompressed, refused"),
                message);
        assertEquals(List.of(), cacheListing());
    }
}
