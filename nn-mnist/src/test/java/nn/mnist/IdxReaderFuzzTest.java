package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile IDX files: valid images and labels files, raw or gzipped, damaged byte by byte (see {@link Fuzz}). The
 * reader must return a well-formed array or throw {@link DatasetFormatException} naming the file, nothing else: no
 * NullPointerException, index error, NegativeArraySizeException, OutOfMemoryError, StackOverflowError or hang.
 *
 * <p>It must also never trust a header with memory: a read allocates at most 512 KiB plus the file's length (raw),
 * or 512 KiB plus 16 bytes per compressed byte plus 4 per byte that actually decompresses (gzip), whatever sizes the
 * header declares. The same damage applied to one file of a four-file directory exercises the cross-file checks of
 * {@link Mnist#load(Path)}.
 */
class IdxReaderFuzzTest {

    private static final Fuzz.Tally FILES = new Fuzz.Tally("IdxReaderFuzzTest, single IDX files");
    private static final Fuzz.Tally DIRECTORIES = new Fuzz.Tally("IdxReaderFuzzTest, four-file directories (Mnist.load)");
    private static final long FIXED_ALLOCATION = 512 << 10;
    private static final String[] VARIANTS = {
        "raw images", "raw labels", "gzipped images (content damaged)", "gzipped labels (content damaged)",
        "gzipped images (compressed bytes damaged)", "gzipped labels (compressed bytes damaged)",
    };

    @TempDir
    Path dir;

    /** An MNIST-like file of {@code count} sparse images (most pixels 0, as in MNIST, so gzip compresses them). */
    private static byte[] images(int count, int rows, int columns, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * rows * columns];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextInt(5) == 0 ? (byte) random.nextInt(256) : 0;
        }
        return IdxWriter.bytes(IdxReader.IMAGES_MAGIC, new int[] {count, rows, columns}, pixels);
    }

    private static byte[] labels(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) random.nextInt(10);
        }
        return IdxWriter.bytes(IdxReader.LABELS_MAGIC, new int[] {count}, labels);
    }

    /** IDX: fields every 4 bytes through the header; sizes are the dimensions and the rank byte. */
    static final Fuzz.Format IDX = new Fuzz.Format() {
        @Override
        public int[] boundaries(byte[] valid) {
            int rank = valid.length > 3 ? Math.min(valid[3] & 0xFF, 3) : 0;
            return IntStream.concat(IntStream.rangeClosed(0, 1 + rank).map(i -> 4 * i),
                    IntStream.of(2, 3, valid.length - 1)).toArray();
        }

        @Override
        public byte[] hugeSizes(byte[] valid, SplittableRandom random) {
            byte[] bytes = valid.clone();
            int rank = bytes[3] & 0xFF;
            int[] actual = new int[rank];
            long items = 1;
            for (int i = 0; i < rank; i++) {
                actual[i] = java.nio.ByteBuffer.wrap(bytes, 4 + 4 * i, 4).getInt();
                items *= actual[i];
            }
            if (random.nextInt(4) == 0 && rank > 1) {
                // No items, but items so large that their size overflows an int: 0 × 65536 × 65536.
                Fuzz.putInt(bytes, 4, 0);
                for (int i = 1; i < rank; i++) {
                    Fuzz.putInt(bytes, 4 + 4 * i, new int[] {65536, 46341, Integer.MAX_VALUE, 1 << 30}[random.nextInt(4)]);
                }
                // Half the time without the data, as a file of no items holds.
                return random.nextBoolean() ? bytes : Arrays.copyOf(bytes, 4 + 4 * rank);
            }
            int fields = 1 + random.nextInt(3);
            for (int f = 0; f < fields; f++) {
                if (random.nextInt(6) == 0) {
                    bytes[3] = (byte) new int[] {0, 1, 2, 3, 4, 255}[random.nextInt(6)];
                    continue;
                }
                int i = random.nextInt(rank);
                int[] values = {0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE, -1, 1 << 30, 65536, 46341,
                    actual[i] + 1, actual[i] - 1, actual[i] * 2, actual[i] * 10, actual[i] * 100, actual[i] * 1000,
                    random.nextInt()};
                Fuzz.putInt(bytes, 4 + 4 * i, values[random.nextInt(values.length)]);
            }
            return bytes;
        }

        @Override
        public byte[] prefix(byte[] valid) {
            return Arrays.copyOf(valid, 4 + 4 * (valid[3] & 0xFF));
        }
    };

    /** Gzip: header fields, the deflate data, the CRC-32 and length trailer; sizes are FEXTRA's and the trailer's. */
    static final Fuzz.Format GZIP = new Fuzz.Format() {
        @Override
        public int[] boundaries(byte[] valid) {
            return new int[] {0, 2, 3, 4, 8, 9, 10, valid.length - 8, valid.length - 4, valid.length - 1};
        }

        @Override
        public byte[] hugeSizes(byte[] valid, SplittableRandom random) {
            byte[] bytes = valid.clone();
            if (random.nextBoolean()) {
                // The trailer's length of the decompressed content (little-endian).
                int value = new int[] {0, -1, Integer.MAX_VALUE, 1 << 30, random.nextInt()}[random.nextInt(5)];
                for (int i = 0; i < 4; i++) {
                    bytes[bytes.length - 4 + i] = (byte) (value >>> (8 * i));
                }
                return bytes;
            }
            // An extra field announcing up to 65,535 bytes.
            bytes[3] |= 0x04;
            int length = random.nextBoolean() ? 0xFFFF : random.nextInt(bytes.length);
            return Fuzz.splice(bytes, 10, 0, new byte[] {(byte) length, (byte) (length >> 8)});
        }

        @Override
        public byte[] prefix(byte[] valid) {
            return Arrays.copyOf(valid, 10);
        }
    };

    @Test
    void damagedIdxFilesReadOrFailWithDatasetFormatException() {
        byte[][] images = {images(20, 28, 28, 1), images(3, 4, 3, 2)};
        byte[][] labels = {labels(20, 3), labels(3, 4)};
        Path file = dir.resolve("fuzz-idx3-ubyte");
        warmUp(file, images[0]);
        assertTimeoutPreemptively(Fuzz.TIME_LIMIT, () -> Fuzz.theory()
                .forAll(integers().between(0, VARIANTS.length - 1), integers().between(0, Fuzz.Mutation.values().length - 1),
                        booleans().all(), longs().all())
                .checkAssert((variant, mutation, small, seed) -> {
                    boolean isImages = variant % 2 == 0;
                    byte[] valid = (isImages ? images : labels)[small ? 1 : 0];
                    SplittableRandom random = new SplittableRandom(seed);
                    Fuzz.Mutation kind = Fuzz.Mutation.values()[mutation];
                    Fuzz.Mutant mutant;
                    byte[] content;
                    if (variant < 4) {
                        mutant = Fuzz.mutate(valid, kind, IDX, random);
                        content = variant < 2 ? mutant.bytes() : IdxWriter.gzip(mutant.bytes());
                    } else {
                        mutant = Fuzz.mutate(IdxWriter.gzip(valid), kind, GZIP, random);
                        content = mutant.bytes();
                    }
                    readOne(file, content, isImages ? IdxReader.IMAGES_MAGIC : IdxReader.LABELS_MAGIC,
                            VARIANTS[variant], mutant);
                }));
        assertEquals(Fuzz.CASES, FILES.cases());
    }

    private static void warmUp(Path file, byte[] valid) {
        try {
            for (boolean gzip : new boolean[] {false, true}) {
                Fuzz.overwrite(file, gzip ? IdxWriter.gzip(valid) : valid);
                IdxReader.read(file, 0);
                Fuzz.allocatedBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readOne(Path file, byte[] content, int magic, String variant, Fuzz.Mutant mutant) {
        Fuzz.overwrite(file, content);
        long before = Fuzz.allocatedBytes();
        long start = System.nanoTime();
        boolean accepted;
        try {
            IdxArray array = IdxReader.read(file, magic);
            assertEquals(magic, array.magic());
            assertEquals(magic & 0xFF, array.rank());
            long size = 1;
            for (int d : array.dimensions()) {
                assertTrue(d >= 0);
                size *= d;
            }
            assertEquals(size, array.data().length);
            assertEquals(content.length > 1 && content[0] == 0x1f && content[1] == (byte) 0x8b, array.isGzipped());
            accepted = true;
        } catch (DatasetFormatException e) {
            assertRejection(file, e);
            accepted = false;
        } catch (Throwable t) {
            throw new AssertionError("IdxReader.read threw " + t + " for " + variant + ", " + mutant.describe(), t);
        }
        long nanos = System.nanoTime() - start;
        long allocated = before < 0 ? -1 : Fuzz.allocatedBytes() - before;
        boolean gzip = content.length > 1 && content[0] == 0x1f && content[1] == (byte) 0x8b;
        long bound = FIXED_ALLOCATION + (gzip ? 16L * content.length + 4 * decompressedLength(content) : content.length);
        if (allocated > bound) {
            throw new AssertionError("IdxReader.read allocated " + allocated + " bytes, more than the " + bound
                    + " allowed, for " + variant + ", " + mutant.describe());
        }
        FILES.record(variant, mutant, accepted, allocated, nanos);
    }

    static void assertRejection(Path file, DatasetFormatException e) {
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file + ", ") || e.getMessage().startsWith(file + ": "), e.getMessage());
        assertFalse(e.problem().isBlank(), e.getMessage());
    }

    /** How many bytes {@code gzip} actually decompresses to before it ends or fails. */
    static long decompressedLength(byte[] gzip) {
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = new GzipInput(new ByteArrayInputStream(gzip), 1 << 16)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException e) {
            // damaged: what came out before the damage is what a reader could have stored
        }
        return total;
    }

    @Test
    void damagedFilesInADirectoryLoadOrFailWithDatasetFormatException() throws IOException {
        TinyMnist tiny = new TinyMnist(7);
        Path raw = tiny.writeTo(dir.resolve("raw"), false);
        Path gz = tiny.writeTo(dir.resolve("gz"), true);
        MnistFile[] files = MnistFile.values();
        assertTimeoutPreemptively(Fuzz.TIME_LIMIT, () -> Fuzz.theory()
                .forAll(integers().between(0, 2 * files.length - 1), integers().between(0, Fuzz.Mutation.values().length - 1),
                        longs().all())
                .checkAssert((variant, mutation, seed) -> {
                    boolean gzip = variant >= files.length;
                    MnistFile target = files[variant % files.length];
                    Path directory = gzip ? gz : raw;
                    Path path = directory.resolve(gzip ? target.gzipFileName() : target.fileName());
                    byte[] valid = tiny.contents.get(target);
                    Fuzz.Mutant mutant = Fuzz.mutate(valid, Fuzz.Mutation.values()[mutation], IDX,
                            new SplittableRandom(seed));
                    String name = (gzip ? "gzipped " : "raw ") + target.fileName();
                    long start = System.nanoTime();
                    boolean accepted;
                    try {
                        Fuzz.overwrite(path, gzip ? IdxWriter.gzip(mutant.bytes()) : mutant.bytes());
                        MnistData data = Mnist.load(directory);
                        ImageDataset training = data.fullTraining();
                        assertEquals(training.size(), data.training().size() + data.validation().size());
                        assertEquals(training.inputSize(), data.test().inputSize());
                        for (ImageDataset set : new ImageDataset[] {training, data.test()}) {
                            for (int i = 0; i < set.size(); i++) {
                                assertTrue(set.label(i) >= 0 && set.label(i) < 10);
                            }
                        }
                        accepted = true;
                    } catch (DatasetFormatException e) {
                        assertTrue(Set.of(raw, gz).contains(e.file().getParent()), e.getMessage());
                        assertRejection(e.file(), e);
                        accepted = false;
                    } catch (Throwable t) {
                        throw new AssertionError("Mnist.load threw " + t + " for " + name + ", " + mutant.describe(), t);
                    } finally {
                        Fuzz.overwrite(path, gzip ? IdxWriter.gzip(valid) : valid);
                    }
                    DIRECTORIES.record(name, mutant, accepted, -1, System.nanoTime() - start);
                }));
        assertEquals(Fuzz.CASES, DIRECTORIES.cases());
        assertArrayEquals(tiny.trainLabels, labelsOf(Mnist.load(raw).fullTraining()), "the directory was restored");
    }

    private static byte[] labelsOf(ImageDataset set) {
        byte[] labels = new byte[set.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) set.label(i);
        }
        return labels;
    }

    @AfterAll
    static void report() {
        System.out.println(FILES.report("read", "rejected with DatasetFormatException"));
        System.out.println(DIRECTORIES.report("loaded", "rejected with DatasetFormatException"));
    }
}
