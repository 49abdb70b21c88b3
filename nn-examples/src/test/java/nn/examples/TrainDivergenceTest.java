package nn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nn.io.NetworkJson;
import nn.network.Network;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training that diverges, through the command line: it stops in the epoch where a weight or a cost stops being a
 * finite number, says which epoch and suggests a smaller η, exits with 1, and keeps the last good network in
 * {@code --save} and {@code --checkpoint}; a run that completed no epoch overwrites nothing.
 */
class TrainDivergenceTest {

    @TempDir
    static Path temp;

    static Path data;

    @BeforeAll
    static void generateData() throws IOException {
        data = SyntheticDigits.writeIdx(temp.resolve("idx"), 300, 50, 6);
    }

    private static Cli train(String... extra) {
        String[] base = {"train", "--dataset", "idx", "--data", data.toString(), "--sizes", "784,20,10"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    private static String lastLine(String text) {
        return text.lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void weightsOverflowingAfterTwoGoodEpochsKeepTheNetworkOfEpochTwo() throws IOException {
        Path checkpoint = temp.resolve("overflow-checkpoint.json");
        Path model = temp.resolve("overflow-model.json");
        Cli good = train("--epochs", "2", "--seed", "3", "--checkpoint", checkpoint.toString());
        assertEquals(0, good.exitCode, good.toString());
        Network afterTwo = NetworkJson.load(checkpoint);

        // η = 10^300 with λ = 1: the weight decay factor 1 − ηλ/n is about −4·10^297, so the weights overflow to
        // ±∞ in the first mini-batch of epoch 3 and turn into NaN right after.
        Cli diverged = train("--load", checkpoint.toString(), "--epochs", "4", "--eta", "1e300", "--lambda", "1",
                "--save", model.toString(), "--checkpoint", checkpoint.toString());
        assertEquals(CliException.FAILURE, diverged.exitCode, diverged.toString());
        String line = lastLine(diverged.err);
        assertTrue(line.matches("nn train: training diverged in epoch 3: (weights|biases)\\[\\d+]\\[\\d+]"
                + "(\\[\\d+])? = (NaN|-?Infinity); .*"), line);
        assertTrue(line.endsWith("; try a smaller --eta than 1.0E300 or a smaller --lambda than 1.0 (the network"
                + " after epoch 2 is kept in " + model + " and " + checkpoint + ")"), line);
        assertFalse(diverged.out.contains("epoch 3/4"), "no line for the epoch that diverged:\n" + diverged);

        Network saved = NetworkJson.load(model); // NetworkJson refuses non-finite numbers
        Checkpoint.Loaded resumable = Checkpoint.read(checkpoint);
        assertEquals(2, resumable.state().orElseThrow().epochsDone());
        for (Network n : new Network[] {saved, resumable.network()}) {
            assertNull(n.firstNonFiniteParameter());
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(afterTwo.weights(l).data, n.weights(l).data, 0.0, "the network of epoch 2");
                assertArrayEquals(afterTwo.biases(l).data, n.biases(l).data, 0.0, "the network of epoch 2");
            }
        }
    }

    @Test
    void aCostOverflowingWithFiniteWeightsStopsToo() throws IOException {
        // η = 100 with λ = 1000 on n = 250 images: the weight decay factor 1 − ηλ/n = −399 multiplies the weights
        // in each of the 25 mini-batches of an epoch, about 10^65 per epoch. The cost's L2 term (λ/2n) Σ w² grows
        // as their square: about 10^131 after epoch 1, 10^261 after epoch 2, and beyond the largest double in
        // epoch 3, while the weights (about 10^195) are still finite.
        Path model = temp.resolve("cost-model.json");
        Cli cli = train("--epochs", "4", "--seed", "1", "--eta", "100", "--lambda", "1000", "--save",
                model.toString());
        assertEquals(CliException.FAILURE, cli.exitCode, cli.toString());
        assertTrue(cli.out.lines().anyMatch(l -> l.matches("epoch 3/4 .* training cost Infinity .*")), cli.out);
        assertEquals("nn train: training diverged in epoch 3: the training cost became Infinity; try a smaller"
                + " --eta than 100.0 or a smaller --lambda than 1000.0 (the network after epoch 2 is kept in " + model
                + ")", lastLine(cli.err));
        assertNull(NetworkJson.load(model).firstNonFiniteParameter());
    }

    @Test
    void divergingInTheFirstEpochOverwritesNothing() throws IOException {
        Path model = temp.resolve("earlier-model.json");
        assertEquals(0, train("--epochs", "1", "--seed", "2", "--save", model.toString()).exitCode);
        byte[] before = Files.readAllBytes(model);
        Path checkpoint = temp.resolve("never-written.json");

        Cli cli = train("--epochs", "3", "--seed", "2", "--eta", "1e300", "--lambda", "1", "--save",
                model.toString(), "--checkpoint", checkpoint.toString());
        assertEquals(CliException.FAILURE, cli.exitCode, cli.toString());
        assertEquals("nn train: training diverged in epoch 1: weights[0][0][0] = NaN; try a smaller --eta than 1.0E300 or a smaller --lambda than 1.0 (no epoch was"
                + " completed, so nothing was saved)",
                lastLine(cli.err));
        assertArrayEquals(before, Files.readAllBytes(model), "the earlier run's model is untouched");
        assertFalse(Files.exists(checkpoint));
    }

    /** λ alone can diverge a run (the weight decay factor 1 − ηλ/n far below −1): the message names λ too. */
    @Test
    void aHugeLambdaIsNamedInTheMessage() {
        Cli cli = train("--epochs", "2", "--seed", "2", "--lambda", "1e308");
        assertEquals(CliException.FAILURE, cli.exitCode, cli.toString());
        assertTrue(lastLine(cli.err).contains("try a smaller --eta than 3.0 or a smaller --lambda than 1.0E308"),
                cli.toString());
    }

    /** Without λ the message suggests only a smaller η. */
    @Test
    void withoutLambdaOnlyEtaIsNamed() {
        Cli cli = train("--epochs", "1", "--seed", "2", "--eta", "1e300");
        assertEquals(CliException.FAILURE, cli.exitCode, cli.toString());
        assertTrue(lastLine(cli.err).contains("try a smaller --eta than 1.0E300 ("), cli.toString());
    }
}
