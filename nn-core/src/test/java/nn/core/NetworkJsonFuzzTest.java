package nn.core;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import nn.io.NetworkFormatException;
import nn.io.NetworkJson;
import nn.network.Network;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile model files: valid files mutated byte by byte (flips, truncation, insertions, deletions, huge sizes,
 * random bytes). The loader must return a network or throw {@link NetworkFormatException}, nothing else: no
 * NullPointerException, no index error, no OutOfMemoryError, no hang.
 *
 * <p>{@code nn.fuzz} sets the number of cases (default 2,000 in CI; the full run uses 10,000 or more).
 */
class NetworkJsonFuzzTest {

    private static final int CASES = Integer.getInteger("nn.fuzz", 2000);
    private static final AtomicInteger LOADED = new AtomicInteger();
    private static final AtomicInteger REJECTED = new AtomicInteger();

    @Test
    void mutatedFilesLoadOrFailWithTheDocumentedException() {
        String valid = NetworkJson.toJson(Network.builder(3, 4, 2).seed(1).build());
        RandomCases.theory().withExamples(CASES).forAll(integers().between(0, 6), longs().all())
            .checkAssert((mutation, seed) -> {
                String mutated = mutate(valid, mutation, new SplittableRandom(seed));
                try {
                    NetworkJson.fromJson(mutated, "fuzz.json");
                    LOADED.incrementAndGet();
                } catch (NetworkFormatException e) {
                    assertTrue(e.getMessage().startsWith("fuzz.json: "), e.getMessage());
                    REJECTED.incrementAndGet();
                }
            });
    }

    @AfterAll
    static void report() {
        System.out.printf("NetworkJsonFuzzTest: %d mutated model files, %d loaded, %d rejected with"
                + " NetworkFormatException%n", LOADED.get() + REJECTED.get(), LOADED.get(), REJECTED.get());
    }

    private static String mutate(String valid, int mutation, SplittableRandom random) {
        byte[] bytes = valid.getBytes(StandardCharsets.UTF_8);
        StringBuilder s = new StringBuilder(valid);
        int at = random.nextInt(valid.length());
        switch (mutation) {
            case 0: // flip one bit
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                return new String(bytes, StandardCharsets.UTF_8);
            case 1: // truncate
                return valid.substring(0, at);
            case 2: // insert a structural character
                return s.insert(at, "[]{},:\"-0.eE9".charAt(random.nextInt(13))).toString();
            case 3: // delete a run
                return s.delete(at, Math.min(valid.length(), at + 1 + random.nextInt(8))).toString();
            case 4: // declare a huge or odd size
                String[] sizes = {"2147483647", "1000000000", "-3", "0", "1e9", "4.5", "null", "[3]"};
                return valid.replaceFirst("\"sizes\":\\[3,", "\"sizes\":[" + sizes[random.nextInt(sizes.length)] + ",");
            case 5: // random bytes
                byte[] noise = new byte[random.nextInt(64)];
                random.nextBytes(noise);
                return new String(noise, StandardCharsets.ISO_8859_1);
            default: // deep nesting
                return "[".repeat(1 + random.nextInt(5000)) + valid;
        }
    }
}
