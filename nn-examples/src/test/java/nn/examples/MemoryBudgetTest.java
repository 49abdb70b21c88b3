package nn.examples;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Network sizes whose training cannot fit fail before anything is allocated, with one line and exit code 2 that
 * say what is needed (before: {@code NegativeArraySizeException}, {@code OutOfMemoryError} or "Cannot allocate
 * new DoublePointer" traces).
 */
class MemoryBudgetTest {

    @Test
    void impossibleSizesEndInOneLineWithExitCode2() {
        String[][] cases = {
            {"--sizes", "784,2147483647,10"},
            {"--sizes", "784,50000,50000,10"},
            {"--sizes", "784,40000,40000,10"},
            {"--sizes", "784,30,10", "--batch", "2147483647"},
        };
        String[] expected = {"one matrix can hold", "one matrix can hold", "JAVA_TOOL_OPTIONS=-Xmx",
            "one matrix can hold"};
        for (int i = 0; i < cases.length; i++) {
            String[] args = new String[cases[i].length + 3];
            args[0] = "train";
            System.arraycopy(cases[i], 0, args, 1, cases[i].length);
            args[args.length - 2] = "--data";
            args[args.length - 1] = "/nonexistent-never-read";
            Cli cli = Cli.run(args);
            assertEquals(CliException.USAGE, cli.exitCode, cli.toString());
            assertEquals(1, cli.err.lines().count(), cli.toString());
            assertTrue(cli.err.contains(expected[i]), cli.toString());
        }
    }

    /** The case: [784, 2000, 10] with m = 50,000 at -Xmx2g (its OpenBLAS workspace alone is 3 GB). */
    @Test
    void aMiniBatchTooLargeForTheMemoryIsRefused() {
        long twoGiB = 2L << 30;
        CliException e = assertThrows(CliException.class,
                () -> MemoryBudget.check(new int[] {784, 2000, 10}, 50_000, true, 8, twoGiB));
        assertTrue(e.getMessage().contains("more than the 2.0 GiB this Java may use"), e.getMessage());
        assertTrue(e.getMessage().contains("JAVA_TOOL_OPTIONS=-Xmx"), e.getMessage());
        assertThrows(CliException.class,
                () -> MemoryBudget.check(new int[] {784, 2000, 10}, 50_000, false, 8, twoGiB));
        assertDoesNotThrow(() -> MemoryBudget.check(new int[] {784, 2000, 10}, 10, true, 8, twoGiB));
        assertDoesNotThrow(() -> MemoryBudget.check(new int[] {784, 30, 10}, 10, true, 8, 64L << 20));
    }
}
