package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nn.io.NetworkJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every output path of {@code train} is checked before the data is read: a path that cannot be written fails at
 * once with one line and exit code 2, before any epoch, and leaves what is there as it was. Before these checks
 * each of these cases failed only after training (the network lost), or replaced what it must not.
 */
class OutputPathsTest {

    @TempDir
    static Path temp;

    static Path data;

    @BeforeAll
    static void generateData() throws IOException {
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 120, 20, 5);
    }

    private static Cli train(String... extra) {
        return Cli.run(TrainEndToEndTest.train(data, extra));
    }

    private static void refusedBeforeTraining(Cli cli, String expected) {
        assertEquals(CliException.USAGE, cli.exitCode, cli.toString());
        assertEquals(1, cli.err.lines().filter(l -> l.startsWith("nn train: ")).count(), cli.toString());
        assertFalse(cli.err.contains("\tat "), cli.toString());
        assertTrue(cli.err.contains(expected), "expected \"" + expected + "\" in:\n" + cli);
        assertFalse(cli.out.contains("epoch"), "no training before the check:\n" + cli);
        assertFalse(cli.err.contains("loading MNIST") || cli.err.contains("loading IDX"), cli.toString());
    }

    @Test
    void aDeviceIsNeverReplaced() throws IOException {
        refusedBeforeTraining(train("--save", "/dev/null"), "--save /dev/null: is a character device");
        Path link = Files.createSymbolicLink(temp.resolve("null-link.json"), Path.of("/dev/null"));
        refusedBeforeTraining(train("--checkpoint", link.toString()), "is a character device");
        assertTrue(Files.isSymbolicLink(link));
        assertFalse(Files.isRegularFile(Path.of("/dev/null")));
    }

    @Test
    void directoriesEmptyNamesAndReadOnlyPlacesAreRefused() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("a-directory"));
        refusedBeforeTraining(train("--save", dir.toString()), "is a directory");
        refusedBeforeTraining(train("--checkpoint", dir.toString()), "is a directory");
        refusedBeforeTraining(train("--save", ""), "--save \"\": an empty file name");
        refusedBeforeTraining(train("--save", "/proc/model.json"), "--save /proc/model.json: cannot write in /proc");
        Path file = Files.writeString(temp.resolve("a-file"), "keep me");
        refusedBeforeTraining(train("--report", file.toString()), "--report " + file + ": exists and is not a"
                + " directory");
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void twoOutputsMayNotBeOneFile() throws IOException {
        Path model = temp.resolve("same.json");
        refusedBeforeTraining(train("--save", model.toString(), "--checkpoint", model.toString()),
                "--save and --checkpoint name the same file");
        Path link = Files.createSymbolicLink(temp.resolve("same-link.json"), model.getFileName());
        refusedBeforeTraining(train("--save", model.toString(), "--checkpoint", link.toString()),
                "name the same file");
    }

    /** Continuing a checkpoint and saving over it would replace its history with a plain network. */
    @Test
    void saveMayNotReplaceTheCheckpointBeingContinued() throws IOException {
        Path checkpoint = temp.resolve("continued.json");
        Cli first = train("--epochs", "1", "--seed", "1", "--checkpoint", checkpoint.toString());
        assertEquals(0, first.exitCode, first.toString());
        String before = Files.readString(checkpoint);
        Cli second = train("--epochs", "2", "--load", checkpoint.toString(), "--save", checkpoint.toString());
        refusedBeforeTraining(second, "--save and --load are the same file");
        assertEquals(before, Files.readString(checkpoint));
    }

    /** --save through a symbolic link writes the file it points to; the link stays. */
    @Test
    void saveWritesThroughASymbolicLink() throws IOException {
        Path real = Files.createDirectories(temp.resolve("models")).resolve("real.json");
        Path link = Files.createSymbolicLink(temp.resolve("link.json"), Path.of("models/real.json"));
        Cli cli = train("--epochs", "1", "--seed", "1", "--save", link.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(List.of(real.getFileName()), Files.list(real.getParent()).map(Path::getFileName).toList());
        assertEquals(3, NetworkJson.load(real).numLayers());
    }
}
