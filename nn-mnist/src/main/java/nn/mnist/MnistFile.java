package nn.mnist;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The four files of MNIST's layout, shared by Fashion-MNIST and other drop-in replacements, with MNIST's
 * published SHA-256 of each decompressed file.
 *
 * <p>A file is found in a directory under any of the names in common use: {@code train-images-idx3-ubyte} (LeCun's
 * name), {@code train-images.idx3-ubyte} (how some archives unpack it), each raw or with {@code .gz}.
 */
public enum MnistFile {

    /** 60,000 training images, 28 × 28. */
    TRAIN_IMAGES("train-images", "idx3", IdxReader.IMAGES_MAGIC, 16 + 60_000 * 784,
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
    /** 60,000 training labels. */
    TRAIN_LABELS("train-labels", "idx1", IdxReader.LABELS_MAGIC, 8 + 60_000,
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
    /** 10,000 test images, 28 × 28. */
    TEST_IMAGES("t10k-images", "idx3", IdxReader.IMAGES_MAGIC, 16 + 10_000 * 784,
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
    /** 10,000 test labels. */
    TEST_LABELS("t10k-labels", "idx1", IdxReader.LABELS_MAGIC, 8 + 10_000,
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** The slack {@link #downloadLimit()} allows above MNIST's size: far more than gzip's few bytes of framing. */
    static final long DOWNLOAD_SLACK = 1 << 20;

    private final String stem;
    private final String format;
    private final int magic;
    private final long mnistBytes;
    private final String mnistSha256;

    MnistFile(String stem, String format, int magic, long mnistBytes, String mnistSha256) {
        this.stem = stem;
        this.format = format;
        this.magic = magic;
        this.mnistBytes = mnistBytes;
        this.mnistSha256 = mnistSha256;
    }

    /** {@return the canonical, uncompressed name, e.g. {@code train-images-idx3-ubyte}} */
    public String fileName() {
        return stem + "-" + format + "-ubyte";
    }

    /** {@return the name the mirrors serve it under, e.g. {@code train-images-idx3-ubyte.gz}} */
    public String gzipFileName() {
        return fileName() + ".gz";
    }

    /**
     * {@return the IDX magic number the file must carry: {@link IdxReader#IMAGES_MAGIC} or
     * {@link IdxReader#LABELS_MAGIC}}
     */
    public int magic() {
        return magic;
    }

    /** {@return the size in bytes of MNIST's decompressed file, e.g. 47,040,016 for the training images} */
    public long mnistBytes() {
        return mnistBytes;
    }

    /**
     * The most bytes a download source may deliver for this file, compressed or decompressed: MNIST's size plus
     * {@link #DOWNLOAD_SLACK}. A verified file is exactly {@link #mnistBytes()} long, and its gzip (even stored,
     * uncompressed) is at most a few KB longer, so a transfer past this limit is refused as soon as it passes it.
     */
    long downloadLimit() {
        return mnistBytes + DOWNLOAD_SLACK;
    }

    /** {@return the SHA-256 (64 lower-case hex digits) of MNIST's decompressed file} */
    public String mnistSha256() {
        return mnistSha256;
    }

    /**
     * {@return every name the file is accepted under, in order of preference: raw before gzip (it loads faster),
     * e.g. {@code train-images-idx3-ubyte}, {@code train-images.idx3-ubyte}, then the same with {@code .gz}}
     */
    public List<String> acceptedNames() {
        String dotted = stem + "." + format + "-ubyte";
        return List.of(fileName(), dotted, gzipFileName(), dotted + ".gz");
    }

    /**
     * Finds this file in {@code directory} under the first of {@link #acceptedNames()} that exists.
     *
     * @param directory the directory to look in
     * @return the regular file found, {@code directory} resolved against the accepted name
     * @throws NoSuchFileException naming the directory and every name tried
     */
    public Path find(Path directory) throws NoSuchFileException {
        for (String name : acceptedNames()) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new NoSuchFileException(directory.toString(), null,
                "no " + description() + " file: looked for " + String.join(", ", acceptedNames()));
    }

    /** "training images", "test labels", … */
    String description() {
        return (this == TRAIN_IMAGES || this == TRAIN_LABELS ? "training " : "test ")
                + name().substring(name().indexOf('_') + 1).toLowerCase(Locale.ROOT);
    }
}
