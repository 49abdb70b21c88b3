package nn.mnist;

import java.nio.file.Path;

/**
 * Where MNIST was found.
 *
 * @param directory the directory holding the four files
 * @param origin    how it was chosen, e.g. {@code "from $MNIST_DIR"} or {@code "downloaded from npm package …"}
 * @param verified  whether the locator has already checked the files against MNIST's SHA-256: true for the cache
 *                  and for downloads, false for a directory the user named
 */
public record MnistLocation(Path directory, String origin, boolean verified) {

    @Override
    public String toString() {
        return directory + " (" + origin + ")";
    }
}
