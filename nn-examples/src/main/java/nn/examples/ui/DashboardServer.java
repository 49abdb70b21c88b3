package nn.examples.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's HTTP server, on the JDK's own {@code com.sun.net.httpserver}: the page (three files read from the
 * jar), {@code GET /events} (server-sent events) and {@code POST /predict} (a drawn digit's pixels, answered with
 * the ten probabilities).
 *
 * <p>Safe by default: it binds to the host given (127.0.0.1 unless the user says otherwise); it answers 403 to any
 * request whose {@code Host} header is not an address it serves (DNS rebinding) and to a POST from a page of
 * another origin; a body larger than {@link #MAX_BODY_BYTES}, or one that does not match its declared size, gets a
 * 400 with a JSON error; nothing it serves reads or writes a file.
 */
public final class DashboardServer implements AutoCloseable {

    /** A drawing is at most this many pixels on a side. */
    static final int MAX_SIDE = 1024;

    /** The largest request body read: one byte per pixel of the largest drawing. */
    static final int MAX_BODY_BYTES = MAX_SIDE * MAX_SIDE;

    /** Open pages at once; each holds a server thread for its event stream. */
    static final int MAX_EVENT_CLIENTS = 8;

    private static final String RESOURCES = "/nn/examples/ui/";
    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/app.js", "app.js",
            "/style.css", "style.css");
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final HttpServer server;
    private final ExecutorService threads;
    private final HostCheck hosts;
    private final EventStream events = new EventStream(MAX_EVENT_CLIENTS);
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final String host;
    private volatile DigitClassifier classifier;

    private DashboardServer(HttpServer server, ExecutorService threads, String host) {
        this.server = server;
        this.threads = threads;
        this.host = host;
        this.hosts = new HostCheck(host, server.getAddress().getPort());
        for (String file : FILES.values()) {
            files.put(file, resource(file));
        }
        server.createContext("/", this::handle);
    }

    /**
     * Starts a server on {@code host}:{@code port}; port 0 takes a free one.
     *
     * @param host the address to listen on, e.g. {@code 127.0.0.1}, or {@code 0.0.0.0} for every interface;
     *             requests whose {@code Host} header is not it, a loopback name or (for every interface) an address
     *             literal are refused (see {@link HostCheck})
     * @param port the TCP port, or 0 for a free one (see {@link #port()})
     * @return the running server, on daemon threads
     * @throws java.net.BindException when the port is taken or the host is not an address of this machine
     * @throws IOException            if the server cannot be created
     */
    public static DashboardServer start(String host, int port) throws IOException {
        // Event streams hold a thread each; the others serve the page and predictions.
        AtomicInteger count = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(MAX_EVENT_CLIENTS + 4, r -> {
            Thread t = new Thread(r, "nn-dashboard-" + count.incrementAndGet());
            t.setDaemon(true); // never keeps the JVM alive
            return t;
        });
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 32);
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            throw e;
        }
        server.setExecutor(threads);
        DashboardServer dashboard = new DashboardServer(server, threads, host);
        server.start();
        return dashboard;
    }

    /** {@return the address to open, e.g. {@code http://127.0.0.1:41234/}} */
    public URI address() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + h + ":" + server.getAddress().getPort() + "/");
    }

    /** {@return the port listened on, the one chosen when 0 was asked for} */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Pushes {@code json} to every open page as the new state of {@code kind}; never blocks. */
    void publish(EventKind kind, String json) {
        events.publish(kind, json);
    }

    /** The current state of {@code kind}, or null. */
    String latest(EventKind kind) {
        return events.latest(kind);
    }

    EventStream events() {
        return events;
    }

    /** Lets the page classify drawings from now on. */
    void classifier(DigitClassifier classifier) {
        this.classifier = classifier;
    }

    /**
     * Blocks until {@link #close()}.
     *
     * @throws InterruptedException if the waiting thread is interrupted first
     */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        events.close();
        server.stop(0);
        threads.shutdownNow();
        closed.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            String hostHeader = exchange.getRequestHeaders().getFirst("Host");
            if (!hosts.allows(hostHeader)) {
                Responses.error(exchange, 403, "Host " + (hostHeader == null ? "(none)" : hostHeader)
                        + " is not an address this dashboard serves; open " + address());
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (path.equals("/predict")) {
                if (!method.equals("POST")) {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    Responses.error(exchange, 405, "/predict takes POST");
                } else if (!hosts.allowsOrigin(exchange.getRequestHeaders().getFirst("Origin"))) {
                    Responses.error(exchange, 403, "Origin " + exchange.getRequestHeaders().getFirst("Origin")
                            + " may not use this dashboard");
                } else {
                    predict(exchange);
                }
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                Responses.error(exchange, 405, path + " takes GET");
                return;
            }
            if (path.equals("/events")) {
                events.serve(exchange);
                return;
            }
            String file = FILES.get(path);
            if (file == null) {
                Responses.error(exchange, 404, "no such page: " + path);
                return;
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            Responses.send(exchange, 200, contentType(file), method.equals("HEAD") ? new byte[0] : files.get(file));
        }
    }

    /**
     * {@code POST /predict?w=W&h=H} with W × H bytes, one grey level per pixel row by row (0 black, 255 white), as
     * the page reads them off its canvas.
     */
    private void predict(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int w = dimension(query.get("w"));
        int h = dimension(query.get("h"));
        if (w < 0 || h < 0) {
            Responses.error(exchange, 400, "expected /predict?w=W&h=H with W and H from 1 to " + MAX_SIDE);
            return;
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && !declared.equals(Integer.toString(w * h))) {
            Responses.error(exchange, 400, "expected a body of " + w + " × " + h + " = " + (w * h)
                    + " bytes, Content-Length says " + declared);
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), w * h + 1);
        if (body.length != w * h) {
            Responses.error(exchange, 400, "expected a body of " + w + " × " + h + " = " + (w * h) + " bytes, got "
                    + (body.length > w * h ? "more" : Integer.toString(body.length)));
            return;
        }
        DigitClassifier c = classifier;
        if (c == null) {
            Responses.error(exchange, 503, "no trained network yet: the drawing page opens when training ends");
            return;
        }
        // RGB, not TYPE_BYTE_GRAY: getRGB on a grey image converts from linear grey to sRGB, which would make the
        // page's picture lighter than the same drawing saved as a PNG and given to `nn predict`.
        int[] rgb = new int[w * h];
        for (int i = 0; i < rgb.length; i++) {
            int v = body[i] & 0xFF;
            rgb[i] = (v << 16) | (v << 8) | v;
        }
        BufferedImage picture = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        picture.setRGB(0, 0, w, h, rgb, 0, w);
        DigitClassifier.Prediction p = c.classify(picture);
        int best = 0;
        for (int k = 1; k < p.probabilities().length; k++) {
            if (p.probabilities()[k] > p.probabilities()[best]) {
                best = k;
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("predicted", best);
        answer.put("probabilities", p.probabilities());
        answer.put("side", p.side());
        answer.put("input", Pixels.unsigned(p.input()));
        Responses.json(exchange, 200, answer);
    }

    /** Reads up to {@code limit} bytes (never more than {@link #MAX_BODY_BYTES} + 1), whatever the client sends. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        return in.readNBytes(Math.min(limit, MAX_BODY_BYTES + 1));
    }

    private static int dimension(String value) {
        if (value == null || value.isEmpty() || value.length() > 4 || !value.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        int v = Integer.parseInt(value);
        return v >= 1 && v <= MAX_SIDE ? v : -1;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }

    private static String contentType(String file) {
        if (file.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }

    private static byte[] resource(String name) {
        try (InputStream in = DashboardServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + RESOURCES + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
