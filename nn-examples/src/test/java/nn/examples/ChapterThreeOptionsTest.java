package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer's chapter 3 options: they reach nn-core's Sgd, resume exactly, and bad values fail in one line. */
class ChapterThreeOptionsTest {

    /** Every option of chapter 3 at once, with a schedule that changes η every epoch so resuming must replay it. */
    private static final String[] EVERYTHING = {"--optimizer", "nesterov", "--momentum", "0.5", "--l1", "0.5",
        "--lambda", "1", "--dropout", "0.2", "--schedule", "step:1:0.7", "--early-stop", "3", "--eta", "0.5",
        "--cost", "cross-entropy"};

    @TempDir
    static Path temp;

    static Path data;

    @BeforeAll
    static void generateData() throws IOException {
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 600, 200, 3);
    }

    private static Cli train(String... extra) {
        return Cli.run(TrainEndToEndTest.train(data, extra));
    }

    private static String[] with(String[] options, String... more) {
        String[] all = new String[options.length + more.length];
        System.arraycopy(options, 0, all, 0, options.length);
        System.arraycopy(more, 0, all, options.length, more.length);
        return all;
    }

    @Test
    void aRunResumedWithEveryNewOptionReproducesTheUninterruptedRun() {
        Path checkpoint = temp.resolve("chapter3.json");
        Cli whole = train(with(EVERYTHING, "--epochs", "5", "--seed", "4"));
        assertEquals(0, whole.exitCode, whole.toString());
        assertTrue(whole.out.contains("nesterov (mu 0.5), L1 lambda 0.5, dropout 0.2, eta schedule step"),
                whole.toString());
        Cli first = train(with(EVERYTHING, "--epochs", "2", "--seed", "4", "--checkpoint", checkpoint.toString()));
        assertEquals(0, first.exitCode, first.toString());
        Cli rest = train("--epochs", "5", "--load", checkpoint.toString());
        assertEquals(0, rest.exitCode, rest.toString());
        assertTrue(rest.out.contains("continuing " + checkpoint + " after epoch 2, with its settings"),
                rest.toString());
        List<String> lines = withoutTotal(whole);
        assertEquals(lines.subList(0, 2), withoutTotal(first));
        assertEquals(lines.subList(2, lines.size()), withoutTotal(rest));
        assertEquals(testLine(whole), testLine(rest));
    }

    @Test
    void eachOptimiserTrainsAndMomentumChangesTheRun() {
        List<String> plain = train("--epochs", "2", "--seed", "6").epochLinesWithoutSeconds();
        for (String optimizer : List.of("momentum", "nesterov", "adam")) {
            Cli cli = train("--epochs", "2", "--seed", "6", "--optimizer", optimizer, "--eta",
                    optimizer.equals("adam") ? "0.001" : "0.5");
            assertEquals(0, cli.exitCode, cli.toString());
            assertEquals(2, cli.epochLinesWithoutSeconds().size(), cli.toString());
            assertNotEquals(plain, cli.epochLinesWithoutSeconds(), optimizer);
        }
        // μ = 0 is plain gradient descent, bit for bit, so every figure agrees.
        assertEquals(plain, train("--epochs", "2", "--seed", "6", "--optimizer", "momentum", "--momentum", "0")
                .epochLinesWithoutSeconds());
    }

    @Test
    void earlyStoppingSaysWhichEpochItKept() {
        // η so large that validation accuracy soon stops improving on this small set.
        Cli cli = train("--epochs", "30", "--seed", "2", "--eta", "30", "--early-stop", "2");
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.lines().anyMatch(l -> l.matches("stopped after epoch \\d+: early stopping: .*; kept the"
                + " network of epoch \\d+ \\(validation \\d+ / 100\\)")), cli.toString());
    }

    @Test
    void badValuesFailInOneLineBeforeAnyWork() {
        String[][] cases = {
            {"--optimizer", "rmsprop"}, {"--momentum", "1.5", "--optimizer", "momentum"}, {"--adam", "0.9,0.999"},
            {"--l1", "-1"}, {"--dropout", "1"}, {"--dropout", "0.1,0.2"}, {"--schedule", "halve"},
            {"--schedule", "step:0:0.5"}, {"--schedule", "exponential:2"}, {"--early-stop", "0"},
            {"--early-stop", "5:loss"},
        };
        for (String[] bad : cases) {
            Cli cli = train(with(bad, "--epochs", "1"));
            assertEquals(2, cli.exitCode, String.join(" ", bad) + ": " + cli);
            String first = cli.err.lines().findFirst().orElse("");
            assertTrue(first.startsWith("nn train: " + bad[0]), String.join(" ", bad) + ": " + cli.err);
            assertTrue(cli.err.lines().noneMatch(l -> l.startsWith("\tat ")), cli.err);
        }
    }

    /** The epoch lines without seconds and without the run's epoch count ("epoch 2/5" → "epoch 2"). */
    private static List<String> withoutTotal(Cli cli) {
        return cli.epochLinesWithoutSeconds().stream().map(l -> l.replaceFirst("^epoch +(\\d+)/\\d+", "epoch $1"))
                .toList();
    }

    private static String testLine(Cli cli) {
        return cli.out.lines().filter(l -> l.startsWith("test accuracy")).findFirst().orElse("none");
    }
}
