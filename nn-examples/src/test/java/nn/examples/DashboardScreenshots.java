package nn.examples;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the README's pictures of a running dashboard (not a test): {@code DashboardScreenshots URL DIR} opens the
 * page of a {@code train --ui} run, saves {@code dashboard-live.png} once a few epochs are drawn, waits for the end
 * of training, draws a 2 with pointer actions and saves {@code dashboard-draw.png}.
 */
public final class DashboardScreenshots {

    private DashboardScreenshots() {
    }

    public static void main(String[] args) throws Exception {
        URI address = URI.create(args[0]);
        Path directory = Path.of(args[1]);
        int liveAfterEpochs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Files.createDirectories(directory);
        try (Browser browser = Browser.start(1000, 1500)) {
            browser.open(address);
            browser.waitFor(Duration.ofMinutes(10), "epoch " + liveAfterEpochs, d -> ((Number) browser.js(
                    "const r = window.nn.historyRenders; return r.length ? r[r.length - 1].epochs : 0;"))
                    .intValue() >= liveAfterEpochs);
            browser.waitFor(Duration.ofSeconds(30), "the pictures", d -> browser.element("weights-section")
                    .isDisplayed() && browser.element("mistakes-section").isDisplayed());
            Thread.sleep(400); // the progress bar moves on a little into the next epoch
            Files.write(directory.resolve("dashboard-live.png"), browser.screenshot());
            browser.waitFor(Duration.ofMinutes(10), "the end of training",
                    d -> browser.element("draw-section").isDisplayed());
            browser.js("window.scrollTo(0, 0);");
            browser.stroke(browser.element("pad"), two(4));
            browser.waitFor(Duration.ofSeconds(10), "an answer",
                    d -> ((List<?>) browser.js("return window.nn.strokeLatencies;")).size() > 0);
            Files.write(directory.resolve("dashboard-draw.png"), browser.screenshot());
            System.out.println("predicted " + browser.element("predicted").getText() + "; wrote " + directory);
        }
    }

    /** A handwritten-looking 2 as one stroke (the arc, the diagonal, the base), {@code steps} moves per segment. */
    static int[][] two(int steps) {
        int[][] corners = {{-55, -45}, {-40, -78}, {-5, -95}, {30, -88}, {52, -62}, {48, -30}, {20, 5},
                {-25, 45}, {-58, 82}, {-20, 80}, {25, 80}, {62, 84}};
        List<int[]> points = new ArrayList<>();
        for (int i = 0; i + 1 < corners.length; i++) {
            for (int s = 0; s < steps; s++) {
                points.add(new int[] {corners[i][0] + (corners[i + 1][0] - corners[i][0]) * s / steps,
                        corners[i][1] + (corners[i + 1][1] - corners[i][1]) * s / steps});
            }
        }
        points.add(corners[corners.length - 1]);
        return points.toArray(new int[0][]);
    }
}
