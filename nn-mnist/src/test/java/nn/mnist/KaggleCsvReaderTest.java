package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kaggle's train.csv and test.csv layouts, and a specific error for each kind of malformed file. */
class KaggleCsvReaderTest {

    private static final String HEADER = "label,pixel0,pixel1,pixel2,pixel3\n";

    @TempDir
    Path dir;

    private Path csv(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.US_ASCII);
    }

    private DatasetFormatException failure(String content) throws IOException {
        Path file = csv("bad.csv", content);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> KaggleCsvReader.read(file));
        assertEquals(file, e.file());
        return e;
    }

    @Test
    void readsALabelledFile() throws IOException {
        ImageDataset data = KaggleCsvReader.read(csv("train.csv", HEADER + "1,0,255,51,0\n7,1,2,3,4\n"));
        assertEquals(2, data.size());
        assertEquals(2, data.imageRows());
        assertEquals(2, data.imageColumns());
        assertEquals(10, data.outputSize());
        assertEquals(1, data.label(0));
        assertEquals(7, data.label(1));
        assertEquals(1.0, data.pixel(0, 1));
        assertEquals(0.2, data.pixel(0, 2), 1e-15);
        DoubleMatrix x = new DoubleMatrix(4, 1);
        DoubleMatrix y = new DoubleMatrix(10, 1);
        data.copyBatch(new int[] {1}, 0, x, y);
        assertEquals(1.0, y.get(7));
        assertEquals(4 / 255.0, x.get(3));
    }

    @Test
    void toleratesCrlfSpacesAndMissingOrExtraFinalNewlines() throws IOException {
        assertEquals(2, KaggleCsvReader.read(csv("a.csv", HEADER.replace("\n", "\r\n") + "1,0,255,51,0\r\n7, 1 ,2,3,4\r\n")).size());
        assertEquals(2, KaggleCsvReader.read(csv("b.csv", HEADER + "1,0,255,51,0\n7,1,2,3,4")).size());
        assertEquals(2, KaggleCsvReader.read(csv("c.csv", HEADER + "1,0,255,51,0\n\n7,1,2,3,4\n\n")).size());
    }

    @Test
    void readsAnUnlabelledTestFile() throws IOException {
        ImageDataset data = KaggleCsvReader.read(csv("test.csv", "pixel0,pixel1,pixel2,pixel3\n0,0,0,255\n"));
        assertFalse(data.isLabelled());
        assertEquals(ImageDataset.NO_LABEL, data.label(0));
        assertEquals(1.0, data.pixel(0, 3));
    }

    @Test
    void keepsKaggles784PixelsSquareAndReadsGzip() throws IOException {
        StringJoiner header = new StringJoiner(",", "", "\n").add("label");
        StringJoiner row = new StringJoiner(",", "", "\n").add("3");
        for (int i = 0; i < 784; i++) {
            header.add("pixel" + i);
            row.add(Integer.toString(i % 256));
        }
        byte[] text = (header.toString() + row + row).getBytes(StandardCharsets.US_ASCII);
        Path file = Files.write(dir.resolve("train.csv.gz"), IdxWriter.gzip(text));
        ImageDataset data = KaggleCsvReader.read(file);
        assertEquals(2, data.size());
        assertEquals(28, data.imageRows());
        assertEquals(28, data.imageColumns());
        assertEquals(300 % 256 / 255.0, data.pixel(1, 300));
    }

    @Test
    void rowTooShort() throws IOException {
        DatasetFormatException e = failure(HEADER + "1,0,255,51,0\n2,3,4\n");
        assertEquals("line 3, column 3", e.location());
        assertEquals("row ends after 3 cells, expected 5", e.problem());
    }

    @Test
    void rowTooLong() throws IOException {
        DatasetFormatException e = failure(HEADER + "1,0,255,51,0,9\n");
        assertEquals("line 2, column 6", e.location());
        assertTrue(e.problem().contains("more than the 5 cells"), e.getMessage());
    }

    @Test
    void nonNumericCell() throws IOException {
        DatasetFormatException e = failure(HEADER + "1,0,2x5,51,0\n");
        assertEquals("line 2, column 3", e.location());
        assertEquals("expected an integer 0..255, found \"2x5\" (pixel1)", e.problem());
    }

    @Test
    void emptyAndNegativeCells() throws IOException {
        assertEquals("expected an integer 0..255, found \"\" (pixel0)", failure(HEADER + "1,,2,3,4\n").problem());
        assertEquals("expected an integer 0..255, found \"-3\" (pixel3)", failure(HEADER + "1,1,2,3,-3\n").problem());
    }

    @Test
    void pixelOutOfRange() throws IOException {
        DatasetFormatException e = failure(HEADER + "1,0,256,51,0\n");
        assertEquals("line 2, column 3", e.location());
        assertEquals("pixel value 256 is not in 0..255 (pixel1)", e.problem());
    }

    @Test
    void labelOutOfRange() throws IOException {
        DatasetFormatException e = failure(HEADER + "1,0,2,51,0\n10,0,0,0,0\n");
        assertEquals("line 3, column 1", e.location());
        assertEquals("label 10 is not in 0..9 (label)", e.problem());
    }

    @Test
    void badHeader() throws IOException {
        DatasetFormatException e = failure("label,pixel0,pixel2\n1,2,3\n");
        assertEquals("line 1, column 3", e.location());
        assertEquals("header cell is \"pixel2\", expected \"pixel1\"", e.problem());
        assertTrue(failure("").problem().startsWith("no header"));
        assertEquals("header has no pixel columns", failure("label\n1\n").problem());
    }

    @Test
    void aGzippedHeaderOfManyColumnsCostsMemoryForTheRowsThatFollowOnly() throws IOException {
        // 80,000 columns and one row: reserving 1,024 rows up front, as before, took 96 MB for this 227 KB file.
        byte[] text = KaggleCsvReaderFuzzTest.csv(true, 80_000, 1, 9);
        Path file = Files.write(dir.resolve("wide.csv.gz"), IdxWriter.gzip(text));
        long before = Fuzz.allocatedBytes();
        ImageDataset data = KaggleCsvReader.read(file);
        long allocated = Fuzz.allocatedBytes() - before;
        assertEquals(1, data.size());
        assertEquals(80_000, data.inputSize());
        if (before >= 0) {
            assertTrue(allocated < 32L * text.length, "allocated " + allocated + " bytes for " + text.length);
        }
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = IdxWriter.gzip((HEADER + "1,0,255,51,0\n").getBytes(StandardCharsets.US_ASCII));
        Path file = Files.write(dir.resolve("cut.csv.gz"), java.util.Arrays.copyOf(gz, gz.length - 6));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> KaggleCsvReader.read(file));
        assertTrue(e.problem().contains("corrupt or truncated gzip data"), e.getMessage());
    }
}
