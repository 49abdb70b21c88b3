package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading a directory in MNIST's layout: splits, file-name variants and every cross-file consistency check. */
class MnistLoadTest {

    @TempDir
    Path dir;

    private final TinyMnist tiny = new TinyMnist(42);

    @Test
    void loadsRawAndGzippedAlikeWithAProportionateSplit() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path directory = tiny.writeTo(dir.resolve("gz" + gzip), gzip);
            MnistData data = Mnist.load(directory);
            assertEquals(TinyMnist.TRAINING, data.fullTraining().size());
            assertEquals(TinyMnist.TRAINING / 6, data.validation().size());
            assertEquals(TinyMnist.TRAINING - TinyMnist.TRAINING / 6, data.training().size());
            assertEquals(TinyMnist.TEST, data.test().size());
            assertEquals(TinyMnist.ROWS, data.test().imageRows());
            assertEquals(TinyMnist.COLUMNS, data.test().imageColumns());
            assertEquals(tiny.trainLabels[TinyMnist.TRAINING - 1], data.validation().label(data.validation().size() - 1));
            assertEquals(tiny.testLabels[0], data.test().label(0));
            assertEquals((tiny.trainPixels[5] & 0xFF) / 255.0, data.training().pixel(0, 5));
            assertEquals(directory.toString(), data.origin());
        }
    }

    @Test
    void nielsenSplitIs50000And10000() throws IOException {
        byte[] pixels = new byte[60_000];
        byte[] labels = new byte[60_000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 10);
        }
        IdxWriter.images(dir.resolve("train-images-idx3-ubyte"), pixels, 60_000, 1, 1, false);
        IdxWriter.labels(dir.resolve("train-labels-idx1-ubyte"), labels, false);
        IdxWriter.images(dir.resolve("t10k-images-idx3-ubyte"), new byte[10_000], 10_000, 1, 1, false);
        IdxWriter.labels(dir.resolve("t10k-labels-idx1-ubyte"), new byte[10_000], false);
        MnistData data = Mnist.load(dir);
        assertEquals(50_000, data.training().size());
        assertEquals(10_000, data.validation().size());
        assertEquals(10_000, data.test().size());
        assertEquals(60_000, data.fullTraining().size());
        assertEquals(50_003 % 10, data.validation().label(3));
    }

    @Test
    void acceptsTheDottedNames() throws IOException {
        for (MnistFile file : MnistFile.values()) {
            String dotted = file.acceptedNames().get(3); // e.g. train-images.idx3-ubyte.gz
            assertTrue(dotted.contains(".idx") && dotted.endsWith(".gz"), dotted);
            IdxWriter.write(dir.resolve(dotted), tiny.contents.get(file), true);
        }
        assertEquals(TinyMnist.TEST, Mnist.load(dir).test().size());
    }

    @Test
    void missingFileListsTheNamesLookedFor() throws IOException {
        tiny.writeTo(dir, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Mnist.load(dir));
        assertTrue(e.getMessage().contains("t10k-labels-idx1-ubyte.gz") && e.getMessage().contains("t10k-labels.idx1-ubyte"),
                e.getMessage());
    }

    @Test
    void labelOutOfRangeNamesItsByte() throws IOException {
        tiny.writeTo(dir, false);
        byte[] labels = tiny.trainLabels.clone();
        labels[7] = 10;
        IdxWriter.labels(dir.resolve("train-labels-idx1-ubyte"), labels, false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Mnist.load(dir));
        assertEquals(dir.resolve("train-labels-idx1-ubyte"), e.file());
        assertEquals("byte 15", e.location());
        assertEquals("label 10 of item 7 is not in 0..9", e.problem());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        tiny.writeTo(dir, true);
        IdxWriter.labels(dir.resolve("t10k-labels-idx1-ubyte.gz"), new byte[TinyMnist.TEST - 1], true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Mnist.load(dir));
        assertEquals("decompressed byte 4", e.location());
        assertEquals("holds 4 labels but t10k-images-idx3-ubyte.gz holds 5 images", e.problem());
    }

    @Test
    void testImagesMustHaveTheTrainingImagesShape() throws IOException {
        tiny.writeTo(dir, false);
        IdxWriter.images(dir.resolve("t10k-images-idx3-ubyte"), tiny.testPixels, TinyMnist.TEST, TinyMnist.COLUMNS,
                TinyMnist.ROWS, false);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Mnist.load(dir));
        assertTrue(e.problem().contains("images are 3 × 4 pixels but the training images are 4 × 3"), e.getMessage());
    }

    @Test
    void noImagesOfAHugeSizeAreRefusedNotOverflowed() throws IOException {
        // 0 × 65536 × 65536 declares no data, so the files are consistent, but 65536² pixels overflow an int.
        tiny.writeTo(dir, false);
        Files.write(dir.resolve("train-images-idx3-ubyte"),
                IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {0, 65536, 65536}, new byte[0]));
        Files.write(dir.resolve("train-labels-idx1-ubyte"),
                IdxWriter.bytes(IdxReader.LABELS_MAGIC, new int[] {0}, new byte[0]));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Mnist.load(dir));
        assertEquals("byte 8", e.location());
        assertEquals("images of 65536 × 65536 pixels are larger than the 1073741824-byte limit of one file",
                e.problem());
    }

    @Test
    void mnistKindVerifiesChecksumsOtherKindsDoNot() throws IOException {
        tiny.writeTo(dir, true);
        assertEquals(TinyMnist.TRAINING, Mnist.load(dir, DatasetKind.FASHION_MNIST).fullTraining().size());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Mnist.load(dir, DatasetKind.MNIST));
        assertTrue(e.problem().startsWith("SHA-256 of the decompressed content is "), e.getMessage());
        assertTrue(e.problem().endsWith("expected " + MnistFile.TRAIN_IMAGES.mnistSha256()), e.getMessage());
    }

    @Test
    void otherKindNeedsADirectory() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Mnist.locateAndLoad(DatasetKind.OTHER, null));
        assertTrue(e.getMessage().endsWith("pass --data DIR"), e.getMessage());
    }

    @Test
    void theLogLineNamesTheDatasetAsPeopleWriteIt() throws IOException {
        Path directory = tiny.writeTo(dir.resolve("fashion"), true);
        List<String> records = new ArrayList<>();
        Logger logger = Logger.getLogger(LoggerPrintStream.LINES);
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record.getLevel() + " " + record.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            Mnist.locateAndLoad(DatasetKind.FASHION_MNIST, directory);
        } finally {
            logger.removeHandler(capture);
        }
        assertEquals(List.of("INFO Fashion-MNIST: using " + directory + " (given explicitly)"), records);
        assertEquals("MNIST", DatasetKind.MNIST.displayName());
    }
}
