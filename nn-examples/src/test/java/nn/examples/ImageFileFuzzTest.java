package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile pictures for {@code predict}: valid PNGs of every colour type (and GIF, BMP and JPEG files) damaged byte
 * by byte. Reading must return a picture that {@link DigitImage#prepare} turns into 784 inputs in [0, 1], or throw
 * {@link ImageFormatException} naming the file; nothing else: no NullPointerException, index error,
 * NegativeArraySizeException, OutOfMemoryError or hang.
 *
 * <p>Many mutations recompute the CRC of the chunk they change, or recompress damaged pixel rows, so that the damage
 * reaches the PNG decoder's header and row decoding instead of stopping at a checksum. A picture refused from its
 * header must be refused with little memory (under 2 MiB), whatever size it declares.
 *
 * <p>{@code nn.fuzz} sets the number of cases per test (2,000 in CI, 10,000 in the full run); {@code nn.seed} the
 * seed. The counts are printed when the tests end. Surefire runs this class in a JVM of its own with a 256 MiB heap
 * (see the pom), so an allocation driven by a declared size would end in an OutOfMemoryError.
 */
class ImageFileFuzzTest {

    private static final int CASES = Integer.getInteger("nn.fuzz", 2000);
    private static final long SEED = Long.getLong("nn.seed", 20261123L);
    private static final String NAME = "fuzz.png";
    private static final long HEADER_REFUSAL_BYTES = 2L << 20;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final Tally PNG_TALLY = new Tally("ImageFileFuzzTest, PNG");
    private static final Tally OTHER_TALLY = new Tally("ImageFileFuzzTest, GIF, BMP and JPEG");

    /** The ways a valid file is damaged. */
    enum Mutation {
        BIT_FLIPS("bit flips"),
        FLIPS_WITH_VALID_CRC("bytes changed inside a chunk, CRC recomputed"),
        PIXEL_DATA("pixel rows damaged and recompressed"),
        TRUNCATION("truncation"),
        INSERTION("inserted bytes"),
        DELETION("deleted bytes"),
        HUGE_SIZES("huge or odd header fields (PNG: CRC recomputed)"),
        CHUNK_ORDER("chunks dropped, duplicated or swapped"),
        RANDOM_BYTES("random bytes");

        final String description;

        Mutation(String description) {
            this.description = description;
        }
    }

    /** Where a truncation cuts: the offset classes. */
    enum Cut {
        EMPTY("to nothing"),
        IN_SIGNATURE("inside the first 8 bytes"),
        AT_BOUNDARY("exactly at a chunk or field boundary"),
        NEAR_BOUNDARY("1-11 bytes past a boundary"),
        ANYWHERE("at a uniformly random offset"),
        LAST_BYTES("in the last 16 bytes");

        final String description;

        Cut(String description) {
            this.description = description;
        }
    }

    /** A damaged file and how it was damaged. */
    record Mutant(byte[] bytes, Mutation mutation, Cut cut, String how) {
        String describe() {
            return mutation.description + " (" + how + "), " + bytes.length + " bytes: "
                    + HexFormat.ofDelimiter(" ").formatHex(bytes, 0, Math.min(bytes.length, 96));
        }
    }

    private static final Map<String, byte[]> PNGS = pngs();
    private static final Map<String, byte[]> OTHERS = others();

    @Test
    void damagedPngsDecodeOrFailWithImageFormatException() {
        List<String> variants = List.copyOf(PNGS.keySet());
        assertTimeoutPreemptively(Duration.ofSeconds(60 + CASES / 50), () ->
                qt().withExamples(CASES).withFixedSeed(SEED)
                        .forAll(integers().between(0, variants.size() - 1),
                                integers().between(0, Mutation.values().length - 1), longs().all())
                        .checkAssert((variant, mutation, seed) -> {
                            String name = variants.get(variant);
                            Mutant mutant = mutatePng(PNGS.get(name), Mutation.values()[mutation],
                                    new SplittableRandom(seed));
                            check(PNG_TALLY, name, mutant);
                        }));
        assertEquals(CASES, PNG_TALLY.cases());
        assertTrue(PNG_TALLY.maxHeaderRefusalBytes < HEADER_REFUSAL_BYTES, PNG_TALLY.report());
    }

    @Test
    void damagedGifBmpAndJpegFilesDecodeOrFailWithImageFormatException() {
        List<String> variants = List.copyOf(OTHERS.keySet());
        Mutation[] generic = {Mutation.BIT_FLIPS, Mutation.TRUNCATION, Mutation.INSERTION, Mutation.DELETION,
            Mutation.HUGE_SIZES, Mutation.RANDOM_BYTES};
        assertTimeoutPreemptively(Duration.ofSeconds(60 + CASES / 50), () ->
                qt().withExamples(CASES).withFixedSeed(SEED)
                        .forAll(integers().between(0, variants.size() - 1),
                                integers().between(0, generic.length - 1), longs().all())
                        .checkAssert((variant, mutation, seed) -> {
                            String name = variants.get(variant);
                            Mutant mutant = mutateOther(name, OTHERS.get(name), generic[mutation],
                                    new SplittableRandom(seed));
                            check(OTHER_TALLY, name, mutant);
                        }));
        assertEquals(CASES, OTHER_TALLY.cases());
        assertTrue(OTHER_TALLY.maxHeaderRefusalBytes < HEADER_REFUSAL_BYTES, OTHER_TALLY.report());
    }

    @AfterAll
    static void report() {
        System.out.println(PNG_TALLY.report());
        System.out.println(OTHER_TALLY.report());
    }

    /** Reads one damaged file as predict does and checks the outcome. */
    private static void check(Tally tally, String variant, Mutant mutant) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        boolean accepted;
        ImageFormatException rejection = null;
        try {
            BufferedImage image = ImageFile.decode(
                    new MemoryCacheImageInputStream(new ByteArrayInputStream(mutant.bytes())), NAME);
            double[] input = DigitImage.prepare(image, 28);
            assertEquals(784, input.length);
            for (double v : input) {
                assertTrue(v >= 0 && v <= 1, "an input of " + v + " from " + mutant.describe());
            }
            accepted = true;
        } catch (ImageFormatException e) {
            assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
            rejection = e;
            accepted = false;
        } catch (Throwable e) {
            throw new AssertionError(variant + ", " + mutant.describe() + ": " + e, e);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        tally.record(variant, mutant, accepted, rejection, allocated, System.nanoTime() - start);
    }

    // ---- valid files ----

    private static Map<String, byte[]> pngs() {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<String, byte[]> pngs = new LinkedHashMap<>();
        BufferedImage rgb = SyntheticDigits.draw(8, 24, 20, false, random);
        pngs.put("8-bit grey", Png.encode(convert(rgb, BufferedImage.TYPE_BYTE_GRAY), false));
        pngs.put("16-bit grey", Png.encode(convert(rgb, BufferedImage.TYPE_USHORT_GRAY), false));
        pngs.put("1-bit grey", Png.encode(convert(rgb, BufferedImage.TYPE_BYTE_BINARY), false));
        pngs.put("RGB", Png.encode(rgb, false));
        pngs.put("RGB, Adam7-interlaced", Png.encode(SyntheticDigits.draw(4, 19, 23, true, random), true));
        pngs.put("palette", Png.encode(convert(rgb, BufferedImage.TYPE_BYTE_INDEXED), false));
        BufferedImage transparent = new BufferedImage(20, 20, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = transparent.createGraphics();
        g.setColor(Color.BLACK);
        g.fillOval(4, 4, 12, 12);
        g.dispose();
        pngs.put("RGBA", Png.encode(transparent, false));

        // Ancillary chunks (text, compressed text, a colour profile, gamma, transparency) and the pixel data split
        // over three IDAT chunks: damage then reaches the chunks a decoder skips or parses on the way.
        byte[] grey = pngs.get("8-bit grey");
        byte[] idat = Png.idatData(grey);
        int third = idat.length / 3;
        byte[] profile = new byte[132];
        Png.putInt(profile, 0, profile.length);
        System.arraycopy("acspAPPL".getBytes(StandardCharsets.US_ASCII), 0, profile, 36, 8);
        byte[] withChunks = Png.file(Arrays.copyOfRange(grey, 8, Png.chunks(grey).get(0).end()),
                Png.chunk("gAMA", new byte[] {0, 0, (byte) 0xB1, (byte) 0x8F}),
                Png.chunk("iCCP", concat("profile\0\0".getBytes(StandardCharsets.ISO_8859_1), Png.deflate(profile))),
                Png.chunk("tEXt", "Comment\0a digit".getBytes(StandardCharsets.ISO_8859_1)),
                Png.chunk("zTXt", concat("Title\0\0".getBytes(StandardCharsets.ISO_8859_1),
                        Png.deflate("eight".repeat(50).getBytes(StandardCharsets.ISO_8859_1)))),
                Png.chunk("tRNS", new byte[] {0, (byte) 255}),
                Png.chunk("IDAT", Arrays.copyOfRange(idat, 0, third)),
                Png.chunk("IDAT", Arrays.copyOfRange(idat, third, 2 * third)),
                Png.chunk("IDAT", Arrays.copyOfRange(idat, 2 * third, idat.length)),
                Png.chunk("IEND", new byte[0]));
        pngs.put("grey with ancillary chunks, 3 IDATs", withChunks);

        byte[] palette = pngs.get("palette");
        int plte = indexOf(Png.chunks(palette), "PLTE");
        byte[] paletteWithChunks = Png.insertAfter(palette, plte, Png.chunk("tRNS", new byte[] {0, 127, (byte) 255}));
        paletteWithChunks = Png.insertAfter(paletteWithChunks, plte, Png.chunk("zTXt",
                concat("Title\0\0".getBytes(StandardCharsets.ISO_8859_1),
                        Png.deflate("eight".repeat(50).getBytes(StandardCharsets.ISO_8859_1)))));
        pngs.put("palette with tRNS and zTXt", paletteWithChunks);
        return pngs;
    }

    private static Map<String, byte[]> others() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        Map<String, byte[]> files = new LinkedHashMap<>();
        BufferedImage rgb = SyntheticDigits.draw(2, 22, 18, false, random);
        files.put("GIF", Png.encode(rgb, "gif"));
        files.put("BMP", Png.encode(rgb, "bmp"));
        files.put("BMP, 8-bit palette", Png.encode(convert(rgb, BufferedImage.TYPE_BYTE_INDEXED), "bmp"));
        files.put("JPEG", Png.encode(rgb, "jpeg"));
        files.put("JPEG, grey", Png.encode(convert(rgb, BufferedImage.TYPE_BYTE_GRAY), "jpeg"));
        return files;
    }

    private static BufferedImage convert(BufferedImage image, int type) {
        BufferedImage converted = new BufferedImage(image.getWidth(), image.getHeight(), type);
        Graphics2D g = converted.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return converted;
    }

    // ---- mutations ----

    private static final int[] HUGE = {0, 1, 2, 8191, 8192, 8193, 65535, 65536, 100_000, 1 << 24, Integer.MAX_VALUE,
        Integer.MIN_VALUE, -1};

    static Mutant mutatePng(byte[] valid, Mutation mutation, SplittableRandom random) {
        List<Png.Chunk> chunks = Png.chunks(valid);
        int[] boundaries = pngBoundaries(chunks);
        switch (mutation) {
            case FLIPS_WITH_VALID_CRC -> {
                byte[] bytes = valid.clone();
                Png.Chunk chunk = pickChunk(chunks, random);
                if (chunk.length() == 0) {
                    return mutatePng(valid, Mutation.BIT_FLIPS, random);
                }
                int changes = 1 + random.nextInt(4);
                StringBuilder how = new StringBuilder(chunk.type());
                for (int i = 0; i < changes; i++) {
                    int at = chunk.dataStart() + random.nextInt(chunk.length());
                    if (random.nextBoolean()) {
                        bytes[at] ^= (byte) (1 << random.nextInt(8));
                    } else {
                        bytes[at] = special(random);
                    }
                    how.append(i == 0 ? ": byte " : ", ").append(at);
                }
                Png.fixCrc(bytes, chunk);
                return new Mutant(bytes, mutation, null, how.toString());
            }
            case PIXEL_DATA -> {
                byte[] raw = Png.inflate(Png.idatData(valid), 1 << 20);
                String how;
                switch (random.nextInt(4)) {
                    case 0 -> {
                        int at = random.nextInt(raw.length);
                        raw[at] = (byte) (random.nextBoolean() ? 5 + random.nextInt(251) : random.nextInt(256));
                        how = "byte " + at + " of the rows set to " + (raw[at] & 0xFF);
                    }
                    case 1 -> {
                        int cut = random.nextInt(raw.length);
                        raw = Arrays.copyOf(raw, cut);
                        how = "rows cut to " + cut + " bytes";
                    }
                    case 2 -> {
                        byte[] extra = new byte[1 + random.nextInt(4096)];
                        random.nextBytes(extra);
                        raw = concat(raw, extra);
                        how = extra.length + " bytes appended to the rows";
                    }
                    default -> {
                        for (int i = 0; i < raw.length; i++) {
                            raw[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : raw[i];
                        }
                        how = "one row byte in 8 randomised";
                    }
                }
                return new Mutant(withPixelData(valid, chunks, Png.deflate(raw)), mutation, null, how);
            }
            case HUGE_SIZES -> {
                byte[] bytes = valid.clone();
                Png.Chunk header = chunks.get(0);
                int field = random.nextInt(4);
                String how;
                if (field == 0) {
                    int width = huge(random);
                    int height = random.nextBoolean() ? huge(random) : Png.getInt(bytes, header.dataStart() + 4);
                    Png.putInt(bytes, header.dataStart(), width);
                    Png.putInt(bytes, header.dataStart() + 4, height);
                    how = "IHDR declares " + Integer.toUnsignedString(width) + " × " + Integer.toUnsignedString(height);
                } else if (field == 1) {
                    Png.putInt(bytes, header.dataStart() + 4, huge(random));
                    how = "IHDR height " + Integer.toUnsignedString(Png.getInt(bytes, header.dataStart() + 4));
                } else if (field == 2) {
                    int at = header.dataStart() + 8 + random.nextInt(5); // depth, colour type, compression, ...
                    bytes[at] = (byte) (random.nextBoolean() ? new int[] {0, 1, 2, 3, 4, 6, 8, 16}[random.nextInt(8)]
                            : random.nextInt(256));
                    how = "IHDR byte " + (at - header.dataStart()) + " set to " + (bytes[at] & 0xFF);
                } else {
                    Png.Chunk chunk = chunks.get(random.nextInt(chunks.size()));
                    int length = random.nextBoolean() ? huge(random) : chunk.length() + random.nextInt(9) - 4;
                    Png.putInt(bytes, chunk.start(), length);
                    return new Mutant(bytes, mutation, null, chunk.type() + " length field set to " + length);
                }
                Png.fixCrc(bytes, header);
                return new Mutant(bytes, mutation, null, how);
            }
            case CHUNK_ORDER -> {
                List<byte[]> parts = new ArrayList<>();
                for (Png.Chunk c : chunks) {
                    parts.add(Arrays.copyOfRange(valid, c.start(), c.end()));
                }
                int i = random.nextInt(parts.size());
                int j = random.nextInt(parts.size());
                String how;
                switch (random.nextInt(3)) {
                    case 0 -> {
                        how = "chunk " + chunks.get(i).type() + " dropped";
                        parts.remove(i);
                    }
                    case 1 -> {
                        how = "chunk " + chunks.get(i).type() + " repeated before " + chunks.get(j).type();
                        parts.add(j, parts.get(i));
                    }
                    default -> {
                        how = "chunks " + chunks.get(i).type() + " and " + chunks.get(j).type() + " swapped";
                        byte[] t = parts.get(i);
                        parts.set(i, parts.get(j));
                        parts.set(j, t);
                    }
                }
                return new Mutant(Png.file(parts.toArray(byte[][]::new)), mutation, null, how);
            }
            case RANDOM_BYTES -> {
                byte[] noise = new byte[random.nextInt(2 * valid.length + 2)];
                random.nextBytes(noise);
                int prefix = new int[] {0, 8, chunks.get(0).end()}[random.nextInt(3)];
                System.arraycopy(valid, 0, noise, 0, Math.min(prefix, noise.length));
                return new Mutant(noise, mutation, null, "after the first " + prefix + " bytes of a valid file");
            }
            default -> {
                return mutateBytes(valid, boundaries, mutation, random);
            }
        }
    }

    static Mutant mutateOther(String format, byte[] valid, Mutation mutation, SplittableRandom random) {
        int[] boundaries = {0, 2, 4, 6, 10, 14, 18, 22, 26, 30, 34, valid.length / 2, valid.length - 2};
        if (mutation == Mutation.HUGE_SIZES) {
            byte[] bytes = valid.clone();
            int value = huge(random);
            String how;
            if (format.startsWith("GIF")) {
                // The logical screen's width and height (little-endian 16 bits), or the first image's.
                int at = random.nextBoolean() ? 6 + 2 * random.nextInt(2) : imageDescriptor(bytes) + 5 + 2 * random.nextInt(2);
                bytes[at] = (byte) value;
                bytes[at + 1] = (byte) (value >> 8);
                how = "16-bit size at byte " + at + " set to " + (value & 0xFFFF);
            } else if (format.startsWith("BMP")) {
                // File size, pixel data offset, width, height (little-endian 32 bits), bits per pixel, pixel data
                // size, or the palette's size.
                int at = new int[] {2, 10, 18, 22, 28, 34, 46}[random.nextInt(7)];
                for (int i = 0; i < 4 && at + i < bytes.length; i++) {
                    bytes[at + i] = (byte) (value >> (8 * i));
                }
                how = "32-bit field at byte " + at + " set to " + value;
            } else {
                // The SOF0 segment's height and width (big-endian 16 bits).
                int sof = indexOf(bytes, (byte) 0xFF, (byte) 0xC0);
                int at = sof + 5 + 2 * random.nextInt(2);
                bytes[at] = (byte) (value >> 8);
                bytes[at + 1] = (byte) value;
                how = "SOF0 size at byte " + at + " set to " + (value & 0xFFFF);
            }
            return new Mutant(bytes, mutation, null, how);
        }
        if (mutation == Mutation.RANDOM_BYTES) {
            byte[] noise = new byte[random.nextInt(2 * valid.length + 2)];
            random.nextBytes(noise);
            int prefix = random.nextBoolean() ? 0 : Math.min(noise.length, 4 + random.nextInt(30));
            System.arraycopy(valid, 0, noise, 0, prefix);
            return new Mutant(noise, mutation, null, "after the first " + prefix + " bytes of a valid file");
        }
        return mutateBytes(valid, boundaries, mutation, random);
    }

    /** The mutations that know nothing of the format: flips, truncation, insertion, deletion. */
    private static Mutant mutateBytes(byte[] valid, int[] boundaries, Mutation mutation, SplittableRandom random) {
        switch (mutation) {
            case BIT_FLIPS -> {
                byte[] bytes = valid.clone();
                int flips = 1 + random.nextInt(4);
                StringBuilder how = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int at = position(bytes.length, boundaries, random);
                    int bit = random.nextInt(8);
                    bytes[at] ^= (byte) (1 << bit);
                    how.append(i == 0 ? "" : ", ").append("bit ").append(bit).append(" of byte ").append(at);
                }
                return new Mutant(bytes, mutation, null, how.toString());
            }
            case TRUNCATION -> {
                Cut cut = Cut.values()[random.nextInt(Cut.values().length)];
                int length = switch (cut) {
                    case EMPTY -> 0;
                    case IN_SIGNATURE -> 1 + random.nextInt(7);
                    case AT_BOUNDARY -> boundaries[random.nextInt(boundaries.length)];
                    case NEAR_BOUNDARY -> boundaries[random.nextInt(boundaries.length)] + 1 + random.nextInt(11);
                    case ANYWHERE -> random.nextInt(valid.length);
                    case LAST_BYTES -> valid.length - 1 - random.nextInt(16);
                };
                length = Math.max(0, Math.min(length, valid.length - 1));
                return new Mutant(Arrays.copyOf(valid, length), mutation, cut, "cut to " + length + " of "
                        + valid.length + " bytes, " + cut.description);
            }
            case INSERTION -> {
                int at = position(valid.length + 1, boundaries, random);
                byte[] inserted = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 64)];
                for (int i = 0; i < inserted.length; i++) {
                    inserted[i] = random.nextBoolean() ? (byte) random.nextInt(256) : special(random);
                }
                return new Mutant(splice(valid, at, 0, inserted), mutation, null, inserted.length + " bytes at " + at);
            }
            case DELETION -> {
                int at = position(valid.length, boundaries, random);
                int count = Math.min(valid.length - at, 1 + random.nextInt(random.nextBoolean() ? 4 : 64));
                return new Mutant(splice(valid, at, count, new byte[0]), mutation, null, count + " bytes at " + at);
            }
            default -> throw new AssertionError(mutation);
        }
    }

    /** Chunk starts, data starts and CRC starts: where a cut or an insertion changes how a file parses. */
    private static int[] pngBoundaries(List<Png.Chunk> chunks) {
        List<Integer> at = new ArrayList<>(List.of(0, 8));
        for (Png.Chunk c : chunks) {
            at.addAll(List.of(c.start(), c.start() + 4, c.dataStart(), c.dataStart() + c.length(), c.end()));
            if (c.type().equals("IHDR")) {
                at.addAll(List.of(c.dataStart() + 4, c.dataStart() + 8));
            }
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Header, palette and pixel chunks are picked more often than the others: they matter more. */
    private static Png.Chunk pickChunk(List<Png.Chunk> chunks, SplittableRandom random) {
        if (random.nextBoolean()) {
            List<Png.Chunk> critical = chunks.stream()
                    .filter(c -> List.of("IHDR", "PLTE", "IDAT", "tRNS").contains(c.type())).toList();
            return critical.get(random.nextInt(critical.size()));
        }
        return chunks.get(random.nextInt(chunks.size()));
    }

    /** The file with its IDAT chunks replaced by one holding {@code data}. */
    private static byte[] withPixelData(byte[] valid, List<Png.Chunk> chunks, byte[] data) {
        List<byte[]> parts = new ArrayList<>();
        boolean written = false;
        for (Png.Chunk c : chunks) {
            if (!c.type().equals("IDAT")) {
                parts.add(Arrays.copyOfRange(valid, c.start(), c.end()));
            } else if (!written) {
                parts.add(Png.chunk("IDAT", data));
                written = true;
            }
        }
        return Png.file(parts.toArray(byte[][]::new));
    }

    private static int huge(SplittableRandom random) {
        return random.nextInt(4) == 0 ? random.nextInt() : HUGE[random.nextInt(HUGE.length)];
    }

    /** An offset in [0, length): half the time just past a boundary, else anywhere. */
    private static int position(int length, int[] boundaries, SplittableRandom random) {
        int at = random.nextBoolean() ? boundaries[random.nextInt(boundaries.length)] + random.nextInt(12)
                : random.nextInt(length);
        return Math.max(0, Math.min(at, length - 1));
    }

    private static byte special(SplittableRandom random) {
        byte[] special = {0, (byte) 0xFF, 0x7F, (byte) 0x80, 1, 'I', 'D', 'A', 'T'};
        return special[random.nextInt(special.length)];
    }

    private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at + removed, bytes.length - at - removed);
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static int indexOf(List<Png.Chunk> chunks, String type) {
        for (int i = 0; i < chunks.size(); i++) {
            if (chunks.get(i).type().equals(type)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + type + " chunk");
    }

    private static int indexOf(byte[] bytes, byte first, byte second) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == first && bytes[i + 1] == second) {
                return i;
            }
        }
        throw new IllegalArgumentException("marker not found");
    }

    /** Where a GIF's first image descriptor (0x2C) starts, after the header and global colour table. */
    private static int imageDescriptor(byte[] gif) {
        int packed = gif[10] & 0xFF;
        int at = 13 + ((packed & 0x80) != 0 ? 3 * (1 << ((packed & 7) + 1)) : 0);
        while (at < gif.length && gif[at] != 0x2C) {
            if (gif[at] == 0x21) { // an extension: label, then sub-blocks
                at += 2;
                while (at < gif.length && gif[at] != 0) {
                    at += (gif[at] & 0xFF) + 1;
                }
            }
            at++;
        }
        return Math.min(at, gif.length - 9);
    }

    /** Outcomes per mutation and variant, the decoders' runtime exceptions, the most a case allocated and took. */
    static final class Tally {
        private final String what;
        private final Map<Mutation, int[]> byMutation = new EnumMap<>(Mutation.class);
        private final Map<Cut, Integer> cuts = new EnumMap<>(Cut.class);
        private final Map<String, Integer> variants = new TreeMap<>();
        private final Map<String, Integer> decoderExceptions = new TreeMap<>();
        private int accepted;
        private int rejected;
        private int headerRefusals;
        private long maxHeaderRefusalBytes;
        private long maxAllocated;
        private long slowestNanos;

        Tally(String what) {
            this.what = what;
        }

        synchronized void record(String variant, Mutant mutant, boolean wasAccepted, ImageFormatException rejection,
                                 long allocated, long nanos) {
            byMutation.computeIfAbsent(mutant.mutation(), m -> new int[2])[wasAccepted ? 0 : 1]++;
            if (wasAccepted) {
                accepted++;
            } else {
                rejected++;
                if (rejection.getCause() instanceof RuntimeException r) {
                    decoderExceptions.merge(r.getClass().getSimpleName(), 1, Integer::sum);
                }
                if (rejection.getMessage().contains(" header declares ")) {
                    headerRefusals++;
                    maxHeaderRefusalBytes = Math.max(maxHeaderRefusalBytes, allocated);
                }
            }
            if (mutant.cut() != null) {
                cuts.merge(mutant.cut(), 1, Integer::sum);
            }
            variants.merge(variant, 1, Integer::sum);
            maxAllocated = Math.max(maxAllocated, allocated);
            slowestNanos = Math.max(slowestNanos, nanos);
        }

        synchronized int cases() {
            return accepted + rejected;
        }

        synchronized String report() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "%s: %d cases (nn.fuzz=%d, seed %d): %d decoded and prepared, %d rejected with"
                            + " ImageFormatException%n", what, cases(), CASES, SEED, accepted, rejected));
            text.append("  variants: ");
            variants.forEach((k, v) -> text.append(k).append(' ').append(v).append("; "));
            text.append("\n  mutations: ");
            byMutation.forEach((k, v) -> text.append(k.description).append(' ').append(v[0] + v[1]).append(" (")
                    .append(v[0]).append(" decoded); "));
            if (!cuts.isEmpty()) {
                text.append("\n  truncations: ");
                cuts.forEach((k, v) -> text.append(k.description).append(' ').append(v).append("; "));
            }
            text.append(String.format(Locale.ROOT, "%n  refused from the header's sizes: %d, allocating at most"
                    + " %.1f KiB each", headerRefusals, maxHeaderRefusalBytes / 1024.0));
            text.append("\n  decoder runtime exceptions turned into ImageFormatException: ")
                    .append(decoderExceptions.isEmpty() ? "none" : decoderExceptions);
            text.append(String.format(Locale.ROOT, "%n  slowest case %.1f ms; most allocated by one case %.1f MiB;"
                    + " heap limit %d MiB", slowestNanos / 1e6, maxAllocated / 1048576.0,
                    Runtime.getRuntime().maxMemory() >> 20));
            return text.toString();
        }
    }
}
