package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import nn.examples.sweep.ResultsFile;
import nn.examples.sweep.TrialResult;
import nn.training.EpochResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nn sweep} through the command line on small generated data, as a user runs it. */
class SweepCommandTest {

    @TempDir
    static Path temp;

    static Path data;

    @BeforeAll
    static void generateData() throws IOException {
        // 600 training images: Nielsen's split keeps the last sixth (100) for validation.
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 600, 200, 3);
    }

    static String[] sweep(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--dataset", "idx", "--data", dataDir.toString(),
                "--sizes", "784,12,10", "--epochs", "2"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** As {@link #sweep} with other sizes. */
    static String[] withSizes(String sizes, String... extra) {
        String[] args = sweep(data, extra);
        args[List.of(args).indexOf("--sizes") + 1] = sizes;
        return args;
    }

    @Test
    void aGridRunsEveryTrialRanksByValidationAndTestsTheChoiceOnce() throws IOException {
        Path results = temp.resolve("grid.jsonl");
        Path report = temp.resolve("grid-report");
        Cli cli = Cli.run(sweep(data, "--eta", "0.5,3", "--lambda", "0,2", "--seeds", "1,2", "--results",
                results.toString(), "--report", report.toString(), "--top", "3"));
        assertEquals(0, cli.exitCode, cli.toString());
        Map<String, TrialResult> recorded = new ResultsFile(results).read();
        assertEquals(8, recorded.size());
        assertEquals(8, Files.readAllLines(results).size());
        for (TrialResult r : recorded.values()) {
            assertEquals(2, r.epochs().size());
            assertEquals(100, r.epochs().get(0).evaluationSize(), "validation, never the 200 test images");
            assertEquals("local", r.runner());
        }
        // The table: four configurations, their means in decreasing order.
        List<Double> means = cli.out.lines().filter(l -> l.matches(" +[1-4]  .*%.*"))
                .map(l -> Double.parseDouble(l.replaceFirst(".*?([0-9.]+)% ±.*", "$1"))).toList();
        assertEquals(4, means.size(), cli.out);
        for (int i = 1; i < means.size(); i++) {
            assertTrue(means.get(i - 1) >= means.get(i), cli.out);
        }
        assertEquals(1, cli.out.lines().filter(l -> l.startsWith("test accuracy")).count(), cli.out);
        assertTrue(cli.out.contains("measured once after the choice"), cli.out);
        for (String png : List.of("heat-map.png", "learning-curves.png")) {
            BufferedImage image = ImageIO.read(report.resolve(png).toFile());
            assertNotNull(image, png);
            assertTrue(image.getWidth() > 400, png);
        }
        assertTrue(Files.readString(report.resolve("table.txt")).contains("validation accuracy"));
    }

    @Test
    void aTrialComputesWhatNnTrainComputesWithTheSameSeed() throws IOException {
        Path results = temp.resolve("same.jsonl");
        Cli cli = Cli.run(sweep(data, "--eta", "3", "--seeds", "7", "--results", results.toString(),
                "--no-test"));
        assertEquals(0, cli.exitCode, cli.toString());
        TrialResult trial = new ResultsFile(results).read().values().iterator().next();
        Cli train = Cli.run("train", "--dataset", "idx", "--data", data.toString(), "--sizes", "784,12,10",
                "--epochs", "2", "--eta", "3", "--seed", "7");
        List<String> lines = train.out.lines().filter(l -> l.startsWith("epoch ")).toList();
        assertEquals(2, lines.size(), train.toString());
        for (int e = 0; e < 2; e++) {
            EpochResult r = trial.epochs().get(e);
            String expected = EpochPrinter.line(r, 2).replaceFirst("\\s+[0-9.]+ s ", " ");
            assertEquals(expected, lines.get(e).replaceFirst("\\s+[0-9.]+ s ", " "));
        }
    }

    @Test
    void anOptionTrainGainedIsSweptWithoutChangesToTheSweep() throws IOException {
        // --precision came to nn train after the sweep was written; the sweep takes it from train's options.
        Path results = temp.resolve("precision.jsonl");
        Cli cli = Cli.run(sweep(data, "--precision", "float64,float32", "--blas", "openblas", "--results",
                results.toString(), "--no-test"));
        org.junit.jupiter.api.Assumptions.assumeFalse(cli.err.contains("openblas"),
                "nn-openblas does not load here: " + cli.err);
        assertEquals(0, cli.exitCode, cli.toString());
        Map<String, TrialResult> recorded = new ResultsFile(results).read();
        assertEquals(2, recorded.size());
        for (TrialResult r : recorded.values()) {
            assertTrue(r.backend().contains(r.settings().get("precision")), r.backend());
        }
    }

    @Test
    void selectionNeverLooksAtTheTestSet() throws IOException {
        // Two datasets with the same training file and different test files: everything the sweep chooses on is
        // the same; only the final test line may differ.
        Path other = temp.resolve("other-test");
        SyntheticDigits.writeIdx(other, 600, 200, 3);
        Path scrambled = temp.resolve("scrambled");
        SyntheticDigits.writeIdx(scrambled, 600, 300, 99);
        Files.copy(other.resolve("train-images-idx3-ubyte"), scrambled.resolve("train-images-idx3-ubyte"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(other.resolve("train-labels-idx1-ubyte"), scrambled.resolve("train-labels-idx1-ubyte"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path a = temp.resolve("select-a.jsonl");
        Path b = temp.resolve("select-b.jsonl");
        Cli first = Cli.run(sweep(other, "--eta", "0.5,3", "--results", a.toString()));
        Cli second = Cli.run(sweep(scrambled, "--eta", "0.5,3", "--results", b.toString()));
        assertEquals(0, first.exitCode, first.toString());
        assertEquals(0, second.exitCode, second.toString());
        Map<String, TrialResult> ra = new ResultsFile(a).read();
        Map<String, TrialResult> rb = new ResultsFile(b).read();
        assertEquals(ra.keySet(), rb.keySet());
        for (String key : ra.keySet()) {
            assertTrue(ra.get(key).sameFigures(rb.get(key)), key);
        }
        String chosenA = first.out.lines().filter(l -> l.startsWith("chosen")).findFirst().orElseThrow();
        String chosenB = second.out.lines().filter(l -> l.startsWith("chosen")).findFirst().orElseThrow();
        assertEquals(chosenA, chosenB);
        String testA = first.out.lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow();
        String testB = second.out.lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElseThrow();
        assertTrue(testA.contains("/ 200 "), testA);
        assertTrue(testB.contains("/ 300 "), testB);
    }

    @Test
    void aSweepKilledWithSigkillResumesWithoutRunningFinishedTrialsAgain() throws Exception {
        Path results = temp.resolve("killed.jsonl");
        // Bigger trials, one at a time, so that the kill lands while some trials are done and others are not.
        List<String> args = new ArrayList<>(List.of(sweep(data, "--eta", "0.5,1,2,3", "--seeds", "1,2",
                "--parallel", "1", "--results", results.toString(), "--no-test")));
        args.set(args.indexOf("--epochs") + 1, "4");
        args.set(args.indexOf("--sizes") + 1, "784,60,10");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "nn.examples.Main"));
        command.addAll(args);
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (lines(results) < 2 && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(child.isAlive(), "the sweep ended before it could be killed: make its trials longer");
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly();
        }
        List<String> before = Files.readAllLines(results);
        assertTrue(before.size() >= 2 && before.size() < 8, "killed after " + before.size() + " of 8 trials");
        for (String line : before) {
            TrialResult.fromJson(line); // every line complete
        }
        Cli resumed = Cli.run(args.toArray(String[]::new));
        assertEquals(0, resumed.exitCode, resumed.toString());
        assertTrue(resumed.out.contains(before.size() + " already in " + results + "; " + (8 - before.size())
                + " to run"), resumed.out);
        assertEquals(8 - before.size(), resumed.out.lines().filter(l -> l.startsWith("trial ")).count());
        List<String> after = Files.readAllLines(results);
        assertEquals(8, after.size());
        assertEquals(before, after.subList(0, before.size()), "the finished trials' lines are kept as they were");
        assertEquals(8, new ResultsFile(results).read().size(), "each trial once");
        Cli again = Cli.run(args.toArray(String[]::new));
        assertTrue(again.out.contains("8 already in " + results + "; 0 to run"), again.out);
    }

    private static int lines(Path file) throws IOException {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    @Test
    void aBadSpecIsOneLineWithExitCode2BeforeAnyTrial() throws IOException {
        Path results = temp.resolve("never.jsonl");
        Path spec = temp.resolve("spec.json");
        List<String[]> cases = new ArrayList<>();
        List<String> specs = List.of(
                "{\"options\": {\"etta\": [0.1, 0.5]}}",
                "{\"options\": {\"lambda\": []}}",
                "{\"options\": {\"eta\": [0.5, -1]}}",
                "{\"options\": {\"cost\": [\"quadratic\", \"hinge\"]}}",
                "{\"options\": {\"batch\": [10, 0]}}",
                "{\"options\": {\"save\": [\"a.json\"]}}",
                "{\"seeds\": []}",
                "{\"options\": {\"eta\": {\"log-uniform\": [0.01, 10]}}}",
                "{\"search\": \"random\", \"options\": {\"eta\": [0.5]}}",
                "{\"optionz\": {}}",
                "{\"options\": {\"eta\": [0.5,]}}");
        for (String s : specs) {
            Path file = temp.resolve("spec-" + cases.size() + ".json");
            Files.writeString(file, s);
            cases.add(sweep(data, file.toString(), "--results", results.toString()));
        }
        cases.add(sweep(data, "--eta", "0.5,-1", "--results", results.toString()));
        cases.add(sweep(data, "--eta", "0.5,,3", "--results", results.toString()));
        cases.add(sweep(data, "--seeds", "1,x", "--results", results.toString()));
        cases.add(sweep(data, "--no-shuffle", "maybe", "--results", results.toString()));
        cases.add(sweep(data, "--bogus", "1", "--results", results.toString()));
        cases.add(sweep(data, spec.toString(), "--results", results.toString())); // no such file
        cases.add(withSizes("784,10,10:784,0,10", "--results", results.toString()));
        cases.add(withSizes("784,10,10:100,10,10", "--results", results.toString())); // does not fit the data
        for (String[] args : cases) {
            Cli cli = Cli.run(args);
            assertEquals(2, cli.exitCode, () -> String.join(" ", args) + "\n" + cli);
            assertEquals(1, cli.err.lines().filter(l -> l.startsWith("nn sweep: ")).count(), cli.toString());
            assertFalse(cli.err.contains("\tat "), cli.toString());
            assertFalse(cli.out.contains("trial "), cli.toString());
            assertFalse(Files.exists(results), "no trial ran: " + cli);
        }
    }

    @Test
    void uiWithABadPortIsOneLineBeforeAnyTrial() throws IOException {
        Path results = temp.resolve("no-ui.jsonl");
        Cli outOfRange = Cli.run(sweep(data, "--eta", "0.5,3", "--results", results.toString(), "--ui", "70000"));
        assertEquals(2, outOfRange.exitCode, outOfRange.toString());
        assertEquals(List.of("nn sweep: --ui 70000: expected a port from 1 to 65535 (or none for a free one)"),
                outOfRange.err.lines().toList(), outOfRange.toString());
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Cli cli = Cli.run(sweep(data, "--eta", "0.5,3", "--results", results.toString(), "--ui", port));
            assertEquals(2, cli.exitCode, cli.toString());
            assertEquals(1, cli.err.lines().count(), cli.toString());
            assertTrue(cli.err.startsWith("nn sweep: --ui " + port + ": cannot listen on 127.0.0.1:" + port),
                    cli.err);
        }
        Cli hostOnly = Cli.run(sweep(data, "--eta", "0.5,3", "--results", results.toString(), "--ui-host",
                "0.0.0.0"));
        assertEquals(2, hostOnly.exitCode, hostOnly.toString());
        assertTrue(hostOnly.err.startsWith("nn sweep: --ui-host needs --ui"), hostOnly.err);
        assertFalse(Files.exists(results), "no trial ran");
    }

    @Test
    void aRandomSearchDrawsDistinctConfigurationsReproducibly() throws IOException {
        Path one = temp.resolve("random-1.jsonl");
        Path two = temp.resolve("random-2.jsonl");
        Cli first = Cli.run(sweep(data, "--random", "3", "--eta", "log:0.1..5", "--batch", "5,10,20",
                "--results", one.toString(), "--no-test"));
        Cli second = Cli.run(sweep(data, "--random", "3", "--eta", "log:0.1..5", "--batch", "5,10,20",
                "--results", two.toString(), "--no-test"));
        assertEquals(0, first.exitCode, first.toString());
        Map<String, TrialResult> a = new ResultsFile(one).read();
        assertEquals(3, a.size());
        assertEquals(a.keySet(), new ResultsFile(two).read().keySet());
        for (TrialResult r : a.values()) {
            double eta = Double.parseDouble(r.settings().get("eta"));
            assertTrue(eta >= 0.1 && eta <= 5, r.settings().toString());
        }
        assertNotEquals(1, a.values().stream().map(r -> r.settings().get("eta")).distinct().count());
        assertEquals(0, second.exitCode, second.toString());
    }
}
