package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code nn check} diagnoses every backend and precision {@code train} can pick, not only jblas. */
class CheckCommandTest {

    @Test
    void checksAProductAndAGradientOnEveryBackendAndPrecision() {
        Cli cli = Cli.run("check");
        assertEquals(0, cli.exitCode, cli.toString());
        for (String backend : new String[] {"openblas float64", "openblas float32", "jblas float64"}) {
            assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("product  " + backend + ": ") && l.endsWith("(ok)")),
                    backend + " product:\n" + cli);
            assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("gradient " + backend + ": ") && l.endsWith("(ok)")),
                    backend + " gradient:\n" + cli);
        }
        assertTrue(cli.out.lines().anyMatch(l -> l.startsWith("backend  train picks OpenBLAS 0.3.31")), cli.toString());
        assertTrue(cli.out.contains("all checks passed"), cli.toString());
    }
}
