package nn.examples;

import java.nio.file.Path;
import java.util.Optional;
import nn.mnist.MnistLocator;
import org.junit.jupiter.api.Assumptions;

/** Where the tests on real MNIST find it: {@code $MNIST_DIR}, else the cache {@code ./nn train} downloads into. */
final class RealMnist {

    private RealMnist() {
    }

    /**
     * MNIST's directory, or the test is skipped with the reason printed (Maven's console only counts skips).
     */
    static Path directoryOrSkip(Object test, String what) {
        MnistLocator locator = MnistLocator.standard();
        Optional<Path> found = locator.existingDirectory();
        if (found.isEmpty()) {
            String reason = "MNIST_DIR is not set and " + locator.cacheDirectory() + " has no MNIST: skipping " + what;
            System.err.println("SKIPPED " + test.getClass().getSimpleName() + ": " + reason);
            Assumptions.abort(reason);
        }
        return found.get();
    }
}
