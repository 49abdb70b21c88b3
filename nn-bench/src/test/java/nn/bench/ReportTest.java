package nn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's ratios from a hand-written JMH JSON file in JMH 1.37's format. */
class ReportTest {

    private static String run(String benchmark, String params, double score, double alloc) {
        return "{\"benchmark\":\"nn.bench." + benchmark + "\",\"mode\":\"avgt\",\"params\":{" + params + "},"
                + "\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":1.0,\"scoreUnit\":\"us/op\"},"
                + "\"secondaryMetrics\":{\"gc.alloc.rate.norm\":{\"score\":" + alloc + ",\"scoreUnit\":\"B/op\"}}}";
    }

    @Test
    void gradientRowHasBothRatiosAndTheirVerdicts(@TempDir Path dir) throws IOException {
        String shape = "\"shape\":\"784-30-10@10\"";
        Path json = dir.resolve("r.json");
        Files.writeString(json, "[" + String.join(",",
                run("GradientBenchmark.looped", shape, 900.0, 5000),
                run("GradientBenchmark.batched", shape, 60.0, 0.5),
                run("GradientBenchmark.gemmBound", shape, 50.0, 0)) + "]");
        List<Report.Result> results = Report.read(List.of(json));
        assertEquals(3, results.size());
        assertEquals("784-30-10@10", results.get(0).param("shape"));
        String table = Report.render(List.of("CPU: test"), results);
        assertTrue(table.contains("| [784,30,10] | 10 | 900 ± 1.00 | 60.0 ± 1.00 | 50.0 ± 1.00 | 1.20 | ≤ 1.30 met"
                + " | 15.0 | ≥ 2.00 met | 1 |"), table);
    }

    @Test
    void aMissedTargetIsMarked(@TempDir Path dir) throws IOException {
        String one = "\"shape\":\"784-800-800-10@128\",\"threads\":\"1\"";
        String two = "\"shape\":\"784-800-800-10@128\",\"threads\":\"2\"";
        Path json = dir.resolve("p.json");
        Files.writeString(json, "[" + String.join(",",
                run("ParallelGradientBenchmark.step", one, 30000.0, 0),
                run("ParallelGradientBenchmark.step", two, 20000.0, 0)) + "]");
        String table = Report.render(List.of(), Report.read(List.of(json)));
        assertTrue(table.contains("| 1.50 | ≥ 1.60 **not met** |"), table);
    }
}
