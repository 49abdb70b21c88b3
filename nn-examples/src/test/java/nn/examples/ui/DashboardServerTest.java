package nn.examples.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard server without a browser: what it answers, what it refuses, and that it never blocks a publisher. */
class DashboardServerTest {

    private Dashboard dashboard;
    private int port;
    private String host;

    @BeforeEach
    void start() throws IOException {
        dashboard = Dashboard.start("127.0.0.1", 0);
        port = dashboard.address().getPort();
        host = "127.0.0.1:" + port;
    }

    @AfterEach
    void stop() {
        dashboard.close();
    }

    private RawHttp.Response get(String path, String hostHeader) throws IOException {
        return RawHttp.request(port, "GET", path, hostHeader, Map.of(), null);
    }

    private RawHttp.Response predict(String query, byte[] body, Map<String, String> headers) throws IOException {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Length", Integer.toString(body.length));
        return RawHttp.request(port, "POST", "/predict" + query, host, all, body);
    }

    private static JsonNode json(RawHttp.Response response) throws IOException {
        assertTrue(response.headers().get("content-type").startsWith("application/json"), response.toString());
        return Responses.JSON.readTree(response.body());
    }

    @Test
    void servesThePageFromTheJarOnlyToItsOwnAddress() throws IOException {
        for (String page : List.of("/", "/app.js", "/style.css")) {
            RawHttp.Response ok = get(page, host);
            assertEquals(200, ok.status(), page);
            assertTrue(ok.body().length() > 100, page);
            assertTrue(ok.headers().get("content-security-policy").contains("default-src 'none'"), page);
        }
        assertEquals(200, get("/", "localhost:" + port).status());
        assertEquals(404, get("/../pom.xml", host).status());
        assertEquals(404, get("/etc/passwd", host).status());
    }

    @Test
    void aForeignHostGets403WithAJsonError() throws IOException {
        for (String foreign : List.of("evil.example:" + port, "evil.example", "127.0.0.1:" + (port + 1),
                "localhost.evil.example:" + port, "127.0.0.1")) {
            for (String path : List.of("/", "/events", "/app.js")) {
                RawHttp.Response refused = get(path, foreign);
                assertEquals(403, refused.status(), foreign + path);
                assertTrue(json(refused).get("error").asText().contains(foreign), refused.body());
            }
        }
        RawHttp.Response noHost = RawHttp.request(port, "GET", "/", null, Map.of(), null);
        assertTrue(noHost.status() == 400 || noHost.status() == 403, "no Host header: " + noHost.status());
        RawHttp.Response post = RawHttp.request(port, "POST", "/predict?w=1&h=1", "evil.example:" + port,
                Map.of("Content-Length", "1"), new byte[1]);
        assertEquals(403, post.status());
    }

    @Test
    void aPostFromAnotherOriginGets403() throws IOException {
        dashboard.classifier(picture -> new DigitClassifier.Prediction(new double[10], new double[4], 2));
        RawHttp.Response refused = predict("?w=2&h=2", new byte[4], Map.of("Origin", "http://evil.example"));
        assertEquals(403, refused.status());
        assertTrue(json(refused).get("error").asText().contains("evil.example"));
        RawHttp.Response same = predict("?w=2&h=2", new byte[4], Map.of("Origin", "http://" + host));
        assertEquals(200, same.status(), same.body());
    }

    @Test
    void badBodiesGet400WithAJsonError() throws IOException {
        dashboard.classifier(picture -> new DigitClassifier.Prediction(new double[10], new double[4], 2));
        Object[][] cases = {
            {"?w=10&h=10", new byte[99], "100 bytes"},             // too short
            {"?w=10&h=10", new byte[101], "100 bytes"},            // too long
            {"", new byte[4], "w=W&h=H"},                          // no size
            {"?w=0&h=4", new byte[0], "w=W&h=H"},                  // empty picture
            {"?w=2000&h=2000", new byte[16], "w=W&h=H"},           // larger than allowed
            {"?w=-2&h=2", new byte[4], "w=W&h=H"},
            {"?w=2x&h=2", new byte[4], "w=W&h=H"},
        };
        for (Object[] c : cases) {
            RawHttp.Response bad = predict((String) c[0], (byte[]) c[1], Map.of());
            assertEquals(400, bad.status(), c[0] + " " + ((byte[]) c[1]).length + ": " + bad.body());
            assertTrue(json(bad).get("error").asText().contains((String) c[2]), bad.body());
        }
        // A Content-Length far beyond the cap is refused before anything is read.
        RawHttp.Response huge = RawHttp.request(port, "POST", "/predict?w=1024&h=1024", host,
                Map.of("Content-Length", "4000000000"), new byte[0]);
        assertEquals(400, huge.status(), huge.body());
        // Chunked (no Content-Length), more bytes than the picture has: cut off at the cap, refused.
        RawHttp.Response chunked = RawHttp.request(port, "POST", "/predict?w=4&h=4", host,
                Map.of("Transfer-Encoding", "chunked"), "20\r\n0123456789abcdef0123456789abcdef\r\n0\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, chunked.status(), chunked.body());
        assertEquals(405, RawHttp.request(port, "GET", "/predict?w=1&h=1", host, Map.of(), null).status());
        assertEquals(405, RawHttp.request(port, "DELETE", "/", host, Map.of(), null).status());
    }

    @Test
    void predictsWithTheClassifierOnceThereIsOne() throws IOException {
        RawHttp.Response early = predict("?w=3&h=2", new byte[6], Map.of());
        assertEquals(503, early.status());
        assertTrue(json(early).has("error"));

        int[] seen = new int[2];
        dashboard.classifier(picture -> {
            seen[0] = picture.getWidth();
            seen[1] = picture.getHeight();
            double[] p = new double[10];
            p[7] = 0.9;
            p[1] = 0.1;
            return new DigitClassifier.Prediction(p, new double[] {0, 1, 0.5, 0}, 2);
        });
        RawHttp.Response ok = predict("?w=3&h=2", new byte[] {0, (byte) 255, 0, 0, 0, 0}, Map.of());
        assertEquals(200, ok.status(), ok.body());
        JsonNode answer = json(ok);
        assertEquals(7, answer.get("predicted").asInt());
        assertEquals(0.9, answer.get("probabilities").get(7).asDouble());
        assertEquals(3, seen[0]);
        assertEquals(2, seen[1]);
        assertEquals("AP+AAA==", answer.get("input").asText());
    }

    @Test
    void aNewPageStartsFromTheCurrentState() throws IOException {
        dashboard.progress(2, 5, 10, 100);
        dashboard.progress(2, 5, 20, 100);
        String events = eventsUntil("progress");
        assertTrue(events.contains("event: progress\ndata: {\"epoch\":2,\"epochs\":5,\"done\":20,\"total\":100}"),
                events);
        assertTrue(!events.contains("\"done\":10"), "only the newest progress: " + events);
    }

    /**
     * A page that stops reading (a frozen or vanished browser): the publisher goes on at full speed, updates pile up
     * nowhere, and the ones the page could not take are counted as dropped.
     */
    @Test
    void aClientThatDoesNotReadNeverSlowsThePublisher() throws Exception {
        char[] filler = new char[64 * 1024];
        Arrays.fill(filler, 'x');
        String big = "\"" + new String(filler) + "\"";
        try (Socket stuck = new Socket(InetAddress.getLoopbackAddress(), port)) {
            stuck.setReceiveBufferSize(4096);
            stuck.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dashboard.server().events().clients() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(1, dashboard.server().events().clients(), "the stuck page is connected");
            int updates = 2000; // 2000 × 64 KiB = 125 MiB: far more than any socket buffers
            long slowest = 0;
            long start = System.nanoTime();
            for (int i = 0; i < updates; i++) {
                long t0 = System.nanoTime();
                dashboard.server().publish(EventKind.WEIGHTS, big);
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            double totalMs = (System.nanoTime() - start) / 1e6;
            long dropped = dashboard.server().events().dropped();
            System.out.printf("DashboardServerTest: %d updates of 64 KiB to a page that does not read: %.1f ms in"
                    + " all, slowest %.3f ms, %d dropped%n", updates, totalMs, slowest / 1e6, dropped);
            assertTrue(dropped > updates / 2, "most updates were dropped, not queued: " + dropped);
            assertTrue(slowest < TimeUnit.MILLISECONDS.toNanos(100), "slowest publish " + slowest / 1e6 + " ms");
        }
    }

    /**
     * Updates published faster than {@link EventStream#UPDATE_INTERVAL_MILLIS} reach a page in writes at least that
     * far apart, each carrying the newest of each kind; the last one published always arrives, and an update after a
     * quiet spell goes out at once.
     */
    @Test
    void aPageGetsAtMostOneWriteAnIntervalAndTheNewestStateAlwaysArrives() throws Exception {
        long interval = EventStream.UPDATE_INTERVAL_MILLIS;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (dashboard.server().events().clients() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            // Progress every 20 ms for 2.5 intervals.
            int updates = (int) (2.5 * interval / 20);
            Thread publisher = new Thread(() -> {
                for (int i = 1; i <= updates; i++) {
                    dashboard.progress(1, 1, i, updates);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            publisher.start();
            // Every progress event with the time its whole text had arrived.
            List<long[]> arrivals = new java.util.ArrayList<>(); // {done, nanoTime}
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[8192];
            java.util.regex.Pattern done = java.util.regex.Pattern.compile(
                    "event: progress\ndata: \\{[^\n]*\"done\":(\\d+),[^\n]*\n\n");
            int from = 0;
            while (arrivals.isEmpty() || arrivals.get(arrivals.size() - 1)[0] < updates) {
                int n = in.read(buffer);
                assertTrue(n >= 0, "the stream ended early: " + text);
                long now = System.nanoTime();
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                java.util.regex.Matcher m = done.matcher(text);
                while (m.find(from)) {
                    arrivals.add(new long[] {Long.parseLong(m.group(1)), now});
                    from = m.end();
                }
            }
            publisher.join();
            List<String> shown = new java.util.ArrayList<>();
            for (int i = 0; i < arrivals.size(); i++) {
                shown.add(arrivals.get(i)[0] + (i == 0 ? "" : String.format(" after %.0f ms",
                        (arrivals.get(i)[1] - arrivals.get(i - 1)[1]) / 1e6)));
            }
            System.out.println("DashboardServerTest: " + updates + " updates every 20 ms reached the page as " + shown);
            // The first goes out at once; then one write per interval: at most 4 in 2.5 intervals, with 1 to spare
            // for the last update arriving just after an interval ends.
            assertTrue(arrivals.size() <= 5 && arrivals.size() >= 3, "one write an interval: " + shown);
            for (int i = 1; i < arrivals.size(); i++) {
                // The server waits a whole interval after each write; 10% of it is slack for how the reads of
                // two writes can fall on a loaded machine (a late first read shortens the gap seen here).
                assertTrue(arrivals.get(i)[1] - arrivals.get(i - 1)[1]
                        >= TimeUnit.MILLISECONDS.toNanos(interval * 9 / 10), "writes an interval apart: " + shown);
                assertTrue(arrivals.get(i)[0] > arrivals.get(i - 1)[0], "newer each time: " + shown);
            }

            // A quiet spell, then one update: it is not held back.
            Thread.sleep(interval + 200);
            long sent = System.nanoTime();
            dashboard.progress(2, 2, 7, 9);
            String marker = "\"epoch\":2,\"epochs\":2,\"done\":7";
            while (text.indexOf(marker) < 0) {
                int n = in.read(buffer);
                assertTrue(n >= 0, "the stream ended early: " + text);
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            double ms = (System.nanoTime() - sent) / 1e6;
            System.out.printf("DashboardServerTest: an update after a quiet spell arrived in %.1f ms%n", ms);
            // Far below the interval: it went out at once (a loaded machine may still take tens of ms).
            assertTrue(ms < interval / 2.0, "sent at once, not held back: " + ms + " ms");
        }
    }

    /** Reads from /events until an event named {@code name} has arrived whole. */
    private String eventsUntil(String name) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /events HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String marker = "event: " + name + "\n";
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[8192];
            int n;
            while (!(text.indexOf(marker) >= 0 && text.indexOf("\n\n", text.indexOf(marker)) >= 0)
                    && (n = in.read(buffer)) >= 0) {
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return text.toString();
        }
    }
}
