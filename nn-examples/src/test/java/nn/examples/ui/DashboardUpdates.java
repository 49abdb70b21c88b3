package nn.examples.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import nn.training.EpochResult;

/**
 * Publishes made-up dashboard updates at a fixed rate, for measuring what each kind costs the browser showing them
 * (not a test; {@code nn-examples/docs/dashboard/frame-cost.sh} runs it):
 * {@code DashboardUpdates PORT KINDS SECONDS INTERVAL_MS}. It serves a page with a default run's content (30
 * epochs of history, 100 hidden units' weights, 40 misclassified digits), prints {@code dashboard: URL}, waits 12 s
 * for a browser to load it, prints {@code go}, then publishes each of KINDS ({@code progress}, {@code history},
 * {@code pictures}, comma-separated; {@code ignored}: progress of an epoch the history already has, which the
 * page receives and ignores, so only the delivery of an event is measured; {@code none} for an idle page) every
 * INTERVAL_MS for SECONDS, and prints {@code end N} with the number of rounds.
 */
public final class DashboardUpdates {

    private DashboardUpdates() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        List<String> kinds = List.of(args[1].split(","));
        long seconds = Long.parseLong(args[2]);
        long intervalMillis = Long.parseLong(args[3]);
        SplittableRandom random = new SplittableRandom(1);
        try (Dashboard dashboard = Dashboard.start("127.0.0.1", port)) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("network", "[784, 30, 10] (sigmoid, sigmoid)");
            settings.put("η (eta)", "3.0");
            dashboard.run("training [784, 30, 10]", settings, Dashboard.State.TRAINING);
            List<EpochResult> history = new ArrayList<>();
            for (int e = 0; e < 30; e++) {
                history.add(new EpochResult(e, 0.3, 0.1 / (e + 1), 45_000 + 50 * e, 50_000, 0.12 / (e + 1),
                        9_400 + 10 * e, 10_000, 3.0));
            }
            dashboard.history(history, 30);
            pictures(dashboard, random, 0);
            System.out.println("dashboard: " + dashboard.address());
            System.out.flush();
            Thread.sleep(12_000);
            System.out.println("go");
            System.out.flush();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            int rounds = 0;
            while (System.nanoTime() < end) {
                rounds++;
                if (kinds.contains("progress")) {
                    // An epoch past the history's, as in a run: the page ignores progress of epochs it has.
                    dashboard.progress(31, 40, rounds % 5_000, 5_000);
                }
                if (kinds.contains("ignored")) {
                    dashboard.progress(1 + rounds % 30, 30, 1, 5_000);
                }
                if (kinds.contains("history")) {
                    dashboard.history(history, 30);
                }
                if (kinds.contains("pictures")) {
                    pictures(dashboard, random, rounds);
                }
                Thread.sleep(intervalMillis);
            }
            System.out.println("end " + rounds);
            System.out.flush();
            Thread.sleep(500);
        }
    }

    private static void pictures(Dashboard dashboard, SplittableRandom random, int epoch) {
        List<double[]> units = new ArrayList<>();
        for (int u = 0; u < 100; u++) {
            double[] w = new double[784];
            for (int i = 0; i < w.length; i++) {
                w[i] = random.nextGaussian();
            }
            units.add(w);
        }
        dashboard.weights(epoch, 28, units, 100);
        List<Dashboard.Digit> digits = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            double[] pixels = new double[784];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextDouble();
            }
            digits.add(new Dashboard.Digit(pixels, 28, d % 10, (d + 1) % 10));
        }
        dashboard.mistakes(epoch, 400, digits);
    }
}
