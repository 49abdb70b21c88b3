package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Devices, FIFOs, directories and links where a command reads or writes a file: each invocation ends, within
 * seconds, in one error line and exit code 1 or 2, never a stack trace or a wait for ever (a FIFO given to
 * {@code --load} used to block, waiting for a writer).
 */
class HostileInvocationsTest {

    @TempDir
    static Path temp;

    static Path data;
    static Path fifo;
    static Path model;

    @BeforeAll
    static void prepare() throws Exception {
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 60, 10, 2);
        fifo = temp.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
        model = temp.resolve("model.json");
        Cli cli = Cli.run(TrainEndToEndTest.train(data, "--epochs", "1", "--seed", "1", "--save", model.toString()));
        assertEquals(0, cli.exitCode, cli.toString());
    }

    private static void oneLine(int expectedExit, String expected, String... args) {
        Cli cli = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(args), String.join(" ", args));
        assertEquals(expectedExit, cli.exitCode, cli.toString());
        String command = "nn " + args[0] + ": ";
        List<String> errors = cli.err.lines().filter(l -> l.startsWith(command)).toList();
        assertEquals(1, errors.size(), cli.toString());
        assertFalse(cli.err.contains("\tat ") || cli.err.contains("Exception in"), cli.toString());
        assertTrue(errors.get(0).contains(expected), "expected \"" + expected + "\":\n" + cli);
    }

    @Test
    void readingAFifoADeviceOrADirectoryAsAModel() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("dir"));
        for (Path bad : new Path[] {fifo, Path.of("/dev/zero"), dir}) {
            oneLine(1, bad + ": is ", TrainEndToEndTest.train(data, "--load", bad.toString()));
            oneLine(1, bad + ": is ", "evaluate", "--model", bad.toString(), "--dataset", "idx", "--data",
                    data.toString());
            oneLine(1, bad.toString(), "predict", "--model", bad.toString(), model.toString());
        }
    }

    @Test
    void writingOntoAFifoADeviceADirectoryOrALinkToOne() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("out-dir"));
        Path linkToDevice = Files.createSymbolicLink(temp.resolve("zero-link"), Path.of("/dev/zero"));
        Path linkToDir = Files.createSymbolicLink(temp.resolve("dir-link"), dir);
        for (String option : new String[] {"--save", "--checkpoint"}) {
            for (Path bad : new Path[] {fifo, Path.of("/dev/zero"), dir, linkToDevice, linkToDir}) {
                oneLine(2, option + " " + bad, TrainEndToEndTest.train(data, option, bad.toString()));
            }
        }
        oneLine(2, "--report " + fifo, TrainEndToEndTest.train(data, "--report", fifo.toString()));
        Path reportWithADirectoryInTheWay = Files.createDirectories(temp.resolve("report/history.csv")).getParent();
        oneLine(2, "history.csv: is a directory",
                TrainEndToEndTest.train(data, "--report", reportWithADirectoryInTheWay.toString()));
        assertTrue(Files.isSymbolicLink(linkToDevice) && Files.isSymbolicLink(linkToDir));
    }
}
