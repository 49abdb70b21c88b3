package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
