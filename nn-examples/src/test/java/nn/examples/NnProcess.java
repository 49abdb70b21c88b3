package nn.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code nn} in a child JVM on the test class path, its standard output collected line by line: for commands that
 * run until they are stopped, such as {@code train --ui} and {@code serve}.
 */
final class NnProcess implements AutoCloseable {

    private final Process process;
    private final Path errors;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private NnProcess(Process process, Path errors) {
        this.process = process;
        this.errors = errors;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process ended.
            }
        }, "nn-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code nn ARGS}; its stderr goes to a file in {@code directory}. */
    static NnProcess start(Path directory, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), "nn.examples.Main"));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(directory, "stderr", ".txt");
        return new NnProcess(new ProcessBuilder(command).redirectError(errors.toFile()).start(), errors);
    }

    /** The first line starting with {@code prefix}, waiting up to {@code timeout} for it. */
    String awaitLine(String prefix, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (lines) {
                for (String line : lines) {
                    if (line.startsWith(prefix)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive() && !lines.isEmpty()) {
                Thread.sleep(50); // the reader may still be taking the last lines
                synchronized (lines) {
                    if (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
                        throw new AssertionError("nn ended (exit " + process.exitValue() + ") without printing \""
                                + prefix + "…\"\n" + this);
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no line \"" + prefix + "…\" within " + timeout + "\n" + this);
    }

    /** The dashboard's address, from the line {@code dashboard: http://…}. */
    URI address(Duration timeout) throws InterruptedException, IOException {
        return URI.create(awaitLine("dashboard: ", timeout).substring("dashboard: ".length()).trim());
    }

    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    @Override
    public String toString() {
        String err;
        try {
            err = Files.readString(errors);
        } catch (IOException e) {
            err = "(stderr unreadable: " + e + ")";
        }
        return "--- out ---\n" + String.join("\n", lines()) + "\n--- err ---\n" + err;
    }

    /** Stops the process as Ctrl-C would (SIGTERM runs the same shutdown), forcibly if it does not end. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
