package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arrays;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Property: whatever IDX data is written, raw or gzipped, reads back identical. */
class IdxRoundTripTest {

    private static final int EXAMPLES = Integer.getInteger("nn.examples", 200);

    @TempDir
    Path dir;

    @Test
    void anyUnsignedByteIdxFileReadsBackIdentical() {
        qt().withExamples(EXAMPLES)
                .forAll(arrays().ofIntegers(integers().between(0, 7)).withLengthBetween(1, 4), booleans().all(),
                        longs().all())
                .checkAssert((boxed, gzip, seed) -> {
                    int[] dimensions = Arrays.stream(boxed).mapToInt(Integer::intValue).toArray();
                    byte[] data = randomData(dimensions, seed);
                    int magic = IdxWriter.magic(dimensions.length);
                    IdxArray read = writeAndRead(IdxWriter.bytes(magic, dimensions, data), gzip, magic);
                    assertArrayEquals(dimensions, read.dimensions());
                    assertArrayEquals(data, read.data());
                    assertEquals(magic, read.magic());
                    assertEquals(gzip, read.isGzipped());
                });
    }

    @Test
    void imagesAndLabelsReadBackIdenticalThroughTheirMagic() {
        qt().withExamples(EXAMPLES)
                .forAll(integers().between(0, 30), integers().between(1, 6), booleans().all(), longs().all())
                .checkAssert((count, side, gzip, seed) -> {
                    int[] imageDimensions = {count, side, side + 1};
                    byte[] pixels = randomData(imageDimensions, seed);
                    byte[] labels = randomData(new int[] {count}, ~seed);
                    IdxArray images = writeAndRead(IdxWriter.bytes(IdxReader.IMAGES_MAGIC, imageDimensions, pixels),
                            gzip, IdxReader.IMAGES_MAGIC);
                    IdxArray readLabels = writeAndRead(IdxWriter.bytes(IdxReader.LABELS_MAGIC, new int[] {count}, labels),
                            gzip, IdxReader.LABELS_MAGIC);
                    assertArrayEquals(imageDimensions, images.dimensions());
                    assertArrayEquals(pixels, images.data());
                    assertArrayEquals(labels, readLabels.data());
                });
    }

    private IdxArray writeAndRead(byte[] content, boolean gzip, int magic) {
        try {
            Path file = IdxWriter.write(dir.resolve("data" + (gzip ? ".gz" : "")), content, gzip);
            return IdxReader.read(file, magic);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomData(int[] dimensions, long seed) {
        int length = 1;
        for (int dimension : dimensions) {
            length *= dimension;
        }
        byte[] data = new byte[length];
        new Random(seed).nextBytes(data);
        return data;
    }
}
