package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/**
 * Integration test on the real MNIST files in {@code $MNIST_DIR}; skipped, with the reason shown, when it is unset.
 * Fashion-MNIST is checked too when {@code $FASHION_MNIST_DIR} is set (Debian: /usr/share/datasets/fashion-mnist).
 */
class RealMnistTest {

    /**
     * The directory named by {@code variable}; when it is unset the test is skipped, and the reason is also printed
     * because Maven's console only counts skipped tests.
     */
    private static Path requireDirectory(String variable, String what) {
        if (variable.equals("MNIST_DIR")) {
            java.util.Optional<Path> found = MnistLocator.standard().existingDirectory();
            if (found.isEmpty()) {
                String reason = "MNIST_DIR not set and no MNIST in " + MnistLocator.standard().cacheDirectory()
                        + ": skipping " + what;
                System.err.println("[RealMnistTest] " + reason);
                assumeTrue(false, reason);
            }
            return found.get();
        }
        String value = System.getenv(variable);
        if (value == null || value.isEmpty()) {
            String reason = variable + " not set: skipping " + what;
            System.err.println("[RealMnistTest] " + reason);
            assumeTrue(false, reason);
        }
        return Path.of(value);
    }

    @Test
    void realMnistLoadsVerifiedWithTheKnownCountsLabelsAndPixelRange() throws IOException {
        Path dir = requireDirectory("MNIST_DIR", "the integration test on real MNIST");
        MnistData data = Mnist.load(dir, DatasetKind.MNIST); // fails unless all four SHA-256 match
        assertEquals(50_000, data.training().size());
        assertEquals(10_000, data.validation().size());
        assertEquals(10_000, data.test().size());
        assertEquals(60_000, data.fullTraining().size());
        assertEquals(List.of(5, 0, 4, 1, 9), firstLabels(data.training(), 5));
        assertEquals(List.of(7, 2, 1, 0, 4), firstLabels(data.test(), 5));
        assertEquals(28, data.test().imageRows());
        assertEquals(784, data.training().inputSize());
        assertEquals(10, data.training().outputSize());
        assertPixelsSpanZeroToOne(data.fullTraining());
        assertPixelsSpanZeroToOne(data.test());
    }

    @Test
    void realMnistChecksumsOfTheDecompressedFiles() throws IOException {
        Path dir = requireDirectory("MNIST_DIR", "the checksum test on real MNIST");
        for (MnistFile file : MnistFile.values()) {
            assertEquals(file.mnistSha256(), Sha256.ofDecompressed(file.find(dir)), file.fileName());
        }
    }

    @Test
    void locatorUsesMnistDirAndLoadsIt() throws IOException {
        Path dir = requireDirectory("MNIST_DIR", "the locator test on real MNIST");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        Environment environment = new Environment(name -> name.equals("MNIST_DIR") ? dir.toString() : null,
                Path.of("/nonexistent-home"), false);
        MnistLocation location = new MnistLocator(environment, new MnistFetcher(List.of(), MnistFetcher.mnistSha256(),
                quiet), MnistFetcher.mnistSha256(), quiet).locate(null);
        assertEquals(dir, location.directory());
        assertEquals("from $MNIST_DIR", location.origin());
    }

    @Test
    void fashionMnistLoadsWithTheSameLayout() throws IOException {
        Path dir = requireDirectory("FASHION_MNIST_DIR", "the Fashion-MNIST integration test");
        MnistData data = Mnist.load(dir, DatasetKind.FASHION_MNIST);
        assertEquals(60_000, data.fullTraining().size());
        assertEquals(10_000, data.test().size());
        // Zalando's README: the first training image is an ankle boot (9), the first test image too.
        assertEquals(9, data.training().label(0));
        assertEquals(9, data.test().label(0));
        assertPixelsSpanZeroToOne(data.test());
    }

    private static List<Integer> firstLabels(ImageDataset data, int n) {
        return java.util.stream.IntStream.range(0, n).map(data::label).boxed().toList();
    }

    /** Widens every image through copyBatch, as training does, and checks the range is exactly [0, 1]. */
    private static void assertPixelsSpanZeroToOne(ImageDataset data) {
        int batch = 1000;
        int[] order = java.util.stream.IntStream.range(0, data.size()).toArray();
        DoubleMatrix inputs = new DoubleMatrix(data.inputSize(), batch);
        DoubleMatrix targets = new DoubleMatrix(data.outputSize(), batch);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int from = 0; from + batch <= data.size(); from += batch) {
            data.copyBatch(order, from, inputs, targets);
            min = Math.min(min, inputs.min());
            max = Math.max(max, inputs.max());
            assertEquals(batch, targets.sum(), 0.0, "one 1 per target column");
        }
        assertEquals(0.0, min);
        assertEquals(1.0, max);
        assertTrue(data.size() % batch == 0);
    }
}
