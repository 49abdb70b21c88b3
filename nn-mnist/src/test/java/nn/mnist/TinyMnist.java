package nn.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * A small made-up dataset in MNIST's layout (4 × 3 images), deterministic for a seed, with its files' contents and
 * their checksums, so tests can stand in for MNIST without the real files.
 */
final class TinyMnist {

    static final int ROWS = 4;
    static final int COLUMNS = 3;
    static final int TRAINING = 12;
    static final int TEST = 5;

    final byte[] trainPixels;
    final byte[] trainLabels;
    final byte[] testPixels;
    final byte[] testLabels;
    final Map<MnistFile, byte[]> contents = new EnumMap<>(MnistFile.class);

    TinyMnist(long seed) {
        Random random = new Random(seed);
        trainPixels = randomBytes(random, TRAINING * ROWS * COLUMNS, 256);
        trainLabels = randomBytes(random, TRAINING, 10);
        testPixels = randomBytes(random, TEST * ROWS * COLUMNS, 256);
        testLabels = randomBytes(random, TEST, 10);
        contents.put(MnistFile.TRAIN_IMAGES, IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {TRAINING, ROWS, COLUMNS}, trainPixels));
        contents.put(MnistFile.TRAIN_LABELS, IdxWriter.bytes(IdxReader.LABELS_MAGIC, new int[] {TRAINING}, trainLabels));
        contents.put(MnistFile.TEST_IMAGES, IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {TEST, ROWS, COLUMNS}, testPixels));
        contents.put(MnistFile.TEST_LABELS, IdxWriter.bytes(IdxReader.LABELS_MAGIC, new int[] {TEST}, testLabels));
    }

    private static byte[] randomBytes(Random random, int length, int bound) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(bound);
        }
        return bytes;
    }

    /** The SHA-256 of each file's (uncompressed) content. */
    Map<MnistFile, String> sha256() {
        Map<MnistFile, String> sums = new EnumMap<>(MnistFile.class);
        contents.forEach((file, bytes) -> {
            var digest = Sha256.newDigest();
            digest.update(bytes);
            sums.put(file, Sha256.hex(digest));
        });
        return sums;
    }

    /** Writes the four files into {@code directory} under their canonical names, gzipped when asked. */
    Path writeTo(Path directory, boolean gzip) throws IOException {
        Files.createDirectories(directory);
        for (var entry : contents.entrySet()) {
            MnistFile file = entry.getKey();
            IdxWriter.write(directory.resolve(gzip ? file.gzipFileName() : file.fileName()), entry.getValue(), gzip);
        }
        return directory;
    }
}
