package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --augment none|shift|affine|elastic}: parsed and checked like the other options, used (the epochs
 * differ from a run without it), recorded in checkpoints so that a resumed run draws the distortions the
 * uninterrupted one drew, and pictured in the report.
 */
class AugmentOptionTest {

    @TempDir
    static Path temp;

    static Path data;

    /** A small, fast run: 300 synthetic training images, the trainer's test network. */
    static final String[] RUN = {"--train-limit", "300", "--seed", "5", "--eta", "1.0"};

    @BeforeAll
    static void generateData() throws IOException {
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 480, 40, 4);
    }

    private static Cli train(String... extra) {
        String[] args = Arrays.copyOf(RUN, RUN.length + extra.length);
        System.arraycopy(extra, 0, args, RUN.length, extra.length);
        return Cli.run(TrainEndToEndTest.train(data, args));
    }

    @Test
    void theOptionIsParsedAndDefaultsToNone() {
        TrainCommand train = new TrainCommand();
        new picocli.CommandLine(train).parseArgs();
        assertEquals("none", train.augment);
        assertEquals(null, train.augmentation());
        for (String name : List.of("shift", "affine", "elastic")) {
            new picocli.CommandLine(train).parseArgs("--augment", name);
            assertEquals(name, train.augment);
            assertEquals(name, train.augmentation().toString().split(" ")[0]);
        }
        assertTrue(Cli.run("train", "--help").out.contains("--augment"));
    }

    @Test
    void anUnknownValueIsOneLineAndExitCode2() {
        Cli cli = Cli.run("train", "--augment", "rotate");
        assertEquals(CliException.USAGE, cli.exitCode, cli.toString());
        assertEquals("nn train: --augment rotate: expected none, shift, affine or elastic (see nn train --help)\n",
                cli.err, cli.toString());
        assertFalse(cli.err.contains("\tat "), cli.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainOptions.parse(List.of("--augment", "rotate")));
        assertEquals("--augment rotate: expected none, shift, affine or elastic", e.getMessage());
        assertNotNull(TrainOptions.parse(List.of("--augment", "elastic")), "a sweep can vary --augment");
    }

    @Test
    void augmentedRunsTrainOnOtherImagesAndSaySo() {
        Cli none = train("--epochs", "2");
        assertEquals(0, none.exitCode, none.toString());
        assertFalse(none.out.contains("augment:"), "a run without --augment prints what it printed before");
        Cli shift = train("--epochs", "2", "--augment", "shift");
        assertEquals(0, shift.exitCode, shift.toString());
        assertTrue(shift.out.contains("augment: shift, 1500 training examples"), shift.toString());
        // The training cost and accuracy are still measured on the 300 images themselves.
        assertTrue(shift.out.contains("data: 300 training"), shift.toString());
        for (String kind : List.of("affine", "elastic")) {
            Cli cli = train("--epochs", "2", "--augment", kind);
            assertEquals(0, cli.exitCode, cli.toString());
            assertTrue(cli.out.contains("augment: " + kind + " ("), cli.toString());
            assertTrue(cli.out.contains(", new every epoch"), cli.toString());
            assertNotEquals(none.epochLinesWithoutSeconds(), cli.epochLinesWithoutSeconds(), kind);
        }
    }

    @Test
    void aResumedAugmentedRunDrawsWhatTheUninterruptedRunDrew() throws IOException {
        for (String kind : List.of("affine", "elastic", "shift")) {
            Path checkpoint = temp.resolve("ck-" + kind + ".json");
            Cli straight = train("--epochs", "3", "--augment", kind);
            assertEquals(0, straight.exitCode, straight.toString());
            Cli first = train("--epochs", "1", "--augment", kind, "--checkpoint", checkpoint.toString());
            assertEquals(0, first.exitCode, first.toString());
            assertTrue(Files.readString(checkpoint).contains("\"augment\" : \"" + kind + "\""),
                    Files.readString(checkpoint));
            Cli resumed = Cli.run(TrainEndToEndTest.train(data, "--load", checkpoint.toString(), "--epochs", "3"));
            assertEquals(0, resumed.exitCode, resumed.toString());
            assertTrue(resumed.out.contains("augment: " + kind), "the checkpoint's --augment is used:\n" + resumed);
            assertEquals(straight.epochLinesWithoutSeconds().subList(1, 3), resumed.epochLinesWithoutSeconds(),
                    kind + ": epochs 2 and 3 as in the uninterrupted run");
        }
    }

    @Test
    void resumingWithAnotherAugmentationUsesItAndSaysSo() throws IOException {
        Path checkpoint = temp.resolve("ck-change.json");
        assertEquals(0, train("--epochs", "1", "--augment", "affine", "--checkpoint", checkpoint.toString()).exitCode);
        Cli cli = Cli.run(TrainEndToEndTest.train(data, "--load", checkpoint.toString(), "--epochs", "2",
                "--augment", "none"));
        assertEquals(0, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains("--augment none (was affine)"), cli.toString());
        assertFalse(cli.out.contains("augment: "), cli.toString());
    }

    @Test
    void aCheckpointWithAnUnknownAugmentationIsRefusedInOneLine() throws IOException {
        Path checkpoint = temp.resolve("ck-bad.json");
        assertEquals(0, train("--epochs", "1", "--augment", "shift", "--checkpoint", checkpoint.toString()).exitCode);
        String json = Files.readString(checkpoint).replace("\"augment\" : \"shift\"", "\"augment\" : \"twist\"");
        IOException e = assertThrows(IOException.class, () -> Checkpoint.parse(json, "ck-bad.json"));
        assertEquals("ck-bad.json: training.settings have augment twist, expected one of none, shift, affine,"
                + " elastic", e.getMessage());
    }

    @Test
    void theReportShowsTheAugmentedDigitsOnlyWhenAugmenting() throws IOException {
        Path withAugment = temp.resolve("report-elastic");
        Cli cli = train("--epochs", "1", "--augment", "elastic", "--report", withAugment.toString());
        assertEquals(0, cli.exitCode, cli.toString());
        BufferedImage grid = ImageIO.read(withAugment.resolve(ReportWriter.AUGMENTED).toFile());
        assertNotNull(grid, "augmented.png is a PNG");
        // Ten rows (one per class; the synthetic digits have all ten) of the original and 8 epochs, each cell
        // 28 × 3 pixels plus padding: at least that much picture.
        assertTrue(grid.getWidth() >= 9 * 84 && grid.getHeight() >= 10 * 84, grid.getWidth() + "×" + grid.getHeight());

        Path without = temp.resolve("report-none");
        Cli plain = train("--epochs", "1", "--report", without.toString());
        assertEquals(0, plain.exitCode, plain.toString());
        assertTrue(Files.exists(without.resolve(ReportWriter.LEARNING_CURVES)));
        assertFalse(Files.exists(without.resolve(ReportWriter.AUGMENTED)));
    }
}
