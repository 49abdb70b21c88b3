package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predict} on generated PNGs: a network trained on the synthetic shapes classifies new pictures of them,
 * drawn larger, non-square, and both dark-on-light and light-on-dark.
 */
class PredictTest {

    @TempDir
    static Path temp;

    static Path model;

    @BeforeAll
    static void train() throws IOException {
        Path data = SyntheticDigits.writeIdx(temp.resolve("idx"), 1200, 100, 9);
        model = temp.resolve("shapes.json");
        Cli cli = Cli.run("train", "--dataset", "idx", "--data", data.toString(), "--sizes", "784,30,10",
                "--cost", "log-likelihood", "--eta", "0.5", "--epochs", "10", "--seed", "1", "--save",
                model.toString());
        assertEquals(0, cli.exitCode, cli.toString());
    }

    @Test
    void classifiesPicturesOfEveryClassAndPrintsProbabilities() throws IOException {
        SplittableRandom random = new SplittableRandom(77);
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString()));
        for (int label = 0; label < 10; label++) {
            for (boolean lightInk : new boolean[] {false, true}) {
                Path png = temp.resolve("shape-" + label + (lightInk ? "-light" : "-dark") + ".png");
                ImageIO.write(SyntheticDigits.draw(label, 180, 130, lightInk, random), "png", png.toFile());
                args.add(png.toString());
            }
        }
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertEquals(0, cli.exitCode, cli.toString());
        Pattern answer = Pattern.compile("shape-(\\d)-(light|dark)\\.png: (\\d) \\(([0-9.]+)%\\)");
        Matcher m = answer.matcher(cli.out);
        int answers = 0;
        while (m.find()) {
            assertEquals(m.group(1), m.group(3), "shape " + m.group(1) + " (" + m.group(2) + ")\n" + cli.out);
            answers++;
        }
        assertEquals(20, answers, cli.out);
        // Softmax output: the ten printed probabilities of each image sum to 1 (to the printed precision).
        for (String line : cli.out.lines().filter(l -> l.startsWith("   0: ")).toList()) {
            double sum = 0;
            Matcher p = Pattern.compile("\\d: ([0-9.]+)").matcher(line);
            while (p.find()) {
                sum += Double.parseDouble(p.group(1));
            }
            assertEquals(1.0, sum, 0.006, line);
        }
    }

    @Test
    void notAnImageIsOneLineAndExitCode1() throws IOException {
        Path text = Files.writeString(temp.resolve("digit.png"), "not a picture");
        Cli cli = Cli.run("predict", "--model", model.toString(), text.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertTrue(cli.err.lines().anyMatch(l -> l.contains("digit.png: not a picture predict reads (PNG, JPEG, GIF or BMP)")), cli.toString());
    }

    /**
     * One unreadable picture among many no longer stops the rest: every readable picture gets its answer, each
     * failure is one line naming its file, and the exit code is 1 at the end.
     */
    @Test
    void everyReadablePictureGetsItsAnswerAndFailuresExitWith1() throws IOException {
        SplittableRandom random = new SplittableRandom(78);
        Path first = temp.resolve("many-1.png");
        Path last = temp.resolve("many-2.png");
        ImageIO.write(SyntheticDigits.draw(3, 90, 90, false, random), "png", first.toFile());
        ImageIO.write(SyntheticDigits.draw(5, 90, 90, false, random), "png", last.toFile());
        Path broken = Files.write(temp.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Path missing = temp.resolve("missing.png");
        Cli cli = Cli.run("predict", "--model", model.toString(), first.toString(), broken.toString(),
                missing.toString(), last.toString());
        assertEquals(CliException.FAILURE, cli.exitCode, cli.toString());
        assertTrue(cli.out.contains(first + ": ") && cli.out.contains(last + ": "), cli.toString());
        List<String> errors = cli.err.lines().filter(l -> l.startsWith("nn predict: ")).toList();
        assertEquals(3, errors.size(), cli.toString());
        assertTrue(errors.get(0).startsWith("nn predict: " + broken + ": "), cli.toString());
        assertTrue(errors.get(1).startsWith("nn predict: " + missing + ": "), cli.toString());
        assertEquals("nn predict: 2 of 4 pictures could not be read", errors.get(2));
    }

    /** A white, a black and a transparent picture are answered with a warning that there is no ink. */
    @Test
    void blankPicturesAreAnsweredWithANoInkWarning() throws IOException {
        List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString()));
        int[][] blanks = {{BufferedImage.TYPE_INT_RGB, 0xFFFFFFFF}, {BufferedImage.TYPE_INT_RGB, 0xFF000000},
            {BufferedImage.TYPE_INT_ARGB, 0x00000000}};
        for (int i = 0; i < blanks.length; i++) {
            BufferedImage image = new BufferedImage(40, 40, blanks[i][0]);
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 40; x++) {
                    image.setRGB(x, y, blanks[i][1]);
                }
            }
            Path png = temp.resolve("blank-" + i + ".png");
            ImageIO.write(image, "png", png.toFile());
            args.add(png.toString());
        }
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertEquals(0, cli.exitCode, cli.toString());
        for (int i = 0; i < blanks.length; i++) {
            assertTrue(cli.err.contains("warning: " + temp.resolve("blank-" + i + ".png") + ": no ink found"),
                    cli.toString());
        }
        Path ink = temp.resolve("inked.png");
        ImageIO.write(SyntheticDigits.draw(1, 60, 60, true, new SplittableRandom(1)), "png", ink.toFile());
        assertFalse(Cli.run("predict", "--model", model.toString(), ink.toString()).err.contains("no ink"));
    }
}
