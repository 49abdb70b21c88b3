package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nn.io.NetworkJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} during training, again and again: a child JVM trains with {@code --checkpoint} rewritten after
 * every epoch, and is killed with SIGKILL (no shutdown hook runs) at a random moment; the next child continues
 * from the checkpoint with {@code --load}, as a user would after a crash. After every kill the checkpoint must be
 * absent (only before the first one is written) or a complete checkpoint that loads, with at least as many
 * epochs as after the previous kill.
 *
 * <p>The epochs are tiny (100 training images), so that much of each child's time goes into writing checkpoints
 * ([784, 30, 10], half a megabyte of JSON each). Every other kill comes at a random moment up to 1.5 s after
 * training starts; the others are aimed at writing: 0-20 ms after the child's temporary file appears. A kill
 * while writing leaves that file behind; the next write to the same file removes the leftovers of dead processes
 * (see {@code AtomicFiles}), so at most one is ever there.
 *
 * <p>{@code -Dnn.kills=N} sets the number of kills (20 by default, about 30 s here).
 */
class KillDuringCheckpointTest {

    private static final int KILLS = Integer.getInteger("nn.kills", 20);

    @TempDir
    Path temp;

    @Test
    void aCheckpointKilledAtAnyMomentIsTheOldOrTheNewCompleteFile() throws Exception {
        Path data = SyntheticDigits.writeIdx(temp.resolve("idx"), 120, 20, 8);
        Path dir = Files.createDirectories(temp.resolve("run"));
        Path checkpoint = dir.resolve("checkpoint.json");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        SplittableRandom random = new SplittableRandom(20261123L);
        int previousEpochs = 0;
        int killsLeavingTemporaryFiles = 0;
        int maxTemporaryFiles = 0;
        long start = System.nanoTime();
        for (int kill = 1; kill <= KILLS; kill++) {
            // A child lives about a second: C1 alone and the serial collector start it faster.
            List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-cp",
                    System.getProperty("java.class.path"), "nn.examples.Main", "train", "--dataset", "idx", "--data",
                    data.toString(), "--sizes", "784,30,10", "--epochs", "1000000", "--seed", "1", "--checkpoint",
                    checkpoint.toString()));
            if (Files.exists(checkpoint)) {
                command.addAll(List.of("--load", checkpoint.toString()));
            }
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            boolean duringWrite = kill % 2 == 0;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                // Once an epoch line is out, training runs and the checkpoint is being written.
                String line;
                while ((line = out.readLine()) != null && !line.startsWith("epoch ")) {
                    // startup lines
                }
                if (line == null) {
                    throw new AssertionError("the child ended before training, exit "
                            + (child.waitFor(10, TimeUnit.SECONDS) ? child.exitValue() : "unknown"));
                }
                if (duringWrite) {
                    // Aimed: as soon as this child's temporary file appears, 0-20 ms into writing it.
                    String mine = "." + checkpoint.getFileName() + "." + child.pid() + ".";
                    long deadline = System.nanoTime() + 5_000_000_000L;
                    while (System.nanoTime() < deadline && temporaryFiles(dir).stream()
                            .noneMatch(f -> f.getFileName().toString().startsWith(mine))) {
                        Thread.sleep(1);
                    }
                    Thread.sleep(random.nextInt(21));
                } else {
                    Thread.sleep(random.nextInt(1000)); // anywhere in training, evaluating or writing
                }
            } finally {
                child.destroyForcibly(); // SIGKILL on Linux
                assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child outlived SIGKILL");
            }
            assertEquals(137, child.exitValue(), "128 + SIGKILL: the child was killed, it did not end by itself");

            List<Path> leftovers = temporaryFiles(dir);
            String killedChild = "." + checkpoint.getFileName() + "." + child.pid() + ".";
            boolean midWrite = leftovers.stream().anyMatch(f -> f.getFileName().toString().startsWith(killedChild));
            killsLeavingTemporaryFiles += midWrite ? 1 : 0;
            maxTemporaryFiles = Math.max(maxTemporaryFiles, leftovers.size());
            assertTrue(leftovers.size() <= 1, "leftover temporary files after kill " + kill + ": " + leftovers);
            if (!Files.exists(checkpoint)) {
                assertEquals(0, previousEpochs, "the checkpoint vanished after kill " + kill);
                continue;
            }
            Checkpoint.Loaded loaded = Checkpoint.read(checkpoint); // throws if the file is incomplete
            Checkpoint.State state = loaded.state().orElseThrow();
            assertEquals(state.epochsDone(), state.history().size());
            assertTrue(state.epochsDone() >= previousEpochs, "after kill " + kill + " the checkpoint went back from "
                    + previousEpochs + " to " + state.epochsDone() + " epochs");
            assertNull(loaded.network().firstNonFiniteParameter());
            NetworkJson.load(checkpoint);
            previousEpochs = state.epochsDone();
        }
        System.out.printf(Locale.ROOT, "KillDuringCheckpointTest: %d children killed with SIGKILL in %.1f s; every"
                        + " time the checkpoint loaded complete; %d epochs in it at the end; %d kills left a"
                        + " temporary file (killed mid-write), never more than %d at a time%n", KILLS,
                (System.nanoTime() - start) / 1e9, previousEpochs, killsLeavingTemporaryFiles, maxTemporaryFiles);
        assertTrue(previousEpochs > 0, "no checkpoint was ever written");
    }

    private static List<Path> temporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
        }
    }
}
