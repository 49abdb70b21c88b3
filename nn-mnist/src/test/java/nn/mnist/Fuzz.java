package nn.mnist;

import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.quicktheories.QuickTheory;

/**
 * What the fuzz tests share: the case count ({@code -Dnn.fuzz}, 2,000 by default, 10,000 in the full run), a fixed
 * seed ({@code -Dnn.seed} explores others), the mutations of valid files, a measure of what a read allocates, and a
 * tally of outcomes that each test prints when it ends.
 */
final class Fuzz {

    /** Mutated files per fuzz test. */
    static final int CASES = Integer.getInteger("nn.fuzz", 2000);

    /** Fixed, so that every run tries the same cases; {@code -Dnn.seed=N} tries others. */
    static final long SEED = Long.getLong("nn.seed", 20261123L);

    /**
     * How long a whole fuzz test may take before it counts as a hang: generous, a hang is the failure sought. About
     * 30 times what the slowest test takes on this machine.
     */
    static final Duration TIME_LIMIT = Duration.ofSeconds(30 + CASES / 100);

    private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();

    private Fuzz() {
    }

    static QuickTheory theory() {
        return qt().withExamples(CASES).withFixedSeed(SEED);
    }

    /** The ways a valid file is damaged. */
    enum Mutation {
        BIT_FLIPS("bit flips"),
        TRUNCATION("truncation"),
        INSERTION("inserted bytes"),
        DELETION("deleted bytes"),
        OVERWRITE("overwritten bytes"),
        HUGE_SIZES("huge or wrong declared sizes"),
        RANDOM_BYTES("random bytes"),
        DUPLICATION("duplicated or appended data");

        final String description;

        Mutation(String description) {
            this.description = description;
        }
    }

    /** Where a truncation cuts: the "offset classes". */
    enum Cut {
        EMPTY("to nothing"),
        AT_BOUNDARY("exactly at a field boundary"),
        NEAR_BOUNDARY("1-7 bytes past a field boundary"),
        ANYWHERE("at a uniformly random offset"),
        LAST_BYTES("in the last 16 bytes");

        final String description;

        Cut(String description) {
            this.description = description;
        }
    }

    /** What the mutations need to know about a format. */
    interface Format {
        /** Offsets where fields start in {@code valid} (header fields, record starts): mutations aim there often. */
        int[] boundaries(byte[] valid);

        /** {@code valid} with one or more size fields replaced by huge, zero, negative or slightly wrong values. */
        byte[] hugeSizes(byte[] valid, SplittableRandom random);

        /** What a file of this format starts with, so that random bytes sometimes get past the first check. */
        byte[] prefix(byte[] valid);
    }

    /** A damaged file and how it was damaged, for the tally and for the message when a case fails. */
    record Mutant(byte[] bytes, Mutation mutation, Cut cut, String how) {
        String describe() {
            byte[] head = Arrays.copyOf(bytes, Math.min(bytes.length, 64));
            return mutation.description + " (" + how + "), " + bytes.length + " bytes, starting "
                    + HexFormat.ofDelimiter(" ").formatHex(head);
        }
    }

    /** Damages {@code valid} in the way {@code mutation} names, drawing every choice from {@code random}. */
    static Mutant mutate(byte[] valid, Mutation mutation, Format format, SplittableRandom random) {
        int[] boundaries = format.boundaries(valid);
        switch (mutation) {
            case BIT_FLIPS -> {
                byte[] bytes = valid.clone();
                int flips = 1 + random.nextInt(4);
                StringBuilder how = new StringBuilder();
                for (int i = 0; i < flips && bytes.length > 0; i++) {
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
                    case AT_BOUNDARY -> boundaries[random.nextInt(boundaries.length)];
                    case NEAR_BOUNDARY -> boundaries[random.nextInt(boundaries.length)] + 1 + random.nextInt(7);
                    case ANYWHERE -> random.nextInt(valid.length + 1);
                    case LAST_BYTES -> valid.length - 1 - random.nextInt(Math.min(16, valid.length));
                };
                length = Math.max(0, Math.min(length, valid.length - 1));
                return new Mutant(Arrays.copyOf(valid, length), mutation, cut, "cut to " + length + " of "
                        + valid.length + " bytes, " + cut.description);
            }
            case INSERTION -> {
                int at = random.nextBoolean() ? valid.length : position(valid.length + 1, boundaries, random);
                byte[] inserted = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 64)];
                fill(inserted, random);
                return new Mutant(splice(valid, at, 0, inserted), mutation, null,
                        inserted.length + " bytes at " + at);
            }
            case DELETION -> {
                int at = position(valid.length, boundaries, random);
                int count = Math.min(valid.length - at, 1 + random.nextInt(random.nextBoolean() ? 4 : 64));
                return new Mutant(splice(valid, at, count, new byte[0]), mutation, null, count + " bytes at " + at);
            }
            case OVERWRITE -> {
                int at = position(valid.length, boundaries, random);
                byte[] replacement = new byte[Math.min(valid.length - at, 1 + random.nextInt(8))];
                fill(replacement, random);
                return new Mutant(splice(valid, at, replacement.length, replacement), mutation, null,
                        replacement.length + " bytes at " + at);
            }
            case HUGE_SIZES -> {
                return new Mutant(format.hugeSizes(valid, random), mutation, null, "size fields rewritten");
            }
            case RANDOM_BYTES -> {
                byte[] noise = new byte[random.nextInt(2 * valid.length + 2)];
                random.nextBytes(noise);
                boolean prefixed = random.nextBoolean();
                if (prefixed) {
                    byte[] prefix = format.prefix(valid);
                    System.arraycopy(prefix, 0, noise, 0, Math.min(prefix.length, noise.length));
                }
                return new Mutant(noise, mutation, null, prefixed ? "after the format's first bytes" : "only");
            }
            case DUPLICATION -> {
                int from = position(valid.length, boundaries, random);
                int to = from + random.nextInt(valid.length - from + 1);
                int at = random.nextBoolean() ? valid.length : position(valid.length + 1, boundaries, random);
                return new Mutant(splice(valid, at, 0, Arrays.copyOfRange(valid, from, to)), mutation, null,
                        "bytes " + from + ".." + to + " copied to " + at);
            }
            default -> throw new AssertionError(mutation);
        }
    }

    /** An offset in [0, length): half the time just past a field boundary, else anywhere. */
    static int position(int length, int[] boundaries, SplittableRandom random) {
        if (length <= 0) {
            return 0;
        }
        int at = random.nextBoolean() ? boundaries[random.nextInt(boundaries.length)] + random.nextInt(8)
                : random.nextInt(length);
        return Math.min(at, length - 1);
    }

    /** Random bytes, or bytes that mean something to a parser: zeros, 0xff, digits, separators. */
    private static void fill(byte[] bytes, SplittableRandom random) {
        byte[] special = {0, (byte) 0xff, (byte) 0x7f, (byte) 0x80, '0', '9', ',', '\n', '\r', ' ', '-', '/', '.'};
        boolean noisy = random.nextBoolean();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = noisy ? (byte) random.nextInt(256) : special[random.nextInt(special.length)];
        }
    }

    /** {@code bytes} with {@code removed} bytes at {@code at} replaced by {@code inserted}. */
    static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + inserted.length);
        out.write(bytes, 0, at);
        out.writeBytes(inserted);
        out.write(bytes, at + removed, bytes.length - at - removed);
        return out.toByteArray();
    }

    /** A big-endian 32-bit field overwritten. */
    static void putInt(byte[] bytes, int at, int value) {
        for (int i = 0; i < 4 && at + i < bytes.length; i++) {
            bytes[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    /**
     * Replaces the content of {@code file} without first truncating it to nothing: on a file system mounted with
     * {@code discard} (this machine's), truncation costs about 2 ms, which would dominate a fuzz run.
     */
    static void overwrite(Path file, byte[] content) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.truncate(content.length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes allocated on the heap by this thread so far, or -1 when the JVM cannot tell. */
    static long allocatedBytes() {
        return THREADS == null ? -1 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            threads.setThreadAllocatedMemoryEnabled(true);
            return threads;
        }
        return null;
    }

    /** Counts outcomes per mutation and records the most a single case allocated and took. */
    static final class Tally {
        private final String what;
        private final Map<Mutation, int[]> byMutation = new EnumMap<>(Mutation.class);
        private final Map<Cut, Integer> cuts = new EnumMap<>(Cut.class);
        private final Map<String, Integer> variants = new TreeMap<>();
        private int accepted;
        private int rejected;
        private long maxAllocated = -1;
        private long maxAllocatedInput;
        private long slowestNanos;

        Tally(String what) {
            this.what = what;
        }

        synchronized void record(String variant, Mutant mutant, boolean wasAccepted, long allocated, long nanos) {
            int[] counts = byMutation.computeIfAbsent(mutant.mutation(), m -> new int[2]);
            counts[wasAccepted ? 0 : 1]++;
            if (wasAccepted) {
                accepted++;
            } else {
                rejected++;
            }
            if (mutant.cut() != null) {
                cuts.merge(mutant.cut(), 1, Integer::sum);
            }
            variants.merge(variant, 1, Integer::sum);
            if (allocated > maxAllocated) {
                maxAllocated = allocated;
                maxAllocatedInput = mutant.bytes().length;
            }
            slowestNanos = Math.max(slowestNanos, nanos);
        }

        synchronized int cases() {
            return accepted + rejected;
        }

        synchronized String report(String acceptedAs, String rejectedAs) {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "%s: %d cases (nn.fuzz=%d, seed %d): %d %s, %d %s%n", what, cases(), CASES, SEED, accepted,
                    acceptedAs, rejected, rejectedAs));
            text.append("  variants: ").append(join(variants, (k, v) -> k + " " + v)).append('\n');
            text.append("  mutations: ");
            String separator = "";
            for (var entry : byMutation.entrySet()) {
                int[] c = entry.getValue();
                text.append(separator).append(entry.getKey().description).append(' ').append(c[0] + c[1])
                        .append(" (").append(c[0]).append(" accepted)");
                separator = ", ";
            }
            text.append('\n');
            if (!cuts.isEmpty()) {
                text.append("  truncations: ").append(join(cuts, (k, v) -> k.description + " " + v)).append('\n');
            }
            text.append(String.format(Locale.ROOT, "  slowest case %.1f ms", slowestNanos / 1e6));
            if (maxAllocated >= 0) {
                text.append(String.format(Locale.ROOT, "; most allocated by one case %.2f MiB (input of %d bytes)",
                        maxAllocated / 1048576.0, maxAllocatedInput));
            }
            return text.toString();
        }

        private static <K, V> String join(Map<K, V> map, BiFunction<K, V, String> item) {
            StringBuilder text = new StringBuilder();
            map.forEach((k, v) -> text.append(text.length() == 0 ? "" : ", ").append(item.apply(k, v)));
            return text.toString();
        }
    }
}
