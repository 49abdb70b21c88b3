package nn.examples;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian ({@code chromium}, {@code chromium-driver}) driven by Selenium. The driver is
 * Debian's {@code /usr/bin/chromedriver}, named explicitly, so Selenium Manager never looks for (or downloads) one.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Why the browser cannot run here, or null when it can. */
    static String missing() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return "needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian: apt-get install chromium"
                    + " chromium-driver; .ci/run installs them)";
        }
        return null;
    }

    /**
     * For a test class's setup: skips the class, saying why on stderr and in the report, when the browser cannot
     * run here ({@link #missing}), and starts one otherwise.
     */
    static Browser startOrSkip(String test, int width, int height) throws IOException {
        String missing = missing();
        if (missing != null) {
            System.err.println(test + " skipped: it " + missing);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(missing == null, missing);
        return start(width, height);
    }

    /** Starts a headless browser with a fresh profile and a window of the given size. */
    static Browser start(int width, int height) throws IOException {
        Path profile = Files.createTempDirectory("nn-chromium-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Flags that work as root in a container: no sandbox, no GPU, and nothing that reaches the internet.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                "--disable-backgrounding-occluded-windows", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        return new Browser(new ChromeDriver(service, options), profile);
    }

    void open(URI address) {
        driver.get(address.toString());
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    <T> T waitFor(Duration timeout, String what, ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, timeout).withMessage(what).pollingEvery(Duration.ofMillis(50))
                .until(condition);
    }

    WebElement element(String id) {
        return driver.findElement(By.id(id));
    }

    /**
     * Draws one stroke on {@code pad} with real pointer actions: press at the first point, move through the others,
     * release. Points are offsets in CSS pixels from the element's centre. Each move is given 5 ms, but here every
     * pointer move takes about 0.2 s to be dispatched whatever its duration, so strokes are kept to a few moves.
     */
    void stroke(WebElement pad, int[][] points) {
        Actions actions = new Actions(driver, Duration.ofMillis(5))
                .moveToElement(pad, points[0][0], points[0][1])
                .clickAndHold();
        for (int i = 1; i < points.length; i++) {
            actions.moveByOffset(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1]);
        }
        actions.release().perform();
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A stroke along a line, {@code steps} moves long, in offsets from the centre. */
    static int[][] line(int x0, int y0, int x1, int y1, int steps) {
        int[][] points = new int[steps + 1][];
        for (int i = 0; i <= steps; i++) {
            points[i] = new int[] {x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps};
        }
        return points;
    }

    /** A closed stroke round an ellipse centred on {@code (cx, cy)}. */
    static int[][] ellipse(int cx, int cy, int rx, int ry, int steps) {
        int[][] points = new int[steps + 1][];
        for (int i = 0; i <= steps; i++) {
            double a = 2 * Math.PI * i / steps;
            points[i] = new int[] {cx + (int) Math.round(rx * Math.sin(a)), cy - (int) Math.round(ry * Math.cos(a))};
        }
        return points;
    }
}
