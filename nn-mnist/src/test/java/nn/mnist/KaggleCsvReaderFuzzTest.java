package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile Kaggle-style CSV files: valid labelled (train.csv) and unlabelled (test.csv) files, plain or gzipped,
 * damaged byte by byte (see {@link Fuzz}). The reader must return a consistent dataset or throw
 * {@link DatasetFormatException} naming the file, nothing else, and allocate at most 1 MiB plus 32 bytes per byte of
 * (decompressed) input, whatever the header announces.
 */
class KaggleCsvReaderFuzzTest {

    private static final Fuzz.Tally TALLY = new Fuzz.Tally("KaggleCsvReaderFuzzTest");
    private static final long FIXED_ALLOCATION = 1 << 20;
    private static final long ALLOCATION_PER_BYTE = 32;
    private static final String[] VARIANTS = {
        "plain labelled", "plain unlabelled", "gzipped labelled (content damaged)",
        "gzipped unlabelled (content damaged)", "gzipped labelled (compressed bytes damaged)",
        "gzipped unlabelled (compressed bytes damaged)",
    };

    @TempDir
    Path dir;

    /** A CSV file of {@code rows} images of {@code pixels} pixels, most of them 0 as in MNIST. */
    static byte[] csv(boolean labelled, int pixels, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder text = new StringBuilder(labelled ? "label," : "");
        text.append(String.join(",", IntStream.range(0, pixels).mapToObj(i -> "pixel" + i).toList())).append('\n');
        for (int r = 0; r < rows; r++) {
            if (labelled) {
                text.append(random.nextInt(10)).append(',');
            }
            for (int p = 0; p < pixels; p++) {
                text.append(random.nextInt(4) == 0 ? random.nextInt(256) : 0).append(p == pixels - 1 ? "\n" : ",");
            }
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** CSV: every cell and line starts a field; "sizes" are the header's column count and the cells' values. */
    static final Fuzz.Format CSV = new Fuzz.Format() {
        @Override
        public int[] boundaries(byte[] valid) {
            return IntStream.concat(IntStream.of(0, valid.length - 1), IntStream.range(0, valid.length)
                    .filter(i -> valid[i] == ',' || valid[i] == '\n').map(i -> i + 1)).toArray();
        }

        @Override
        public byte[] hugeSizes(byte[] valid, SplittableRandom random) {
            String text = new String(valid, StandardCharsets.US_ASCII);
            int headerEnd = text.indexOf('\n');
            String header = text.substring(0, headerEnd);
            if (random.nextInt(3) == 0) {
                // Announce many more columns than the rows hold, up to a header of about 1 MiB (the reader's limit).
                int columns = header.split(",").length - (header.startsWith("label") ? 1 : 0);
                int more = new int[] {1, 100, 10_000, 120_000, 150_000}[random.nextInt(5)];
                StringBuilder longer = new StringBuilder(header);
                for (int i = columns; i < columns + more; i++) {
                    longer.append(",pixel").append(i);
                }
                String rest = random.nextBoolean() ? text.substring(headerEnd) : "\n";
                return (longer + rest).getBytes(StandardCharsets.US_ASCII);
            }
            // Replace one value by a huge, negative, out-of-range or malformed number.
            int[] cells = IntStream.range(headerEnd, valid.length).filter(i -> valid[i] == ',' || valid[i] == '\n')
                    .map(i -> i + 1).filter(i -> i < valid.length).toArray();
            int at = cells[random.nextInt(cells.length)];
            int end = at;
            while (end < valid.length && valid[end] != ',' && valid[end] != '\n') {
                end++;
            }
            String[] values = {"99999999999999999999999999", "2147483648", "4294967296", "-1", "-0", "256", "10",
                "", " ", "1e9", "0x10", "+1", "1.0", "00000000000000000000000001", "٣"};
            return Fuzz.splice(valid, at, end - at, values[random.nextInt(values.length)].getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public byte[] prefix(byte[] valid) {
            return "label,pixel0,pixel1,".getBytes(StandardCharsets.US_ASCII);
        }
    };

    @Test
    void damagedCsvFilesReadOrFailWithDatasetFormatException() {
        byte[][][] bases = {
            {csv(true, 4, 8, 1), csv(true, 784, 3, 2)},   // labelled: 2 × 2 and Kaggle's 28 × 28
            {csv(false, 9, 5, 3), csv(false, 784, 3, 4)}, // unlabelled: 3 × 3 and 28 × 28
        };
        Path file = dir.resolve("fuzz.csv");
        warmUp(file, bases[0][0]);
        assertTimeoutPreemptively(Fuzz.TIME_LIMIT, () -> Fuzz.theory()
                .forAll(integers().between(0, VARIANTS.length - 1), integers().between(0, Fuzz.Mutation.values().length - 1),
                        booleans().all(), longs().all())
                .checkAssert((variant, mutation, kaggleSized, seed) -> {
                    boolean labelled = variant % 2 == 0;
                    byte[] valid = bases[labelled ? 0 : 1][kaggleSized ? 1 : 0];
                    SplittableRandom random = new SplittableRandom(seed);
                    Fuzz.Mutation kind = Fuzz.Mutation.values()[mutation];
                    Fuzz.Mutant mutant;
                    byte[] content;
                    if (variant < 4) {
                        mutant = Fuzz.mutate(valid, kind, CSV, random);
                        content = variant < 2 ? mutant.bytes() : IdxWriter.gzip(mutant.bytes());
                    } else {
                        mutant = Fuzz.mutate(IdxWriter.gzip(valid), kind, IdxReaderFuzzTest.GZIP, random);
                        content = mutant.bytes();
                    }
                    readOne(file, content, VARIANTS[variant], mutant);
                }));
        assertEquals(Fuzz.CASES, TALLY.cases());
    }

    private static void warmUp(Path file, byte[] valid) {
        try {
            for (boolean gzip : new boolean[] {false, true}) {
                Fuzz.overwrite(file, gzip ? IdxWriter.gzip(valid) : valid);
                KaggleCsvReader.read(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void readOne(Path file, byte[] content, String variant, Fuzz.Mutant mutant) {
        Fuzz.overwrite(file, content);
        long before = Fuzz.allocatedBytes();
        long start = System.nanoTime();
        boolean accepted;
        try {
            ImageDataset data = KaggleCsvReader.read(file);
            assertEquals(data.imageRows() * data.imageColumns(), data.inputSize());
            assertEquals(10, data.outputSize());
            for (int i = 0; i < data.size(); i++) {
                int label = data.label(i);
                assertTrue(data.isLabelled() ? label >= 0 && label < 10 : label == ImageDataset.NO_LABEL);
                for (int p = 0; p < data.inputSize(); p++) {
                    double pixel = data.pixel(i, p);
                    assertTrue(pixel >= 0 && pixel <= 1);
                }
            }
            accepted = true;
        } catch (DatasetFormatException e) {
            IdxReaderFuzzTest.assertRejection(file, e);
            accepted = false;
        } catch (Throwable t) {
            throw new AssertionError("KaggleCsvReader.read threw " + t + " for " + variant + ", " + mutant.describe(), t);
        }
        long nanos = System.nanoTime() - start;
        long allocated = before < 0 ? -1 : Fuzz.allocatedBytes() - before;
        boolean gzip = content.length > 1 && content[0] == 0x1f && content[1] == (byte) 0x8b;
        long input = gzip ? IdxReaderFuzzTest.decompressedLength(content) : content.length;
        long bound = FIXED_ALLOCATION + ALLOCATION_PER_BYTE * Math.max(input, content.length);
        if (allocated > bound) {
            throw new AssertionError("KaggleCsvReader.read allocated " + allocated + " bytes, more than the " + bound
                    + " allowed, for " + variant + ", " + mutant.describe());
        }
        TALLY.record(variant, mutant, accepted, allocated, nanos);
    }

    @AfterAll
    static void report() {
        System.out.println(TALLY.report("read", "rejected with DatasetFormatException"));
    }
}
