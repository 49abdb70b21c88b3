package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data whose real content does not fit in the heap ends in one line that says how much memory is needed and how
 * to give it, in a JVM of 64 MiB: before, small gzip files of many blank images gave {@code OutOfMemoryError}
 * traces from {@code IdxReader.readData} and {@code KaggleCsvReader}.
 */
class DataMemoryTest {

    @TempDir
    Path temp;

    /** 120,000 blank images: 94 MB of pixels in a gzip file of about 100 KB. */
    @Test
    void gzippedIdxTooLargeForTheHeap() throws Exception {
        int count = 120_000;
        Path dir = Files.createDirectories(temp.resolve("idx"));
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("train-images-idx3-ubyte.gz")));
             DataOutputStream out = new DataOutputStream(gz)) {
            out.writeInt(0x803);
            out.writeInt(count);
            out.writeInt(28);
            out.writeInt(28);
            byte[] blank = new byte[784];
            for (int i = 0; i < count; i++) {
                out.write(blank);
            }
        }
        SyntheticDigits.writeIdx(dir.resolve("train-labels-idx1-ubyte"), 0x801, new int[] {count}, new byte[count]);
        SyntheticDigits.writeIdx(dir.resolve("t10k-images-idx3-ubyte"), 0x803, new int[] {1, 28, 28}, new byte[784]);
        SyntheticDigits.writeIdx(dir.resolve("t10k-labels-idx1-ubyte"), 0x801, new int[] {1}, new byte[1]);
        String line = refusedInASmallHeap("--dataset", "idx", "--data", dir.toString());
        assertTrue(line.contains("train-images-idx3-ubyte.gz: holding its 94080000 bytes of data"), line);
    }

    /** A gzipped Kaggle CSV of 100,000 blank rows: 78.5 MB as bytes, a few hundred KB on disk. */
    @Test
    void gzippedCsvTooLargeForTheHeap() throws Exception {
        Path csv = temp.resolve("train.csv.gz");
        StringBuilder row = new StringBuilder("0");
        StringBuilder header = new StringBuilder("label");
        for (int p = 0; p < 784; p++) {
            row.append(",0");
            header.append(",pixel").append(p);
        }
        try (Writer out = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(csv)),
                StandardCharsets.US_ASCII)) {
            out.write(header + "\n");
            for (int i = 0; i < 100_000; i++) {
                out.write(row + "\n");
            }
        }
        String line = refusedInASmallHeap("--dataset", "csv", "--data", csv.toString());
        assertTrue(line.contains("train.csv.gz: holding more than "), line);
    }

    /** Runs {@code train} in a JVM of 64 MiB; returns its one error line after checking there is only that. */
    private static String refusedInASmallHeap(String... data) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), "nn.examples.Main", "train", "--epochs", "1"));
        command.addAll(List.of(data));
        Process child = new ProcessBuilder(command).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        String all = out + "\n--- stderr ---\n" + err;
        assertEquals(CliException.FAILURE, child.exitValue(), all);
        assertFalse(err.contains("\tat ") || err.contains("Exception in"), all);
        List<String> errors = err.lines().filter(l -> l.startsWith("nn train: ")).toList();
        assertEquals(1, errors.size(), all);
        System.err.println("DataMemoryTest: " + errors.get(0));
        assertTrue(errors.get(0).contains("of memory, more than this Java could give"), all);
        assertTrue(errors.get(0).contains("JAVA_TOOL_OPTIONS=-Xmx"), all);
        return errors.get(0);
    }
}
