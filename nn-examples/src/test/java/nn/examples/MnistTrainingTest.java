package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The default configuration on real MNIST (from {@code $MNIST_DIR} or the cache {@code nn train} fills): Nielsen's [784, 30, 10], 30 epochs, m = 10,
 * η = 3.0, quadratic cost must reach 94.5% test accuracy (the book reports 95.42%). About a minute on 2 cores.
 */
class MnistTrainingTest {

    @Test
    void defaultRunReaches94Point5PercentOnTheTestSet() {
        String dir = RealMnist.directoryOrSkip(this, "the default training run on real MNIST").toString();
        Cli cli = Cli.run("train", "--seed", "1", "--data", dir);
        assertEquals(0, cli.exitCode, cli.toString());
        assertEquals(30, cli.out.lines().filter(l -> l.startsWith("epoch ")).count(), cli.out);
        Matcher test = Pattern.compile("test accuracy (\\d+) / 10000").matcher(cli.out);
        assertTrue(test.find(), cli.toString());
        int correct = Integer.parseInt(test.group(1));
        System.err.println(getClass().getSimpleName() + ": test accuracy " + correct + " / 10000");
        assertTrue(correct >= 9450, "test accuracy " + correct + " / 10000 is below 94.5%");
    }
}
