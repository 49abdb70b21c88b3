package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nn.examples.ui.Dashboard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in a real browser (headless Chromium), used as a person would: open the address {@code train --ui}
 * prints, watch the curves grow epoch by epoch, then draw digits with pointer actions and read the answer; and the
 * same for {@code serve} with a saved model. Skipped, saying why, only when chromium or chromedriver is missing.
 */
class DashboardBrowserTest {

    /** The predicted class must be on the page this soon after the pointer is released (median of 7 strokes). */
    static final double STROKE_TO_ANSWER_MS = 50;

    static final Duration START = Duration.ofSeconds(90);

    @TempDir
    static Path temp;

    static Path data;

    /**
     * Enough images that each epoch of a [784, 100, 10] network on the looped engine runs longer than the page's
     * update interval: 32,000 (26,667 for training). With 16,000, epochs took 3.8–5.7 s on an Intel Xeon build
     * machine and 1.4–1.6 s on an AMD EPYC (Zen 5) one, too short there for the check below.
     */
    static Path longEpochs;
    static Browser browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = Browser.startOrSkip("DashboardBrowserTest", 1000, 1400);
        // Enough training images that an epoch of the looped engine takes a visible fraction of a second, so the
        // page sees every epoch end.
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 1200, 200, 5);
        longEpochs = SyntheticDigits.writeIdx(temp.resolve("idx-long"), 32_000, 200, 6);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theCurvesGrowEveryEpochThenADrawnDigitIsClassifiedAsPredictDoes() throws Exception {
        int epochs = 6;
        Path model = temp.resolve("trained.json");
        try (NnProcess nn = NnProcess.start(temp, "train", "--dataset", "idx", "--data", longEpochs.toString(),
                "--sizes", "784,100,10", "--engine", "looped", "--epochs", Integer.toString(epochs), "--seed", "1",
                "--ui", "--save", model.toString())) {
            URI address = nn.address(START);
            assertEquals("127.0.0.1", address.getHost(), "binds to loopback by default");
            assertTrue(address.getPort() > 0);
            browser.open(address);
            browser.waitFor(Duration.ofSeconds(10), "the page shows the run's settings",
                    d -> browser.element("settings").getText().contains("784,100,10"));
            assertTrue(nn.lines().stream().noneMatch(l -> l.startsWith("epoch " + epochs + "/")),
                    "the page loaded while training ran:\n" + nn);

            browser.waitFor(Duration.ofSeconds(240), "the page says training is done",
                    d -> browser.element("state").getText().equals("training done"));
            List<String> epochLines = nn.lines().stream().filter(l -> l.startsWith("epoch ")).toList();
            assertEquals(epochs, epochLines.size(), nn.toString());

            @SuppressWarnings("unchecked")
            List<Map<String, Object>> renders = (List<Map<String, Object>>) browser.js(
                    "return window.nn.historyRenders;");
            System.out.println("DashboardBrowserTest: the curves were drawn with " + renders + " (epochs done,"
                    + " validation points on the page); epoch lines: " + epochLines);
            List<Long> seen = new ArrayList<>();
            for (Map<String, Object> render : renders) {
                long done = (Long) render.get("epochs");
                assertEquals(done, (long) (Long) render.get("points"), "one point per epoch done: " + renders);
                assertTrue(seen.isEmpty() || seen.get(seen.size() - 1) <= done, "never fewer points: " + renders);
                if (seen.isEmpty() || seen.get(seen.size() - 1) != done) {
                    seen.add(done);
                }
            }
            assertTrue(seen.get(0) <= 1, "the page was open before epoch 2 ended: " + seen);
            assertEquals(epochs, (long) seen.get(seen.size() - 1));
            // The page gets at most one write an interval, so the points of short epochs may come together. Epoch
            // k's history is published at T(k) and goes out at the first write allowed after it; every earlier
            // write was before T(k), so one is allowed by T(k) + interval. It goes out on its own, then, whenever
            // epoch k + 1 (its printed seconds; its monitoring only adds to the gap) outlasts the interval: 0.1 s
            // more covers the rounding of the printed seconds and the writing thread's own delay. The last
            // epoch's point always shows (asserted above).
            double interval = Dashboard.UPDATE_INTERVAL_MILLIS / 1000.0;
            Pattern epochLine = Pattern.compile("^epoch (\\d+)/\\d+\\s+([0-9.]+) s");
            int checked = 0;
            for (String line : epochLines) {
                Matcher m = epochLine.matcher(line);
                assertTrue(m.find(), line);
                long next = Long.parseLong(m.group(1));
                if (next >= 2 && Double.parseDouble(m.group(2)) >= interval + 0.1) {
                    checked++;
                    assertTrue(seen.contains(next - 1), "a point after epoch " + (next - 1) + ", since epoch " + next
                            + " outlasted the page's update interval: " + seen + "\n" + epochLines);
                }
            }
            assertTrue(checked >= 3, "at least 3 of epochs 2-" + epochs + " must run " + (interval + 0.1) + " s or"
                    + " longer for this test to see a point after each (make the data larger): " + epochLines);
            assertEquals(Integer.toString(epochs), browser.element("cost-chart").getAttribute("data-points-validation"),
                    "the cost chart has a validation point per epoch");
            assertEquals("100", browser.element("weights").getAttribute("data-count"), "a picture per hidden unit");
            assertEquals(11, browser.driver.findElements(By.cssSelector("#confusion tr")).size(),
                    "the test set's confusion matrix: a header and ten rows");
            nn.awaitLine("training done: the dashboard stays up at " + address, Duration.ofSeconds(10));

            List<Double> latencies = drawDigits();
            comparesWithPredict(model);
            checkLatencies("train --ui", latencies);
        }
    }

    @Test
    void serveShowsASavedModelAndClassifiesDrawings() throws Exception {
        Path model = temp.resolve("served.json");
        Cli trained = Cli.run("train", "--dataset", "idx", "--data", data.toString(), "--sizes", "784,20,10",
                "--epochs", "2", "--seed", "3", "--save", model.toString());
        assertEquals(0, trained.exitCode, trained.toString());
        try (NnProcess nn = NnProcess.start(temp, "serve", "--model", model.toString(), "--dataset", "idx",
                "--data", data.toString())) {
            URI address = nn.address(START);
            assertEquals("127.0.0.1", address.getHost());
            browser.open(address);
            browser.waitFor(Duration.ofSeconds(10), "the drawing canvas opens",
                    d -> browser.element("draw-section").isDisplayed());
            assertEquals("saved model", browser.element("state").getText());
            assertTrue(browser.element("settings").getText().contains(model.toString()));
            assertEquals(11, browser.driver.findElements(By.cssSelector("#confusion tr")).size());
            assertEquals("20", browser.element("weights").getAttribute("data-count"));
            assertTrue(browser.element("confusion-caption").getText().contains("of 200 right"),
                    browser.element("confusion-caption").getText());
            List<Double> latencies = drawDigits();
            comparesWithPredict(model);
            checkLatencies("serve", latencies);
        }
    }

    /**
     * Draws digits with pointer actions, checking each stroke gets an answer; returns the times from release to
     * answer of all strokes but the first, which warms up the server's code (in a fresh JVM it runs interpreted).
     */
    private static List<Double> drawDigits() {
        WebElement pad = browser.element("pad");
        WebElement clear = browser.element("clear");
        List<int[][]> strokes = List.of(
                Browser.line(0, -90, 0, 90, 6),               // 1, to warm up
                Browser.ellipse(0, 0, 55, 90, 14),            // 0
                Browser.line(-60, -80, 60, -80, 4),           // the bar of a 7 ...
                Browser.line(60, -80, -10, 90, 6),            // ... and its stem, a second stroke
                DashboardScreenshots.two(2),                  // 2
                Browser.line(10, -90, -10, 90, 6),            // 1
                Browser.ellipse(0, -45, 40, 42, 12),          // the loop of a 9 ...
                Browser.line(40, -45, 30, 90, 5));            // ... and its tail
        List<Integer> clearBefore = List.of(1, 2, 4, 5, 6);
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < strokes.size(); i++) {
            if (clearBefore.contains(i)) {
                clear.click();
                assertEquals("–", browser.element("predicted").getText(), "clearing empties the answer");
            }
            int before = latencies(browser).size();
            browser.stroke(pad, strokes.get(i));
            browser.waitFor(Duration.ofSeconds(10), "an answer to stroke " + (i + 1),
                    d -> latencies(browser).size() > before);
            String predicted = browser.element("predicted").getText();
            assertTrue(predicted.matches("[0-9]"), "a class on the page: " + predicted);
            assertEquals(10, browser.driver.findElements(By.cssSelector("#bars .bar")).size());
            List<Double> all = latencies(browser);
            if (i > 0) {
                latencies.add(all.get(all.size() - 1));
            }
        }
        return latencies;
    }

    /** The median of the stroke-to-answer times must be within {@link #STROKE_TO_ANSWER_MS}. */
    private static void checkLatencies(String run, List<Double> latencies) {
        List<Double> sorted = latencies.stream().sorted().toList();
        double median = (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2;
        System.out.printf(java.util.Locale.ROOT, "DashboardBrowserTest (%s): stroke end to answer on the page:"
                + " median %.1f ms, max %.1f ms, all %s%n", run, median, sorted.get(sorted.size() - 1), latencies);
        assertTrue(median < STROKE_TO_ANSWER_MS, "median " + median + " ms from stroke end to answer: "
                + latencies);
    }

    @SuppressWarnings("unchecked")
    private static List<Double> latencies(Browser b) {
        return ((List<Number>) b.js("return window.nn.strokeLatencies;")).stream().map(Number::doubleValue).toList();
    }

    /**
     * The drawing on the canvas, saved as a PNG and given to {@code nn predict}, gets the class and probability the
     * page shows: the page goes through the same preparation.
     */
    private static void comparesWithPredict(Path model) throws IOException {
        String url = (String) browser.js("return document.getElementById('pad').toDataURL('image/png');");
        Path png = Files.createTempFile(temp, "drawn", ".png");
        Files.write(png, Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)));
        Cli predicted = Cli.run("predict", "--model", model.toString(), png.toString());
        assertEquals(0, predicted.exitCode, predicted.toString());
        Matcher m = Pattern.compile(Pattern.quote(png.toString()) + ": (\\d) \\(([0-9.]+)%\\)").matcher(predicted.out);
        assertTrue(m.find(), predicted.toString());
        String onPage = browser.element("predicted").getText();
        assertEquals(m.group(1), onPage, "predict and the page agree on the class");
        String barText = browser.driver.findElements(By.cssSelector("#bars .bar .value")).get(Integer.parseInt(onPage))
                .getText();
        double pagePercent = Double.parseDouble(barText.replace("%", ""));
        assertEquals(Double.parseDouble(m.group(2)), pagePercent, 0.1001, "and on its probability: " + barText);
    }
}
