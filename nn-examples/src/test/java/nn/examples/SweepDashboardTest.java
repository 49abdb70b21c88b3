package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.examples.sweep.SweepReport;
import nn.examples.sweep.Trial;
import nn.examples.sweep.TrialResult;
import nn.network.Evaluation;
import nn.training.EpochResult;
import org.junit.jupiter.api.Test;

/**
 * The {@code sweep} event of {@code nn sweep --ui}, read off the event stream as the page reads it: the report's
 * table in its order and the best trials' curves, for a tiny made-up results set.
 */
class SweepDashboardTest {

    /**
     * Three configurations, two seeds each, one trial not run yet. Validation accuracy (of 100 images) per epoch:
     * eta=0.5: seed 1 60, 70; seed 2 50, 66 (mean 68%); eta=3: 80, 90 and 85, 88 (mean 89%); eta=1: 70, 75 and not
     * run (mean 75%).
     */
    static SweepReport tinyReport() {
        List<Trial> trials = new ArrayList<>();
        Map<String, TrialResult> results = new LinkedHashMap<>();
        Object[][] made = {{"0.5", 1L, new int[] {60, 70}}, {"0.5", 2L, new int[] {50, 66}},
                {"3", 1L, new int[] {80, 90}}, {"3", 2L, new int[] {85, 88}},
                {"1", 1L, new int[] {70, 75}}, {"1", 2L, null}};
        for (Object[] m : made) {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put("epochs", "2");
            settings.put("eta", (String) m[0]);
            Trial trial = new Trial(settings, (Long) m[1]);
            trials.add(trial);
            if (m[2] != null) {
                List<EpochResult> epochs = new ArrayList<>();
                int[] correct = (int[]) m[2];
                for (int e = 0; e < correct.length; e++) {
                    epochs.add(new EpochResult(e, 0.1, 0.5, 400, 500, 0.5, correct[e], 100,
                            Double.parseDouble((String) m[0])));
                }
                results.put(trial.key(), new TrialResult(settings, trial.seed(), epochs, 1.5, "test", null,
                        "local"));
            }
        }
        return SweepReport.of(List.of("eta"), trials, results);
    }

    @Test
    void theSweepEventCarriesTheSortedTableAndTheBestTrialsCurves() throws Exception {
        StringWriter out = new StringWriter();
        try (SweepDashboard dashboard = SweepDashboard.start("127.0.0.1", 0, new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), 3, "local")) {
            assertTrue(out.toString().startsWith("dashboard: http://127.0.0.1:"), out.toString());
            dashboard.describe("sweep of 6 trials", Map.of("search", "grid"));
            dashboard.update(tinyReport(), 1);
            JsonNode sweep = sweepEvent(dashboard.address());

            assertEquals(5, sweep.get("finished").asInt());
            assertEquals(6, sweep.get("total").asInt());
            assertEquals(1, sweep.get("running").asInt());
            assertEquals("local", sweep.get("runner").asText());
            assertEquals("epochs=2", sweep.get("fixed").asText());
            assertEquals("[\"eta\"]", sweep.get("columns").toString());
            // The report's order: best mean validation accuracy first.
            JsonNode rows = sweep.get("rows");
            assertEquals(3, rows.size());
            String[] etas = {"3", "1", "0.5"};
            double[] means = {0.89, 0.75, 0.68};
            int[] seeds = {2, 1, 2};
            for (int i = 0; i < 3; i++) {
                assertEquals("[\"" + etas[i] + "\"]", rows.get(i).get("values").toString());
                assertEquals(means[i], rows.get(i).get("mean").asDouble(), 1e-12);
                assertEquals(seeds[i], rows.get(i).get("seeds").asInt());
            }
            assertEquals(Math.sqrt((0.01 * 0.01 + 0.01 * 0.01) / 1), rows.get(0).get("spread").asDouble(), 1e-12);
            assertEquals(0.0, rows.get(1).get("spread").asDouble(), "one seed: no spread");
            // The best 3 trials by last-epoch validation accuracy, each with every epoch.
            JsonNode curves = sweep.get("curves");
            assertEquals(3, curves.size());
            assertEquals("1. eta=3 seed 1", curves.get(0).get("label").asText());
            assertEquals("[0.8,0.9]", curves.get(0).get("validationAccuracy").toString());
            assertEquals("2. eta=3 seed 2", curves.get(1).get("label").asText());
            assertEquals("3. eta=1 seed 1", curves.get(2).get("label").asText());
            assertEquals("[0.7,0.75]", curves.get(2).get("validationAccuracy").toString());
            assertFalse(sweep.get("testing").asBoolean());
            assertTrue(sweep.get("test").isNull(), "no test accuracy before it is measured");

            dashboard.testing();
            assertTrue(sweepEvent(dashboard.address()).get("testing").asBoolean());
            dashboard.tested(1, new Evaluation(17.0, 83, 100));
            dashboard.finished();
            JsonNode done = sweepEvent(dashboard.address());
            assertFalse(done.get("testing").asBoolean());
            assertEquals(1, done.get("test").get("seed").asLong());
            assertEquals(83, done.get("test").get("correct").asInt());
            assertEquals(100, done.get("test").get("size").asInt());
            assertEquals(3, done.get("rows").size(), "the table stays");
        }
    }

    /** The latest {@code sweep} event a page connecting now receives. */
    static JsonNode sweepEvent(URI address) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(address.resolve("/events")).timeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            boolean sweep = false;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    sweep = line.equals("event: sweep");
                } else if (sweep && line.startsWith("data: ")) {
                    return new ObjectMapper().readTree(line.substring("data: ".length()));
                }
            }
        }
        throw new AssertionError("the event stream ended without a sweep event");
    }
}
