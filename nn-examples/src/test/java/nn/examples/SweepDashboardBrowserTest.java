package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nn.examples.sweep.ResultsFile;
import nn.examples.sweep.TrialResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * {@code nn sweep --ui} in a real browser (headless Chromium): a resumed 2 × 2 grid whose first two trials are in
 * the results file already. The page shows those at once, gains a row as each new trial finishes, keeps the rows in
 * validation order, and shows the test accuracy only once it is measured. Skipped, saying why, only when chromium or
 * chromedriver is missing.
 */
class SweepDashboardBrowserTest {

    @TempDir
    static Path temp;

    static Path data;
    static Browser browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.startOrSkip("SweepDashboardBrowserTest", 1000, 1400);
        // 20,000 training and 4,000 validation images, trained by the looped engine: a trial takes long enough that
        // the page is open before the first new one ends, and well over the page's update interval
        // (Dashboard.UPDATE_INTERVAL_MILLIS), so that each finished trial is drawn on its own, also on a machine
        // twice as fast as the one that 12,000 images were chosen on.
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 24_000, 100, 5);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private static List<String> sweep(Path results, String eta, String lambda, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--dataset", "idx", "--data", data.toString(),
                "--sizes", "784,30,10", "--engine", "looped", "--epochs", "2", "--eta", eta, "--lambda", lambda,
                "--seeds", "1", "--parallel", "1", "--top", "3", "--results", results.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void theTableShowsRecordedTrialsAtOnceAndGainsRowsInValidationOrder() throws Exception {
        Path results = temp.resolve("results.jsonl");
        Cli before = Cli.run(sweep(results, "0.05,0.3", "0", "--no-test").toArray(String[]::new));
        assertEquals(0, before.exitCode, before.toString());
        try (NnProcess nn = NnProcess.start(temp, sweep(results, "0.05,0.3", "0,1", "--ui", "0")
                .toArray(String[]::new))) {
            URI address = nn.address(Duration.ofSeconds(60));
            assertEquals("127.0.0.1", address.getHost(), "binds to loopback by default");
            browser.open(address);
            browser.waitFor(Duration.ofSeconds(120), "the page says the sweep is done",
                    d -> browser.element("state").getText().equals("sweep done"));
            nn.awaitLine("sweep done: the dashboard stays up at " + address + " until Ctrl-C",
                    Duration.ofSeconds(10));

            @SuppressWarnings("unchecked")
            List<Map<String, Object>> renders = (List<Map<String, Object>>) browser.js(
                    "return window.nn.sweepRenders;");
            System.out.println("SweepDashboardBrowserTest: the table was drawn with " + renders);
            assertEquals(2L, renders.get(0).get("finished"), "the page opened after a new trial had finished, so"
                    + " it cannot show that recorded trials appear at once; make the trials longer: " + renders
                    + "\n" + nn);
            assertEquals(2L, renders.get(0).get("rows"), "the two recorded trials at once: " + renders);
            List<Long> rows = new ArrayList<>();
            for (Map<String, Object> r : renders) {
                long n = (Long) r.get("rows");
                assertEquals((long) (Long) r.get("finished"), n, "a row per finished configuration: " + renders);
                assertTrue(rows.isEmpty() || rows.get(rows.size() - 1) <= n, "rows are never lost: " + renders);
                if (rows.isEmpty() || rows.get(rows.size() - 1) != n) {
                    rows.add(n);
                }
                assertEquals(Math.min(3L, n), r.get("curves"), "the best 3 trials' curves: " + renders);
                if (n < 4) {
                    assertEquals(false, r.get("test"), "no test accuracy before every trial ran: " + renders);
                }
            }
            assertEquals(List.of(2L, 3L, 4L), rows, "a row more as each trial finished (a trial shorter than the"
                    + " page's update interval may come with the next; make the trials longer): " + renders + "\n" + nn);

            // The rows in validation order, each with the accuracy its trial recorded.
            Map<String, Double> recorded = new HashMap<>();
            for (TrialResult r : new ResultsFile(results).read().values()) {
                recorded.put(r.settings().get("eta") + " " + r.settings().get("lambda"), r.validationFraction());
            }
            List<WebElement> shown = browser.driver.findElements(By.cssSelector("#sweep-table tr.row"));
            assertEquals(4, shown.size());
            double previous = Double.POSITIVE_INFINITY;
            for (WebElement row : shown) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                String configuration = cells.get(1).getText() + " " + cells.get(2).getText();
                double percent = Double.parseDouble(cells.get(3).getText().replaceFirst("%.*", ""));
                assertEquals(100 * recorded.get(configuration), percent, 0.005, configuration);
                assertTrue(percent <= previous, "sorted by validation accuracy, best first");
                previous = percent;
            }
            assertTrue(shown.get(0).getAttribute("class").contains("chosen"));
            assertTrue(browser.element("sweep-section").getText().contains("Ranked by validation accuracy only"));

            String testLine = nn.lines().stream().filter(l -> l.startsWith("test accuracy")).findFirst()
                    .orElseThrow(() -> new AssertionError(nn.toString()));
            String pageTest = browser.element("sweep-test").getText();
            assertTrue(pageTest.startsWith("test accuracy of the chosen configuration"), pageTest);
            assertTrue(pageTest.endsWith(testLine.substring(testLine.indexOf(": ") + 2)), pageTest + " / "
                    + testLine);
            assertEquals("3", browser.element("sweep-chart").getAttribute("data-lines"), "a curve per trial shown");
            assertEquals(3, browser.driver.findElements(By.cssSelector("#sweep-legend li")).size());
            for (String training : List.of("progress-section", "curves-section", "draw-section", "mistakes-section",
                    "weights-section", "confusion-section")) {
                assertFalse(browser.element(training).isDisplayed(), training + " is for training, not a sweep");
            }

            assertEquals(403, status(address.getPort(), "evil.example:" + address.getPort()), "DNS rebinding");
            assertEquals(200, status(address.getPort(), "127.0.0.1:" + address.getPort()));
        }
    }

    /** The status of {@code GET /} sent with the given Host header, written by hand (Java's clients set Host). */
    private static int status(int port, String host) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder status = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                status.append((char) b);
            }
            return Integer.parseInt(status.toString().split(" ")[1]);
        }
    }
}
