package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code --load CHECKPOINT} continues the run that wrote the checkpoint: settings not given again are the
 * checkpoint's (before, the defaults silently replaced them: batch 10, η 3.0, λ 0), and a setting given again with
 * another value is used and named in the "continuing" line.
 */
class ResumeTest {

    @TempDir
    static Path temp;

    static Path data;
    static Path checkpoint;
    static List<String> straightRun;

    /** The first run's settings, none of them the default. */
    static final String[] SETTINGS = {"--eta", "0.5", "--lambda", "5", "--batch", "20", "--cost", "cross-entropy",
        "--train-limit", "300", "--seed", "3", "--no-shuffle", "--engine", "looped"};

    @BeforeAll
    static void trainOneEpochAndTwoStraight() throws IOException {
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 480, 40, 9);
        checkpoint = temp.resolve("ck.json");
        Cli first = train(concat(SETTINGS, "--epochs", "1", "--checkpoint", checkpoint.toString()));
        assertEquals(0, first.exitCode, first.toString());
        Cli straight = train(concat(SETTINGS, "--epochs", "2"));
        assertEquals(0, straight.exitCode, straight.toString());
        straightRun = straight.epochLinesWithoutSeconds();
        assertEquals(2, straightRun.size(), straight.toString());
    }

    private static Cli train(String... extra) {
        return Cli.run(TrainEndToEndTest.train(data, extra));
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Cli resume(String... extra) throws IOException {
        Path copy = Files.copy(checkpoint, temp.resolve("copy-" + System.nanoTime() + ".json"));
        return train(concat(new String[] {"--load", copy.toString(), "--epochs", "2"}, extra));
    }

    @Test
    void settingsNotGivenAgainAreTheCheckpoints() throws IOException {
        Cli cli = resume();
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("mini-batch 20, eta 0.5, lambda 5.0, looped engine, not shuffled, seed 3"),
                cli.toString());
        assertTrue(cli.out.contains("data: 300 training"), cli.toString());
        assertTrue(cli.out.contains("with its settings except --epochs 2 (was 1)"), cli.toString());
        assertEquals(straightRun.get(1), cli.epochLinesWithoutSeconds().get(0),
                "the resumed epoch 2 is the uninterrupted run's epoch 2");
    }

    @Test
    void settingsGivenAgainWithTheSameValuesChangeNothing() throws IOException {
        Cli cli = resume(SETTINGS);
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("with its settings except --epochs 2 (was 1)\n"), cli.toString());
        assertEquals(straightRun.get(1), cli.epochLinesWithoutSeconds().get(0));
    }

    static Stream<Arguments> changes() {
        return Stream.of(
                Arguments.of(new String[] {"--eta", "0.1"}, "--eta 0.1 (was 0.5)", "eta 0.1,"),
                Arguments.of(new String[] {"--lambda", "0"}, "--lambda 0.0 (was 5.0)", "lambda 0.0,"),
                Arguments.of(new String[] {"--batch", "7"}, "--batch 7 (was 20)", "mini-batch 7,"),
                Arguments.of(new String[] {"--train-limit", "100"}, "--train-limit 100 (was 300)",
                        "data: 100 training"),
                Arguments.of(new String[] {"--seed", "4"}, "--seed 4 (was 3)", "seed 4"),
                Arguments.of(new String[] {"--engine", "batched"}, "--engine batched (was looped)", "batched engine"),
                Arguments.of(new String[] {"--engine", "batched", "--precision", "float32"},
                        "--engine batched (was looped), --precision float32 (was float64)", "float32"));
    }

    @ParameterizedTest
    @MethodSource("changes")
    void aSettingGivenAgainWithAnotherValueIsUsedAndSaid(String[] change, String said, String used)
            throws IOException {
        Cli cli = resume(change);
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("with its settings except --epochs 2 (was 1), " + said), cli.toString());
        assertTrue(cli.out.contains(used), cli.toString());
        assertFalse(cli.epochLinesWithoutSeconds().isEmpty(), cli.toString());
    }

    @Test
    void theArchitectureCannotChange() throws IOException {
        List<String[]> refused = new ArrayList<>();
        refused.add(new String[] {"--cost", "quadratic"});
        refused.add(new String[] {"--sizes", "784,30,10"});
        refused.add(new String[] {"--activation", "tanh"});
        for (String[] change : refused) {
            Cli cli = resume(change);
            assertEquals(CliException.USAGE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("disagrees with the loaded network"), cli.toString());
        }
    }
}
