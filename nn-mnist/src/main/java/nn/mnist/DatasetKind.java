package nn.mnist;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Which dataset in MNIST's file layout the caller means, which decides how its files are checked and where they
 * are looked for.
 *
 * <p>Only {@link #MNIST} has published checksums, so only MNIST is verified byte for byte. Fashion-MNIST uses the
 * very same file names, so a directory given for another dataset is checked for structure only (magic numbers,
 * dimensions against file lengths, label range, counts): verifying it against MNIST's hashes would reject it.
 */
public enum DatasetKind {

    /**
     * LeCun's handwritten digits. Every file's decompressed SHA-256 must match MNIST's; when no directory is given
     * the files are looked for in {@code $MNIST_DIR}, then the per-user cache, then downloaded (see
     * {@link MnistLocator}).
     */
    MNIST("MNIST", true, null),

    /**
     * Zalando's Fashion-MNIST. Checked for structure only; when no directory is given, Debian's
     * {@code dataset-fashion-mnist} package location is used.
     */
    FASHION_MNIST("Fashion-MNIST", false, Path.of("/usr/share/datasets/fashion-mnist")),

    /** Any other dataset in the same layout. Checked for structure only; a directory must be given. */
    OTHER("dataset", false, null);

    private final String displayName;
    private final boolean verified;
    private final Path defaultDirectory;

    DatasetKind(String displayName, boolean verified, Path defaultDirectory) {
        this.displayName = displayName;
        this.verified = verified;
        this.defaultDirectory = defaultDirectory;
    }

    /** {@return the dataset's own name for messages, e.g. {@code Fashion-MNIST}} */
    public String displayName() {
        return displayName;
    }

    /** {@return whether the files are checked against MNIST's published SHA-256 checksums} */
    public boolean isVerified() {
        return verified;
    }

    /**
     * {@return where the dataset is looked for when no directory is given; empty when it has no conventional
     * place}
     */
    public Optional<Path> defaultDirectory() {
        return Optional.ofNullable(defaultDirectory);
    }
}
