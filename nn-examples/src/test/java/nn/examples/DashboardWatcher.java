package nn.examples;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A browser watching a training run, for measuring what the dashboard costs (not a test):
 * {@code DashboardWatcher OUTPUT_FILE} starts headless Chromium at once, waits for the line {@code dashboard: URL}
 * to appear in the trainer's output file, opens the page and keeps it open until the trainer prints
 * {@code training done}. Starting the browser first keeps its own start-up (seconds of CPU) out of the epochs.
 */
public final class DashboardWatcher {

    private DashboardWatcher() {
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        try (Browser browser = Browser.start(1000, 1400)) {
            browser.open(URI.create("about:blank"));
            String address = null;
            while (address == null) {
                if (Files.exists(output)) {
                    address = Files.readAllLines(output).stream().filter(l -> l.startsWith("dashboard: "))
                            .map(l -> l.substring("dashboard: ".length()).trim()).findFirst().orElse(null);
                }
                Thread.sleep(20);
            }
            browser.open(URI.create(address));
            // Asking the browser is work for it too: once a second is enough here.
            while (!browser.element("state").getText().equals("training done")) {
                Thread.sleep(1000);
            }
            System.out.println("watched " + address + "; the page drew "
                    + browser.js("return window.nn.historyRenders.length;") + " histories");
        }
    }
}
