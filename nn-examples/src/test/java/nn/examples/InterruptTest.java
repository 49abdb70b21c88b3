package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nn.io.NetworkJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C during training: a child JVM trains, receives SIGINT after its second epoch, and must stop after the
 * current mini-batch, save the network and the checkpoint, and exit with 130.
 */
class InterruptTest {

    @TempDir
    Path temp;

    @Test
    void sigintStopsTrainingAndSavesTheModel() throws Exception {
        Path data = SyntheticDigits.writeIdx(temp.resolve("idx"), 600, 50, 4);
        Path model = temp.resolve("model.json");
        Path checkpoint = temp.resolve("checkpoint.json");
        Path errors = temp.resolve("stderr.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "nn.examples.Main", "train", "--dataset", "idx", "--data", data.toString(), "--sizes", "784,20,10",
                "--epochs", "100000", "--seed", "1", "--save", model.toString(), "--checkpoint",
                checkpoint.toString())
                .redirectError(errors.toFile())
                .start();
        int expectedExit = TrainCommand.INTERRUPTED;
        // The child's output is read all the time, so that it never blocks on a full pipe while the test waits.
        Output out = new Output(child);
        try {
            assertTrue(out.awaitLine("epoch      2/", 120), "no second epoch:\n" + out.text() + "\n"
                    + Files.readString(errors));
            assertTrue(child.isAlive(), "training ended early:\n" + out.text() + "\n" + Files.readString(errors));
            signal("INT", child.pid());
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                // A process started in the background by a non-interactive shell inherits SIGINT as ignored, and
                // the JVM then leaves it ignored; SIGTERM runs the same shutdown hook.
                System.err.println("InterruptTest: SIGINT is ignored in this environment; sending SIGTERM instead");
                expectedExit = 143;
                signal("TERM", child.pid());
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
            }
            out.finish();
        } finally {
            child.destroyForcibly();
        }
        List<String> lines = out.lines();
        String output = String.join("\n", lines);
        assertEquals(expectedExit, child.exitValue(), output + "\n" + Files.readString(errors));
        assertTrue(output.contains("stopped during epoch"), output);
        assertTrue(output.contains("saved the network to " + model), output);
        assertTrue(output.contains("saved a checkpoint to " + checkpoint), output);
        assertEquals("[784,20,10]", TrainCommand.join(NetworkJson.load(model).sizes()));
        Checkpoint.State state = Checkpoint.read(checkpoint).state().orElseThrow();
        assertTrue(state.interrupted(), "the checkpoint says training stopped inside an epoch");
        assertTrue(state.epochsDone() >= 2, "at least the two epochs seen are in the checkpoint");
        assertEquals(state.epochsDone(), state.history().size());
    }

    /**
     * SIGTERM runs the same shutdown hook: the network is saved, and the JVM exits with 143 (128 + 15), which the
     * README must say (it said 130, SIGINT's code, for both).
     */
    @Test
    void sigtermSavesTooAndExitsWith143AsTheReadmeSays() throws Exception {
        Path data = SyntheticDigits.writeIdx(temp.resolve("idx-term"), 600, 50, 4);
        Path model = temp.resolve("term-model.json");
        Path errors = temp.resolve("term-stderr.txt");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "nn.examples.Main", "train", "--dataset", "idx", "--data", data.toString(), "--sizes", "784,20,10",
                "--epochs", "100000", "--seed", "1", "--save", model.toString())
                .redirectError(errors.toFile())
                .start();
        Output out = new Output(child);
        try {
            assertTrue(out.awaitLine("epoch      1/", 120), "no first epoch:\n" + out.text() + "\n"
                    + Files.readString(errors));
            assertTrue(child.isAlive(), out.text() + "\n" + Files.readString(errors));
            signal("TERM", child.pid());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "still running 60 s after SIGTERM");
            out.finish();
        } finally {
            child.destroyForcibly();
        }
        List<String> lines = out.lines();
        String output = String.join("\n", lines);
        assertEquals(143, child.exitValue(), output + "\n" + Files.readString(errors));
        assertTrue(output.contains("saved the network to " + model), output);
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("README.md"));
        assertTrue(readme.contains("130 after Ctrl-C (SIGINT) and 143 after SIGTERM"),
                "the README states both exit codes");
    }

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    /** A child's standard output, read line by line on a thread of its own from the start. */
    private static final class Output {
        private final List<String> lines = new ArrayList<>();
        private final Thread reader;

        Output(Process child) {
            reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        synchronized (lines) {
                            lines.add(line);
                            lines.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the child was destroyed: what was read is kept
                }
            }, "child-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits up to {@code seconds} for a line starting with {@code prefix}; false if none came. */
        boolean awaitLine(String prefix, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            synchronized (lines) {
                while (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !reader.isAlive()) {
                        return lines.stream().anyMatch(l -> l.startsWith(prefix));
                    }
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
                return true;
            }
        }

        /** Waits for the rest of the output after the child has exited. */
        void finish() throws InterruptedException {
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }

        List<String> lines() {
            synchronized (lines) {
                return new ArrayList<>(lines);
            }
        }

        String text() {
            return String.join("\n", lines());
        }
    }
}
