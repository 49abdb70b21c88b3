package nn.examples.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec: grids, random samples, the two ways of writing the lists, and the checks before any trial. */
class SweepSpecTest {

    @TempDir
    Path temp;

    private SweepSpec file(String json) throws IOException {
        Path f = temp.resolve("spec-" + Math.abs(json.hashCode()) + ".json");
        Files.writeString(f, json);
        return SweepSpec.read(f);
    }

    @Test
    void aGridIsEveryCombinationInTheSpecsOrder() throws IOException {
        SweepSpec spec = file("{\"seeds\": [3, 1], \"options\": {\"eta\": [0.1, 0.5, 3], \"lambda\": [0, 5],"
                + " \"sizes\": [[784, 30, 10], [784, 100, 10]], \"epochs\": 2, \"no-shuffle\": [false, true]}}");
        List<Map<String, String>> grid = spec.configurations();
        assertEquals(3 * 2 * 2 * 2, grid.size());
        assertEquals(Map.of("eta", "0.1", "lambda", "0", "sizes", "784,30,10", "epochs", "2", "no-shuffle",
                "false"), grid.get(0));
        assertEquals(List.of("eta", "lambda", "sizes", "epochs", "no-shuffle"), List.copyOf(grid.get(0).keySet()));
        assertEquals("true", grid.get(1).get("no-shuffle"));
        assertEquals(grid.size(), new HashSet<>(grid).size());
        assertEquals(List.of("eta", "lambda", "sizes", "no-shuffle"), spec.varied());
        List<Trial> trials = spec.trials();
        assertEquals(48, trials.size());
        assertEquals(3, trials.get(0).seed());
        assertEquals(List.of("--eta", "0.1", "--lambda", "0", "--sizes", "784,30,10", "--epochs", "2"),
                Trial.arguments(grid.get(0)));
        assertEquals(List.of("--eta", "0.1", "--lambda", "0", "--sizes", "784,30,10", "--epochs", "2",
                "--no-shuffle"), Trial.arguments(grid.get(1)));
    }

    @Test
    void theCommandLineWritesTheSameListsAsTheFile() throws IOException {
        SweepSpec fromFile = file("{\"seeds\": [1, 2], \"options\": {\"eta\": [0.1, 3],"
                + " \"sizes\": [[784, 30, 10], [784, 100, 10]]}}");
        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("--eta", "0.1,3");
        lists.put("--sizes", "784,30,10:784,100,10");
        SweepSpec fromOptions = SweepSpec.empty().with(lists, "1,2", null, null);
        assertEquals(fromFile.configurations(), fromOptions.configurations());
        assertEquals(fromFile.trials().stream().map(Trial::key).toList(),
                fromOptions.trials().stream().map(Trial::key).toList());
        // A command-line list replaces the file's.
        SweepSpec both = fromFile.with(Map.of("--eta", "0.5"), null, null, null);
        assertEquals(2, both.configurations().size());
        assertTrue(both.configurations().stream().allMatch(c -> c.get("eta").equals("0.5")));
    }

    @Test
    void aTrialsKeyDoesNotDependOnTheOptionsOrder() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("eta", "3");
        a.put("lambda", "1");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("lambda", "1");
        b.put("eta", "3");
        assertEquals(new Trial(a, 1).key(), new Trial(b, 1).key());
        assertTrue(!new Trial(a, 1).key().equals(new Trial(a, 2).key()));
    }

    @Test
    void aRandomSearchDrawsDistinctConfigurationsInsideItsRangesTheSameEachTime() {
        qt().withExamples(30).forAll(integers().between(1, 30), integers().between(0, 1000)).checkAssert((n, seed) -> {
            Map<String, String> lists = new LinkedHashMap<>();
            lists.put("--eta", "log:0.01..10");
            lists.put("--batch", "int:1..50");
            lists.put("--lambda", "0,1,5");
            SweepSpec spec = SweepSpec.empty().with(lists, null, n, (long) seed);
            List<Map<String, String>> drawn = spec.configurations();
            assertEquals(n, drawn.size());
            assertEquals(n, new HashSet<>(drawn).size());
            assertEquals(drawn, SweepSpec.empty().with(lists, null, n, (long) seed).configurations());
            for (Map<String, String> c : drawn) {
                double eta = Double.parseDouble(c.get("eta"));
                int batch = Integer.parseInt(c.get("batch"));
                assertTrue(eta >= 0.00995 && eta <= 10.05, c.toString());
                assertTrue(batch >= 1 && batch <= 50, c.toString());
                assertTrue(List.of("0", "1", "5").contains(c.get("lambda")), c.toString());
            }
        });
    }

    @Test
    void aRandomSampleLargerThanTheGridIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.empty().with(Map.of("--eta", "1,2"), null, 3, null).configurations());
        assertTrue(e.getMessage().contains("only 2 distinct configurations"), e.getMessage());
    }

    @Test
    void aRandomSampleLargerThanTheWholeNumberRangesAllowIsRefusedNotShortened() {
        // int:1..2 × {0, 5} makes 4 configurations; before, asking for 5 silently returned 4.
        Map<String, String> lists = new LinkedHashMap<>();
        lists.put("--batch", "int:1..2");
        lists.put("--lambda", "0,5");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SweepSpec.empty().with(lists, null, 5, null).configurations());
        assertTrue(e.getMessage().contains("5 random samples asked for")
                && e.getMessage().contains("only 4 distinct configurations"), e.getMessage());
        assertEquals(4, SweepSpec.empty().with(lists, null, 4, null).configurations().size());
    }

    @Test
    void aValueTheTrainerRefusesIsNamedWithTheSource() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> file("{\"options\": {\"activation\": [\"sigmoid\", \"softsign\"]}}").configurations());
        assertTrue(e.getMessage().matches(".*spec-.*\\.json: --activation softsign: expected sigmoid, tanh or relu"),
                e.getMessage());
    }
}
