package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad option or value ends with one line on stderr, no stack trace, and exit code 2. */
class CliParsingTest {

    @TempDir
    static Path temp;

    static Path data;

    @BeforeAll
    static void generateData() throws IOException {
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 120, 20, 1);
    }

    static Stream<Arguments> badUsage() {
        String d = "--dataset=idx";
        return Stream.of(
                Arguments.of("unknown option", new String[] {"train", "--epochz", "3"}, "--epochz"),
                Arguments.of("not a number", new String[] {"train", "--eta", "fast"}, "--eta"),
                Arguments.of("negative eta", new String[] {"train", "--eta", "-1"}, "--eta must be a number above 0"),
                Arguments.of("zero epochs", new String[] {"train", "--epochs", "0"}, "--epochs must be at least 1"),
                Arguments.of("zero batch", new String[] {"train", "--batch", "0"}, "--batch must be at least 1"),
                Arguments.of("negative lambda", new String[] {"train", "--lambda", "-0.5"}, "--lambda must be"),
                Arguments.of("one layer", new String[] {"train", "--sizes", "784"}, "at least an input and an output"),
                Arguments.of("empty layer", new String[] {"train", "--sizes", "784,0,10"}, "at least 1 neuron"),
                Arguments.of("bad size", new String[] {"train", "--sizes", "784,x,10"}, "--sizes"),
                Arguments.of("unknown cost", new String[] {"train", "--cost", "hinge"}, "--cost hinge: expected"),
                Arguments.of("unknown activation", new String[] {"train", "--activation", "gelu"}, "--activation gelu"),
                Arguments.of("unknown init", new String[] {"train", "--init", "zero"}, "--init zero: expected"),
                Arguments.of("unknown engine", new String[] {"train", "--engine", "gpu"}, "--engine gpu: expected"),
                Arguments.of("unknown precision", new String[] {"train", "--precision", "float16"},
                        "--precision float16: expected float64 or float32"),
                Arguments.of("float32 looped", new String[] {"train", "--precision", "float32", "--engine", "looped"},
                        "--precision float32 needs the batched engine"),
                Arguments.of("float32 on jblas", new String[] {"train", "--precision", "float32", "--blas", "jblas"},
                        "--precision float32: the jblas backend computes in float64 only; float32 needs the openblas"
                                + " backend"),
                Arguments.of("unknown dataset", new String[] {"train", "--dataset", "cifar"}, "--dataset"),
                Arguments.of("zero train limit", new String[] {"train", "--train-limit", "0"}, "--train-limit"),
                Arguments.of("idx without data", new String[] {"train", d}, "--dataset idx needs --data"),
                Arguments.of("missing data dir", new String[] {"train", d, "--data", "/no/such/dir"}, "/no/such/dir"),
                Arguments.of("sizes do not fit", new String[] {"train", d, "--data", data.toString(), "--sizes",
                        "784,30,5"}, "do not fit the data"),
                Arguments.of("no command", new String[] {}, "missing command"),
                Arguments.of("unknown command", new String[] {"fly"}, "fly"),
                Arguments.of("evaluate without model", new String[] {"evaluate"}, "--model"),
                Arguments.of("predict without images", new String[] {"predict", "--model", "m.json"}, "IMAGE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUsage")
    void badUsageIsOneLineAndExitCode2(String name, String[] args, String expected) {
        Cli cli = Cli.run(args);
        assertEquals(2, cli.exitCode, cli.toString());
        assertEquals(1, cli.err.lines().filter(l -> !l.startsWith("loading ")).count(), cli.toString());
        assertTrue(cli.err.contains(expected), "expected '" + expected + "' in:\n" + cli);
        assertFalse(cli.err.contains("\tat "), "no stack trace:\n" + cli);
    }

    /** -V printed nothing for the commands: only nn itself had a version. */
    @Test
    void minusVPrintsTheVersionForEveryCommand() {
        for (String[] args : new String[][] {{"-V"}, {"--version"}, {"train", "-V"}, {"evaluate", "-V"},
            {"predict", "--version"}, {"check", "-V"}}) {
            Cli cli = Cli.run(args);
            assertEquals(0, cli.exitCode, cli.toString());
            assertEquals("nn 0.1.0", cli.out.strip(), String.join(" ", args) + ": " + cli);
        }
    }

    @Test
    void missingModelFileIsOneLineAndExitCode1() {
        Cli cli = Cli.run("evaluate", "--model", temp.resolve("absent.json").toString(), "--dataset", "idx",
                "--data", data.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertEquals(1, cli.err.lines().count(), cli.toString());
        assertTrue(cli.err.contains("absent.json: no such model file"), cli.toString());
    }

    @Test
    void malformedModelFileIsOneLineAndExitCode1() throws IOException {
        Path bad = java.nio.file.Files.writeString(temp.resolve("bad.json"), "{\"sizes\": [784, 10]}");
        Cli cli = Cli.run("predict", "--model", bad.toString(), "x.png");
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.lines().anyMatch(l -> l.contains("bad.json") && l.contains("\"cost\" is missing")),
                cli.toString());
        assertFalse(cli.err.contains("\tat "), cli.toString());
    }

    @Test
    void helpListsEveryTrainOption() {
        Cli cli = Cli.run("train", "--help");
        assertEquals(0, cli.exitCode, cli.toString());
        for (String option : new String[] {"--sizes", "--epochs", "--batch", "--eta", "--lambda", "--cost",
                "--activation", "--init", "--engine", "--seed", "--no-shuffle", "--data", "--dataset",
                "--train-limit", "--save", "--load", "--checkpoint", "--report"}) {
            assertTrue(cli.out.contains(option), option + " missing from:\n" + cli.out);
        }
    }

    @Test
    void optionsAreParsed() {
        TrainCommand train = new TrainCommand();
        new picocli.CommandLine(train).parseArgs("--sizes", "784,100,10", "--epochs", "60", "--batch", "20",
                "--eta", "0.5", "--lambda", "5.0", "--cost", "cross-entropy", "--activation", "tanh", "--init",
                "large", "--engine", "looped", "--seed", "42", "--no-shuffle", "--train-limit", "1000",
                "--dataset", "fashion", "--data", "/d", "--save", "s.json", "--load", "l.json", "--checkpoint",
                "c.json", "--report", "r");
        assertEquals("[784,100,10]", TrainCommand.join(train.sizes));
        assertEquals(60, train.epochs);
        assertEquals(20, train.batch);
        assertEquals(0.5, train.eta);
        assertEquals(5.0, train.lambda);
        assertEquals("cross-entropy", train.cost);
        assertEquals("tanh", train.activation);
        assertEquals("large", train.init);
        assertEquals("looped", train.engine);
        assertEquals(42L, train.seed);
        assertTrue(train.noShuffle);
        assertEquals(1000, train.trainLimit);
        assertEquals(DatasetChoice.fashion, train.dataOptions.dataset);
        assertEquals(Path.of("/d"), train.dataOptions.data);
        assertEquals(Path.of("s.json"), train.save);
        assertEquals(Path.of("l.json"), train.load);
        assertEquals(Path.of("c.json"), train.checkpoint);
        assertEquals(Path.of("r"), train.report);
    }

    @Test
    void defaultsAreTheBooksHeadlineRun() {
        TrainCommand train = new TrainCommand();
        new picocli.CommandLine(train).parseArgs();
        assertEquals("[784,30,10]", TrainCommand.join(train.sizes));
        assertEquals(30, train.epochs);
        assertEquals(10, train.batch);
        assertEquals(3.0, train.eta);
        assertEquals(0.0, train.lambda);
        assertEquals("quadratic", train.cost);
        assertEquals("batched", train.engine);
        assertEquals(DatasetChoice.mnist, train.dataOptions.dataset);
    }
}
