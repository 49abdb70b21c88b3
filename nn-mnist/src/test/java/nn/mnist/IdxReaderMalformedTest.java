package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of malformed IDX file fails with a message naming the file, the position and the problem. */
class IdxReaderMalformedTest {

    private static final int[] DIMENSIONS = {2, 3, 4};
    private static final byte[] PIXELS = new byte[24];

    static {
        for (int i = 0; i < PIXELS.length; i++) {
            PIXELS[i] = (byte) (i * 10);
        }
    }

    @TempDir
    Path dir;

    private DatasetFormatException failure(String name, byte[] fileBytes, int magic) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, fileBytes);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> IdxReader.read(file, magic));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e;
    }

    private static byte[] images() {
        return IdxWriter.bytes(IdxReader.IMAGES_MAGIC, DIMENSIONS, PIXELS);
    }

    @Test
    void wrongMagicNamesTheFileAndBothMagics() throws IOException {
        byte[] gzippedImages = IdxWriter.gzip(images());
        DatasetFormatException e = failure("train-labels-idx1-ubyte.gz", gzippedImages, IdxReader.LABELS_MAGIC);
        assertTrue(e.getMessage().endsWith(
                "train-labels-idx1-ubyte.gz, decompressed byte 0: expected magic 2049, found 2051"), e.getMessage());
    }

    @Test
    void nonByteTypeIsRefused() throws IOException {
        byte[] floats = IdxWriter.bytes(0x0D03, DIMENSIONS, PIXELS);
        DatasetFormatException e = failure("floats-idx3", floats, 0);
        assertEquals("byte 0", e.location());
        assertTrue(e.problem().contains("not that of an IDX file of unsigned bytes"), e.getMessage());
    }

    @Test
    void emptyFileIsATruncatedHeader() throws IOException {
        DatasetFormatException e = failure("empty", new byte[0], IdxReader.IMAGES_MAGIC);
        assertTrue(e.problem().contains("file ends inside the header"), e.getMessage());
    }

    @Test
    void headerCutInsideTheDimensions() throws IOException {
        DatasetFormatException e = failure("short-header", Arrays.copyOf(images(), 10), IdxReader.IMAGES_MAGIC);
        assertEquals("byte 10", e.location());
        assertTrue(e.problem().contains("the 3 dimension(s)"), e.getMessage());
    }

    @Test
    void truncatedRawDataFailsBeforeReading() throws IOException {
        byte[] cut = Arrays.copyOf(images(), 16 + 20);
        DatasetFormatException e = failure("cut-idx3-ubyte", cut, IdxReader.IMAGES_MAGIC);
        assertEquals("byte 36", e.location());
        assertTrue(e.problem().contains("2 × 3 × 4 = 24 bytes of data") && e.problem().contains("truncated"),
                e.getMessage());
    }

    @Test
    void truncatedGzippedDataNamesWhereTheDataEnds() throws IOException {
        byte[] cut = IdxWriter.gzip(Arrays.copyOf(images(), 16 + 20));
        DatasetFormatException e = failure("cut-idx3-ubyte.gz", cut, IdxReader.IMAGES_MAGIC);
        assertEquals("decompressed byte 36", e.location());
        assertTrue(e.problem().contains("truncated"), e.getMessage());
    }

    @Test
    void rawDataLongerThanTheDimensionsSay() throws IOException {
        byte[] longer = Arrays.copyOf(images(), images().length + 5);
        DatasetFormatException e = failure("long-idx3-ubyte", longer, IdxReader.IMAGES_MAGIC);
        assertEquals("byte 40", e.location());
        assertTrue(e.problem().contains("5 unexpected bytes") && e.problem().contains("disagree"), e.getMessage());
    }

    @Test
    void gzippedDataLongerThanTheDimensionsSay() throws IOException {
        byte[] longer = IdxWriter.gzip(Arrays.copyOf(images(), images().length + 5));
        DatasetFormatException e = failure("long-idx3-ubyte.gz", longer, IdxReader.IMAGES_MAGIC);
        assertEquals("decompressed byte 40", e.location());
        assertTrue(e.problem().contains("disagree"), e.getMessage());
    }

    @Test
    void headerClaiming2To31ImagesFailsFast() {
        // 2^31 does not even fit a signed 32-bit dimension.
        byte[] lying = IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {Integer.MIN_VALUE, 28, 28}, PIXELS);
        DatasetFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> failure("huge-idx3-ubyte", lying, IdxReader.IMAGES_MAGIC));
        assertEquals("byte 4", e.location());
        assertTrue(e.problem().contains("2147483648"), e.getMessage());
    }

    @Test
    void headerClaimingMoreThanTheLimitFailsFastRawOrGzipped() {
        byte[] lying = IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, 28, 28}, PIXELS);
        for (boolean gzip : new boolean[] {false, true}) {
            DatasetFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                    () -> failure("huge" + gzip, gzip ? IdxWriter.gzip(lying) : lying, IdxReader.IMAGES_MAGIC));
            assertTrue(e.problem().contains("limit"), e.getMessage());
        }
    }

    @Test
    void gzippedHeaderClaimingMoreThanTheFileCanHoldFailsBeforeAllocating() {
        // 1,000,000 images of 28 × 28 is under the 1 GiB limit, but a gzip file of a few dozen bytes cannot hold it.
        byte[] lying = IdxWriter.gzip(IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {1_000_000, 28, 28}, PIXELS));
        DatasetFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> failure("lying-idx3-ubyte.gz", lying, IdxReader.IMAGES_MAGIC));
        assertTrue(e.problem().contains("cannot decompress to more than"), e.getMessage());
    }

    @Test
    void gzippedHeaderLyingWithinTheRatioLimitCostsMemoryInProportionToTheFileOnly() throws IOException {
        // 64 KiB of incompressible pixels claiming to be 60 MB (within deflate's 1032:1 of the ~64 KiB file): the
        // reader may not believe the header with an allocation, only with the bytes that actually arrive.
        byte[] pixels = new byte[1 << 16];
        new java.util.Random(5).nextBytes(pixels);
        byte[] lying = IdxWriter.gzip(IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {60_000, 1000, 1}, pixels));
        Path file = IdxWriter.write(dir.resolve("lying-idx3-ubyte.gz"), lying, false);
        long before = Fuzz.allocatedBytes();
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> IdxReader.read(file, IdxReader.IMAGES_MAGIC));
        long allocated = Fuzz.allocatedBytes() - before;
        assertTrue(e.problem().contains("the file is truncated"), e.getMessage());
        if (before >= 0) {
            // 16 bytes per compressed byte first (1 MiB), then nothing more: the data ended within that.
            assertTrue(allocated < 2 << 20, "allocated " + allocated + " bytes");
        }
    }

    @Test
    void rawHeaderClaimingMoreThanTheFileHoldsFailsBeforeAllocating() {
        byte[] lying = IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {1_000_000, 28, 28}, PIXELS);
        DatasetFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> failure("lying-idx3-ubyte", lying, IdxReader.IMAGES_MAGIC));
        assertTrue(e.problem().contains("784000000 bytes of data") && e.problem().contains("truncated"), e.getMessage());
    }

    @Test
    void corruptDeflateData() throws IOException {
        byte[] content = new byte[4000];
        new java.util.Random(1).nextBytes(content); // incompressible, so deflate stores it and damage shows
        byte[] gz = IdxWriter.gzip(IdxWriter.bytes(IdxReader.LABELS_MAGIC, new int[] {content.length}, content));
        for (int i = 12; i < 20; i++) {
            gz[i] ^= (byte) 0xA5; // inside the first deflate block header
        }
        DatasetFormatException e = failure("corrupt-idx1-ubyte.gz", gz, 0);
        assertTrue(e.location().startsWith("decompressed byte "), e.getMessage());
        assertTrue(e.problem().contains("corrupt or truncated gzip data") || e.problem().contains("expected magic")
                || e.problem().contains("not that of an IDX"), e.getMessage());
    }

    @Test
    void corruptGzipChecksumIsDetected() throws IOException {
        byte[] gz = IdxWriter.gzip(images());
        gz[gz.length - 8] ^= 1; // the CRC-32 of the trailer
        DatasetFormatException e = failure("crc-idx3-ubyte.gz", gz, IdxReader.IMAGES_MAGIC);
        assertEquals("decompressed byte 40", e.location());
        assertTrue(e.problem().contains("corrupt or truncated gzip data"), e.getMessage());
    }

    @Test
    void gzipCutMidStream() throws IOException {
        byte[] random = new byte[5000];
        new java.util.Random(2).nextBytes(random);
        byte[] gz = IdxWriter.gzip(IdxWriter.bytes(IdxReader.LABELS_MAGIC, new int[] {random.length}, random));
        DatasetFormatException e = failure("cut-idx1-ubyte.gz", Arrays.copyOf(gz, gz.length / 2), IdxReader.LABELS_MAGIC);
        assertTrue(e.problem().contains("corrupt or truncated gzip data"), e.getMessage());
    }

    @Test
    void readsWhatItShouldWhenWellFormed() throws IOException {
        Path file = IdxWriter.write(dir.resolve("ok"), images(), false);
        IdxArray array = IdxReader.read(file, IdxReader.IMAGES_MAGIC);
        assertEquals(3, array.rank());
        assertEquals(4, array.dimension(2));
        assertEquals((byte) 230, array.data()[23]);
    }
}
