package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nn.backend.Blas;
import nn.backend.NativeLibraryException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jblas's native library failing to load is a {@link NativeLibraryException} with the reason, every time the
 * backend is asked for: not an {@code ExceptionInInitializerError} the first time and a bare
 * {@code NoClassDefFoundError} after. jblas unpacks its library into {@code java.io.tmpdir}, so a child JVM whose
 * temporary directory does not exist cannot load it, as on a machine without {@code libgfortran5}.
 */
class MissingNativeLibraryTest {

    @TempDir
    Path temp;

    @Test
    void theJblasBackendFailsWithTheSameSpecificErrorEachTimeItIsAskedFor() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Djava.io.tmpdir=" + temp.resolve("missing"),
                "-cp", System.getProperty("java.class.path"), AskTwice.class.getName())
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        List<String> lines = output.lines().filter(l -> l.startsWith("asked: ")).toList();
        assertEquals(List.of("asked: " + NativeLibraryException.class.getName(),
                "asked: " + NativeLibraryException.class.getName()), lines, output);
    }

    /** Asks for the jblas backend twice and prints what each attempt threw. */
    public static final class AskTwice {
        public static void main(String[] args) {
            for (int i = 0; i < 2; i++) {
                try {
                    Blas.byName("jblas");
                    System.out.println("asked: loaded");
                } catch (Throwable t) {
                    System.out.println("asked: " + t.getClass().getName());
                }
            }
        }
    }
}
