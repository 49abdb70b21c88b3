package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/**
 * The gzip reader agrees with the JDK on ordinary files, reads any number of members whatever the buffering, and
 * fails with a {@link ZipException} or an {@link EOFException} on everything else.
 */
class GzipInputTest {

    private static final int EXAMPLES = Integer.getInteger("nn.examples", 200);

    private static byte[] gunzip(byte[] compressed, int bufferSize) throws IOException {
        try (InputStream in = new GzipInput(new ByteArrayInputStream(compressed), bufferSize)) {
            return in.readAllBytes();
        }
    }

    /** Serves at most {@code step} bytes per read, as a slow network would. */
    private static InputStream trickling(byte[] bytes, int step) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static byte[] randomContent(SplittableRandom random, int length) {
        byte[] content = new byte[length];
        // Half random, half runs of zeros, like images: both stored-looking and well-compressed blocks.
        for (int i = 0; i < length; i++) {
            content[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : 0;
        }
        return content;
    }

    @Test
    void anyContentSplitIntoAnyMembersReadsBackWhateverTheBuffering() {
        qt().withExamples(EXAMPLES).withFixedSeed(20261123L)
                .forAll(integers().between(0, 20_000), integers().between(1, 5), integers().between(1, 20_000), longs().all())
                .checkAssert((length, members, step, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    byte[] content = randomContent(random, length);
                    ByteArrayOutputStream gz = new ByteArrayOutputStream();
                    int from = 0;
                    for (int m = 0; m < members; m++) {
                        int to = m == members - 1 ? length : from + random.nextInt(length - from + 1);
                        gz.writeBytes(IdxWriter.gzip(Arrays.copyOfRange(content, from, to)));
                        from = to;
                    }
                    try (InputStream in = new GzipInput(trickling(gz.toByteArray(), step), 1 + random.nextInt(4096))) {
                        assertArrayEquals(content, in.readAllBytes());
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    void agreesWithTheJdkOnASingleMember() throws IOException {
        byte[] content = randomContent(new SplittableRandom(1), 100_000);
        byte[] gz = IdxWriter.gzip(content);
        try (InputStream jdk = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(jdk.readAllBytes(), gunzip(gz, 512));
        }
    }

    @Test
    void manyEmptyMembersAreReadWithoutRecursion() throws IOException {
        // java.util.zip.GZIPInputStream throws StackOverflowError on this 2 MB input (it recurses once per member).
        byte[] empty = IdxWriter.gzip(new byte[0]);
        byte[] content = {1, 2, 3};
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        gz.writeBytes(IdxWriter.gzip(content));
        for (int i = 0; i < 100_000; i++) {
            gz.writeBytes(empty);
        }
        try (GzipInput in = new GzipInput(new ByteArrayInputStream(gz.toByteArray()), 1 << 16)) {
            assertArrayEquals(content, in.readAllBytes());
            assertEquals(100_001, in.members());
        }
    }

    @Test
    void skipsTheOptionalHeaderFieldsAndChecksTheHeaderCrc() throws IOException {
        byte[] content = {42, 43, 44};
        byte[] plain = IdxWriter.gzip(content);
        byte[] deflated = Arrays.copyOfRange(plain, 10, plain.length);
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0x02 | 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3});
        header.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'}); // FEXTRA
        header.writeBytes("name.idx\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // FNAME
        header.writeBytes("a comment\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII)); // FCOMMENT
        CRC32 crc = new CRC32();
        crc.update(header.toByteArray());
        int crc16 = (int) crc.getValue() & 0xFFFF;
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        gz.writeBytes(header.toByteArray());
        gz.writeBytes(new byte[] {(byte) crc16, (byte) (crc16 >> 8)});
        gz.writeBytes(deflated);
        assertArrayEquals(content, gunzip(gz.toByteArray(), 7));

        byte[] badCrc = gz.toByteArray();
        badCrc[header.size()] ^= 1;
        assertTrue(assertThrows(ZipException.class, () -> gunzip(badCrc, 7)).getMessage().contains("header CRC"));
    }

    @Test
    void rejectsDataAfterTheLastMember() {
        byte[] gz = IdxWriter.gzip(new byte[] {1, 2, 3});
        byte[] trailing = Arrays.copyOf(gz, gz.length + 3);
        String message = assertThrows(ZipException.class, () -> gunzip(trailing, 64)).getMessage();
        assertEquals("compressed byte " + gz.length + ": data that is not gzip follows the end of gzip member 1", message);
        byte[] lonelyMagicByte = Arrays.copyOf(gz, gz.length + 1);
        lonelyMagicByte[gz.length] = 0x1f;
        assertTrue(assertThrows(EOFException.class, () -> gunzip(lonelyMagicByte, 64)).getMessage()
                .contains("inside the header of member 2"));
    }

    @Test
    void checksTheTrailer() {
        byte[] gz = IdxWriter.gzip(new byte[] {1, 2, 3});
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        assertTrue(assertThrows(ZipException.class, () -> gunzip(badCrc, 64)).getMessage().contains("CRC-32"));
        byte[] badLength = gz.clone();
        badLength[gz.length - 4] ^= 1;
        String message = assertThrows(ZipException.class, () -> gunzip(badLength, 64)).getMessage();
        assertTrue(message.contains("decompresses to 3 bytes, its trailer at compressed byte " + (gz.length - 8)
                + " says 2"), message);
    }

    @Test
    void rejectsOtherMethodsReservedFlagsAndNonGzip() {
        byte[] gz = IdxWriter.gzip(new byte[] {1});
        byte[] method = gz.clone();
        method[2] = 7;
        assertTrue(assertThrows(ZipException.class, () -> gunzip(method, 64)).getMessage().contains("method 7"));
        byte[] reserved = gz.clone();
        reserved[3] = (byte) 0x80;
        assertTrue(assertThrows(ZipException.class, () -> gunzip(reserved, 64)).getMessage().contains("reserved flags"));
        assertEquals("not in gzip format",
                assertThrows(ZipException.class, () -> gunzip(new byte[] {0, 0, 8, 3}, 64)).getMessage());
        assertThrows(EOFException.class, () -> gunzip(new byte[0], 64));
    }

    @Test
    void everyTruncationFailsAsTruncated() throws IOException {
        byte[] content = randomContent(new SplittableRandom(3), 3000);
        byte[] gz = IdxWriter.gzip(content);
        for (int cut = 1; cut < gz.length; cut++) {
            byte[] prefix = Arrays.copyOf(gz, cut);
            EOFException e = assertThrows(EOFException.class, () -> gunzip(prefix, 100), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        assertArrayEquals(content, gunzip(gz, 100));
    }
}
