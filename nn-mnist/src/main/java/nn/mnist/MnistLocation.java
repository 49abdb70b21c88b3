package nn.mnist;

import java.nio.file.Path;

/**
 * Where MNIST was found.
 *
 * @param directory the directory holding the four files
 * @param origin    how it was chosen, e.g. {@code "from $MNIST_DIR"} or {@code "downloaded from npm package …"}
 */
public record MnistLocation(Path directory, String origin) {

    @Override
    public String toString() {
        return directory + " (" + origin + ")";
    }
}
