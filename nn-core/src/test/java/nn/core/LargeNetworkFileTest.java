package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import nn.io.NetworkFormatException;
import nn.io.NetworkJson;
import nn.network.Network;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network files of any size a user can train load back, with memory for the network and not for its text. Before,
 * files over 256 MiB (networks over about 12 million parameters) were refused after they had been saved, and
 * loading read the whole text and a tree of it: about 20 times the file's size.
 */
class LargeNetworkFileTest {

    @TempDir
    Path dir;

    /** [784, 16500, 10]: 13.1 million parameters, a JSON file over the old 256 MiB limit. */
    @Test
    void aFileOverTheOld256MiBLimitRoundTripsExactly() throws IOException {
        Network network = Network.builder(784, 16_500, 10).seed(3).build();
        Path file = dir.resolve("large.json");
        NetworkJson.save(network, file);
        long size = Files.size(file);
        System.out.println("LargeNetworkFileTest: [784,16500,10] saved in " + size + " bytes");
        assertTrue(size > 256L << 20, "the file is larger than the old limit: " + size);
        Network back = NetworkJson.load(file);
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(network.weights(l).data, back.weights(l).data, 0.0);
            assertArrayEquals(network.biases(l).data, back.biases(l).data, 0.0);
        }
        Files.delete(file);
    }

    /**
     * A 34 MB file of a [784, 2000, 10] network (12.7 MB of doubles) loads in a JVM whose whole heap is 64 MiB,
     * less than twice the file: a reader that held the text (68 MB as UTF-16) or a tree of it could not.
     */
    @Test
    void loadingTakesMemoryForTheNetworkNotTheText() throws Exception {
        Network network = Network.builder(784, 2000, 10).seed(4).build();
        Path file = dir.resolve("medium.json");
        NetworkJson.save(network, file);
        long size = Files.size(file);
        assertTrue(size > 32_000_000, "a file of " + size + " bytes");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                LoadNetwork.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        assertEquals("[784, 2000, 10] " + network.weights(1).get(9, 1999), output.strip());
    }

    /** Sizes declaring more numbers than the text can hold fail before a matrix is allocated. */
    @Test
    void declaredSizesBeyondTheTextAllocateNothing() {
        String json = "{\"sizes\": [100000, 100000], \"weights\": [[[1]]], \"biases\": [[[0]]],"
                + " \"cost\": \"QuadraticCost\"}";
        NetworkFormatException e = assertThrows(NetworkFormatException.class, () -> NetworkJson.fromJson(json, "x"));
        assertTrue(e.getMessage().contains("more than the rest of the"), e.getMessage());
    }

    /** Loads the file named by its argument and prints its sizes and one weight: run in a JVM with a small heap. */
    public static final class LoadNetwork {
        public static void main(String[] args) throws IOException {
            Network n = NetworkJson.load(Path.of(args[0]));
            System.out.println(java.util.Arrays.toString(n.sizes()) + " " + n.weights(1).get(9, 1999));
        }
    }
}
