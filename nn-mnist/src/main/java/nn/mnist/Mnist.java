package nn.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Entry point: loads MNIST, Fashion-MNIST or any dataset in MNIST's four-file IDX layout.
 *
 * <pre>{@code
 * MnistData mnist   = Mnist.locateAndLoad(DatasetKind.MNIST, null);          // $MNIST_DIR, cache, or download
 * MnistData fashion = Mnist.locateAndLoad(DatasetKind.FASHION_MNIST, null);  // Debian's dataset-fashion-mnist
 * MnistData mine    = Mnist.load(Path.of("my-data"));                          // any directory, structure only
 * trainer.train(mnist.training(), mnist.validation());
 * }</pre>
 */
public final class Mnist {

    /** Number of classes in every dataset of the layout: ten digits, ten kinds of clothing. */
    public static final int CLASSES = 10;

    private Mnist() {
    }

    /**
     * Loads the four files from {@code directory}, checking their structure only (see {@link DatasetKind#OTHER}).
     *
     * @param directory the directory holding the training and test images and labels, raw or gzipped
     * @return the training and test images, labelled; its {@link MnistData#origin()} is the directory
     * @throws NoSuchFileException       if a file is missing (the message lists the names looked for)
     * @throws DatasetFormatException    if a file is malformed
     * @throws DatasetTooLargeException  if the images do not fit in the memory this Java may use
     * @throws IOException               if a file cannot be read
     */
    public static MnistData load(Path directory) throws IOException {
        return load(directory, DatasetKind.OTHER);
    }

    /**
     * Loads the four files from {@code directory}; for {@link DatasetKind#MNIST} also verifies each file's
     * SHA-256, computed in the same pass as the read.
     *
     * @param directory the directory holding the training and test images and labels, raw or gzipped
     * @param kind      which dataset the files are meant to be; only {@link DatasetKind#MNIST} is verified byte for
     *                  byte, any other is checked for structure only
     * @return the training and test images, labelled; its {@link MnistData#origin()} is the directory
     * @throws NoSuchFileException       if a file is missing (the message lists the names looked for)
     * @throws DatasetFormatException    if a file is malformed or, for MNIST, its checksum does not match
     * @throws DatasetTooLargeException  if the images do not fit in the memory this Java may use
     * @throws IOException               if a file cannot be read
     */
    public static MnistData load(Path directory, DatasetKind kind) throws IOException {
        return load(directory, kind.isVerified(), directory.toString());
    }

    /**
     * Finds the dataset and loads it: from {@code directory} when it is not {@code null}, otherwise from the
     * kind's usual place; for {@link DatasetKind#MNIST} that is {@code $MNIST_DIR}, then the per-user cache, then a
     * verified download (see {@link MnistLocator}). Logs one line saying where the data came from (an INFO record
     * on the {@code nn.mnist} {@link System.Logger}). MNIST is always verified against its checksums, once: by the
     * locator for the cache and downloads, while loading for a directory the user named.
     *
     * @param kind      which dataset to load; decides where it is looked for and whether it is verified
     * @param directory the directory the user named ({@code --data DIR}), or {@code null} for the kind's usual place
     * @return the training and test images, labelled; its {@link MnistData#origin()} says where they came from
     * @throws MnistUnavailableException if MNIST is nowhere to be found and cannot be downloaded
     * @throws NoSuchFileException       if the directory lacks a file, or Fashion-MNIST's default directory does
     *                                   not exist
     * @throws DatasetFormatException    if a file is malformed or fails verification
     * @throws DatasetTooLargeException  if the images do not fit in the memory this Java may use
     * @throws IOException               if a file cannot be read or MNIST cannot be stored in the cache
     * @throws IllegalArgumentException  if {@code directory} is {@code null} for {@link DatasetKind#OTHER}
     */
    public static MnistData locateAndLoad(DatasetKind kind, Path directory) throws IOException {
        PrintStream log = LoggerPrintStream.standard();
        if (kind == DatasetKind.MNIST) {
            MnistLocation location = MnistLocator.standard().locate(directory);
            return load(location.directory(), !location.verified(), location.toString());
        }
        if (directory != null) {
            log.println(kind.displayName() + ": using " + directory + " (given explicitly)");
            return load(directory, false, directory + " (given explicitly)");
        }
        Path conventional = kind.defaultDirectory().orElseThrow(() -> new IllegalArgumentException(
                "a directory is needed for a dataset other than MNIST and Fashion-MNIST: pass --data DIR"));
        if (!Files.isDirectory(conventional)) {
            throw new NoSuchFileException(conventional.toString(), null, kind.displayName()
                    + " is not installed there: install Debian's dataset-fashion-mnist package or pass --data DIR");
        }
        log.println(kind.displayName() + ": using " + conventional + " (default location)");
        return load(conventional, false, conventional + " (default location)");
    }

    private static MnistData load(Path directory, boolean verify, String origin) throws IOException {
        ImageDataset training = readPair(directory, MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS, verify, null);
        ImageDataset test = readPair(directory, MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS, verify, training);
        return new MnistData(training, test, origin);
    }

    private static ImageDataset readPair(Path directory, MnistFile imagesFile, MnistFile labelsFile,
                                         boolean verify, ImageDataset training) throws IOException {
        IdxArray images = IdxReader.read(imagesFile.find(directory), imagesFile.magic(),
                verify ? imagesFile.mnistSha256() : null);
        IdxArray labels = IdxReader.read(labelsFile.find(directory), labelsFile.magic(),
                verify ? labelsFile.mnistSha256() : null);
        int rows = images.dimension(1);
        int columns = images.dimension(2);
        if (rows == 0 || columns == 0) {
            throw new DatasetFormatException(images.file(), images.locationOf(8),
                    "images of " + rows + " × " + columns + " pixels are empty");
        }
        if ((long) rows * columns > IdxReader.MAX_DATA_BYTES) {
            // Only a file of no images gets here (its data would exceed the limit otherwise), but the size of one
            // image must still fit an int.
            throw new DatasetFormatException(images.file(), images.locationOf(8), "images of " + rows + " × "
                    + columns + " pixels are larger than the " + IdxReader.MAX_DATA_BYTES + "-byte limit of one file");
        }
        if (training != null && (rows != training.imageRows() || columns != training.imageColumns())) {
            throw new DatasetFormatException(images.file(), images.locationOf(8), "images are " + rows + " × "
                    + columns + " pixels but the training images are " + training.imageRows() + " × "
                    + training.imageColumns());
        }
        if (labels.dimension(0) != images.dimension(0)) {
            throw new DatasetFormatException(labels.file(), labels.locationOf(4), "holds " + labels.dimension(0)
                    + " labels but " + images.file().getFileName() + " holds " + images.dimension(0) + " images");
        }
        byte[] values = labels.data();
        for (int i = 0; i < values.length; i++) {
            if ((values[i] & 0xFF) >= CLASSES) {
                throw new DatasetFormatException(labels.file(), labels.locationOf(labels.headerBytes() + (long) i),
                        "label " + (values[i] & 0xFF) + " of item " + i + " is not in 0.." + (CLASSES - 1));
            }
        }
        return new ImageDataset(images.data(), values, rows, columns, CLASSES);
    }
}
