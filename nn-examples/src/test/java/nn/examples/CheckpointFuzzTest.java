package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import nn.io.NetworkJson;
import nn.network.Network;
import nn.training.EpochResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile checkpoints, the files {@code --load}, {@code evaluate --model} and {@code predict --model} read: a valid
 * checkpoint damaged as text (flips, truncation, inserted and deleted characters, random bytes, deep nesting) and
 * as JSON (a field of {@code "training"} set to null, a negative or huge number, a string, NaN; history entries
 * dropped or repeated). Reading must return a network with a consistent history, or throw an IOException naming
 * the file: nothing else. The network part is {@code NetworkJson}'s, fuzzed in nn-core; this aims at the
 * {@code "training"} field around it.
 *
 * <p>{@code nn.fuzz} sets the number of cases (2,000 in CI, 10,000 in the full run).
 */
class CheckpointFuzzTest {

    private static final int CASES = Integer.getInteger("nn.fuzz", 2000);
    private static final long SEED = Long.getLong("nn.seed", 20261123L);
    private static final String NAME = "fuzz.json";
    private static final Map<Mutation, int[]> OUTCOMES = new EnumMap<>(Mutation.class);

    @TempDir
    Path temp;

    enum Mutation {
        BIT_FLIP("bit flips"),
        TRUNCATION("truncation"),
        INSERTION("inserted characters"),
        DELETION("deleted characters"),
        FIELD_VALUE("a training field set to an odd value"),
        HISTORY_ENTRIES("history entries dropped, repeated or reordered"),
        RANDOM_BYTES("random bytes"),
        DEEP_NESTING("deep nesting in the training field");

        final String description;

        Mutation(String description) {
            this.description = description;
        }
    }

    private static String valid() {
        Network network = Network.builder(3, 4, 2).seed(1).build();
        List<EpochResult> history = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            history.add(new EpochResult(e, 0.5 + e, 1.0 / (e + 1), 40 + e, 50, 1.1 / (e + 1), 8 + e, 10, 3.0));
        }
        TrainSettings settings = new TrainSettings(5, 10, 3.0, 0.0, "batched", 7, true);
        try {
            Path file = Files.createTempFile("checkpoint", ".json");
            Checkpoint.write(file, network, new Checkpoint.State(3, 7, false, settings, history));
            String json = Files.readString(file);
            Files.delete(file);
            return json;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void damagedCheckpointsLoadConsistentlyOrFailNamingTheFile() {
        String valid = valid();
        assertTimeoutPreemptively(Duration.ofSeconds(60 + CASES / 50), () ->
                qt().withExamples(CASES).withFixedSeed(SEED)
                        .forAll(integers().between(0, Mutation.values().length - 1), longs().all())
                        .checkAssert((m, seed) -> {
                            Mutation mutation = Mutation.values()[m];
                            String mutated = mutate(valid, mutation, new SplittableRandom(seed));
                            boolean loaded;
                            try {
                                Checkpoint.Loaded result = Checkpoint.parse(mutated, NAME);
                                result.state().ifPresent(state -> {
                                    assertEquals(state.epochsDone(), state.history().size());
                                    for (int i = 0; i < state.history().size(); i++) {
                                        assertEquals(i, state.history().get(i).epoch());
                                    }
                                });
                                loaded = true;
                            } catch (IOException e) {
                                assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
                                loaded = false;
                            } catch (Throwable e) {
                                throw new AssertionError(mutation.description + ": " + e + " from\n" + mutated, e);
                            }
                            OUTCOMES.computeIfAbsent(mutation, k -> new int[2])[loaded ? 0 : 1]++;
                        }));
    }

    /** Reading streams: a large file of garbage is refused at its first bad byte, not read whole first. */
    @Test
    void aLargeFileIsRefusedAtItsFirstBadByteAndTheEncodingIsChecked() throws IOException {
        Path big = temp.resolve("big.json");
        try (RandomAccessFile sparse = new RandomAccessFile(big.toFile(), "rw")) {
            sparse.setLength((256L << 20) + 1);
        }
        long start = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(big));
        assertTrue(e.getMessage().startsWith(big + ": not valid JSON at line 1, column "),
                e.getMessage());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused without reading the 256 MiB");
        Path latin1 = Files.write(temp.resolve("latin1.json"), "{\"sizes\": \"\u00e9\"}".getBytes(
                StandardCharsets.ISO_8859_1));
        e = assertThrows(IOException.class, () -> Checkpoint.read(latin1));
        assertEquals(latin1 + ": not UTF-8 text, so not a JSON network file", e.getMessage());
    }

    @Test
    void aNullTrainingFieldAndANullHistoryEntryAreNamed() {
        String valid = valid();
        IOException e = assertThrows(IOException.class, () -> Checkpoint.parse(
                valid.replaceFirst("\"training\" : \\{", "\"training\" : null, \"x\" : {"), NAME));
        assertEquals(NAME + ": the \"training\" field must be an object, found null", e.getMessage());
        e = assertThrows(IOException.class, () -> Checkpoint.parse(
                valid.replaceFirst("\"history\" : \\[", "\"history\" : [ null,"), NAME));
        assertTrue(e.getMessage().startsWith(NAME + ": the \"training\" field says 3 epochs were done but its"
                + " history holds 4"), e.getMessage());
    }

    @AfterAll
    static void report() {
        int loaded = 0;
        int rejected = 0;
        StringBuilder detail = new StringBuilder();
        for (var entry : OUTCOMES.entrySet()) {
            int[] c = entry.getValue();
            loaded += c[0];
            rejected += c[1];
            detail.append(detail.length() == 0 ? "" : "; ").append(entry.getKey().description).append(' ')
                    .append(c[0] + c[1]).append(" (").append(c[0]).append(" loaded)");
        }
        System.out.printf("CheckpointFuzzTest: %d cases (nn.fuzz=%d, seed %d): %d loaded, %d rejected with an"
                + " IOException naming the file%n  mutations: %s%n", loaded + rejected, CASES, SEED, loaded,
                rejected, detail);
    }

    private static final String[] ODD_VALUES = {"null", "-1", "0", "2147483648", "-2147483649", "1e400", "1.5",
        "\"x\"", "[]", "{}", "NaN", "true", "[null]", "99999999999999999999999"};

    static String mutate(String valid, Mutation mutation, SplittableRandom random) {
        // Half the text-level damage lands in the "training" field, the part this class reads.
        int training = valid.indexOf("\"training\"");
        int at = random.nextBoolean() ? training + random.nextInt(valid.length() - training)
                : random.nextInt(valid.length());
        StringBuilder s = new StringBuilder(valid);
        switch (mutation) {
            case BIT_FLIP -> {
                byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
                for (int i = 1 + random.nextInt(3); i > 0; i--) {
                    bytes[Math.min(at + random.nextInt(8), bytes.length - 1)] ^= (byte) (1 << random.nextInt(8));
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
            case TRUNCATION -> {
                return valid.substring(0, at);
            }
            case INSERTION -> {
                return s.insert(at, "[]{},:\"-0.eE9n".charAt(random.nextInt(14))).toString();
            }
            case DELETION -> {
                return s.delete(at, Math.min(valid.length(), at + 1 + random.nextInt(8))).toString();
            }
            case FIELD_VALUE, HISTORY_ENTRIES -> {
                try {
                    ObjectNode root = (ObjectNode) Checkpoint.MAPPER.readTree(valid);
                    ObjectNode state = (ObjectNode) root.get("training");
                    ArrayNode history = (ArrayNode) state.get("history");
                    if (mutation == Mutation.HISTORY_ENTRIES) {
                        int i = random.nextInt(history.size());
                        switch (random.nextInt(3)) {
                            case 0 -> history.remove(i);
                            case 1 -> history.insert(random.nextInt(history.size() + 1), history.get(i).deepCopy());
                            default -> {
                                JsonNode moved = history.remove(i);
                                history.insert(random.nextInt(history.size() + 1), moved);
                            }
                        }
                        if (random.nextBoolean()) {
                            state.put("epochs_done", history.size()); // consistent count, wrong numbering
                        }
                    } else {
                        ObjectNode target = switch (random.nextInt(3)) {
                            case 0 -> state;
                            case 1 -> (ObjectNode) state.get("settings");
                            default -> (ObjectNode) history.get(random.nextInt(history.size()));
                        };
                        List<String> names = new ArrayList<>();
                        target.fieldNames().forEachRemaining(names::add);
                        String name = names.get(random.nextInt(names.size()));
                        String odd = ODD_VALUES[random.nextInt(ODD_VALUES.length)];
                        String text = Checkpoint.MAPPER.writeValueAsString(root);
                        target.put(name, "@@ODD@@");
                        text = Checkpoint.MAPPER.writeValueAsString(root);
                        return text.replace("\"@@ODD@@\"", odd);
                    }
                    return Checkpoint.MAPPER.writeValueAsString(root);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            case RANDOM_BYTES -> {
                byte[] noise = new byte[random.nextInt(256)];
                random.nextBytes(noise);
                return random.nextBoolean() ? new String(noise, StandardCharsets.ISO_8859_1)
                        : valid.substring(0, training) + new String(noise, StandardCharsets.ISO_8859_1);
            }
            default -> {
                int depth = 1 + random.nextInt(5000);
                return valid.replaceFirst("\"training\" : \\{", "\"training\" : " + "[".repeat(depth) + "{");
            }
        }
    }
}
