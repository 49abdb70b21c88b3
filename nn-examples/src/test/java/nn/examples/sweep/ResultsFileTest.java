package nn.examples.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nn.training.EpochResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The results file: lines added whole, read back exactly, damage reported with the line, nothing else replaced. */
class ResultsFileTest {

    @TempDir
    Path temp;

    private static TrialResult result(long seed, double cost) {
        return new TrialResult(Map.of("eta", "3"), seed, List.of(new EpochResult(0, 0.25, cost, 40, 50,
                cost * 1.1, 9, 10, 3.0), new EpochResult(1, 0.25, cost / 3, 45, 50, Math.PI, 10, 10, 3.0)), 1.5, "jblas",
                null, "local");
    }

    @Test
    void appendedResultsReadBackBitForBit() throws IOException {
        ResultsFile file = new ResultsFile(temp.resolve("r.jsonl"));
        assertEquals(Map.of(), file.read());
        TrialResult a = result(1, 0.1 + 0.2);
        TrialResult b = result(2, Double.MIN_NORMAL * 3);
        file.append(a);
        file.append(b);
        Map<String, TrialResult> read = file.read();
        assertEquals(List.of(a.key(), b.key()), List.copyOf(read.keySet()));
        assertEquals(a, read.get(a.key()));
        assertEquals(b, read.get(b.key()));
        assertEquals(2, Files.readAllLines(file.path()).size());
        assertTrue(a.sameFigures(read.get(a.key())));
    }

    @Test
    void sameFiguresComparesAMissingBackendWithoutThrowing() {
        TrialResult known = result(1, 0.5);
        TrialResult missing = new TrialResult(known.settings(), known.seed(), known.epochs(), 2.0, null, null,
                "spark");
        TrialResult alsoMissing = new TrialResult(known.settings(), known.seed(), known.epochs(), 3.0, null, null,
                "local");
        assertFalse(missing.sameFigures(known));
        assertFalse(known.sameFigures(missing));
        assertTrue(missing.sameFigures(alsoMissing));
    }

    @Test
    void aDamagedLineIsNamed() throws IOException {
        ResultsFile file = new ResultsFile(temp.resolve("damaged.jsonl"));
        file.append(result(1, 0.5));
        Files.writeString(file.path(), "{\"settings\": {\"eta\": \"3\"}, \"seed\": \n", java.nio.file.StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, file::read);
        assertTrue(e.getMessage().startsWith(file.path() + ": line 2 is not a trial's record"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aDirectoryIsNeverReplaced() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("a-directory"));
        ResultsFile file = new ResultsFile(dir);
        assertThrows(IOException.class, file::checkWritable);
        assertThrows(IOException.class, () -> file.append(result(1, 0.5)));
        assertTrue(Files.isDirectory(dir));
    }
}
