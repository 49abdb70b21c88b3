package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ConsoleLoggingTest {

    @Test
    void messagesArePlainLinesAndProgressRedrawsOneLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleLogging.Plain handler = new ConsoleLogging.Plain(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        handler.publish(record("nn.mnist", Level.INFO, "MNIST: fetching a.gz"));
        handler.publish(record("nn.mnist.progress", Level.FINE, "MNIST: downloading a.gz:  50% of 1.0 MB"));
        handler.publish(record("nn.mnist.progress", Level.FINE, "MNIST: downloading a.gz: 100% of 1.0 MB"));
        handler.publish(record("nn.internal.BlasBackends", Level.WARNING, "nn: no openblas; using jblas instead"));
        String n = System.lineSeparator();
        assertEquals("MNIST: fetching a.gz" + n + "\rMNIST: downloading a.gz:  50% of 1.0 MB"
                + "\rMNIST: downloading a.gz: 100% of 1.0 MB" + n + "nn: no openblas; using jblas instead" + n,
                bytes.toString(StandardCharsets.UTF_8));
    }

    /** The library modules never print: an application embedding them decides through its logging configuration. */
    @Test
    void libraryModulesHaveNoSystemOutOrErrInTheirMainCode() throws IOException {
        for (String module : List.of("nn-core", "nn-openblas", "nn-mnist")) {
            Path main = Path.of("..", module, "src", "main", "java");
            assertTrue(Files.isDirectory(main), main + " is not a directory (tests run in nn-examples/)");
            try (Stream<Path> files = Files.walk(main)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    assertTrue(!text.contains("System.out") && !text.contains("System.err"),
                            file + " writes to System.out or System.err: log through System.Logger instead");
                }
            }
        }
    }

    private static LogRecord record(String logger, Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        return record;
    }
}
