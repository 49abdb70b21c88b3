package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training files too small to train on: one line and exit code 1 that say so. Before, 0 images gave an
 * {@code IllegalArgumentException} trace and 1–5 images "training diverged … try a smaller --eta" (the validation
 * set was empty, its cost 0 / 0).
 */
class SmallDataTest {

    @TempDir
    Path temp;

    private Cli trainOn(int images) throws IOException {
        Path data = SyntheticDigits.writeIdx(temp.resolve("idx" + images), images, 10, 1);
        return Cli.run(TrainEndToEndTest.train(data, "--epochs", "1"));
    }

    @Test
    void noImages() throws IOException {
        Cli cli = trainOn(0);
        assertEquals(CliException.FAILURE, cli.exitCode, cli.toString());
        assertTrue(cli.err.lines().anyMatch(l -> l.startsWith("nn train: ") && l.endsWith("holds no training images")),
                cli.toString());
        assertFalse(cli.err.contains("\tat "), cli.toString());
    }

    @Test
    void oneToFiveImagesLeaveNoValidationImages() throws IOException {
        for (int n = 1; n <= 5; n++) {
            Cli cli = trainOn(n);
            assertEquals(CliException.FAILURE, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains(n + " training image" + (n == 1 ? "" : "s") + " and no validation images"),
                    cli.toString());
            assertFalse(cli.err.contains("diverged"), cli.toString());
            assertEquals(1, cli.err.lines().filter(l -> l.startsWith("nn train: ")).count(), cli.toString());
        }
        Cli six = trainOn(6);
        assertEquals(0, six.exitCode, six.toString());
    }
}
