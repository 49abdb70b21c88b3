package nn.examples.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nn.internal.AtomicFiles;

/**
 * A sweep's results: a JSON-lines file, one {@link TrialResult} per line, to which each finished trial is added
 * atomically. The file is rewritten whole through a temporary file and a rename for every trial, so a sweep killed
 * at any moment leaves the file with every trial that had finished, and never half a line. One process writes a
 * results file at a time (the sweep's driver).
 */
public final class ResultsFile {

    private final Path path;

    /**
     * A results file at {@code path}; nothing is read or written yet.
     *
     * @param path the JSON-lines file, which need not exist yet
     */
    public ResultsFile(Path path) {
        this.path = path;
    }

    /** {@return where the file is, as given} */
    public Path path() {
        return path;
    }

    /**
     * The trials recorded so far, by {@link Trial#key()}; none when the file does not exist yet.
     *
     * @return every line's result by its key, in file order; a later line with the same key replaces an earlier
     * @throws IOException naming the file and the line, if it is not a results file or cannot be read
     */
    public Map<String, TrialResult> read() throws IOException {
        Map<String, TrialResult> results = new LinkedHashMap<>();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return results;
        }
        checkRegular();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            TrialResult r;
            try {
                r = TrialResult.fromJson(lines.get(i));
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": line " + (i + 1) + " is not a trial's record: "
                        + firstLine(e.getMessage()));
            }
            results.put(r.key(), r);
        }
        return results;
    }

    /**
     * Adds a result: the file afterwards is the old one plus this line, or (if this fails or the process dies) the
     * old one.
     *
     * @param result the finished trial's result, written as one line of JSON
     * @throws IOException if the path is not a regular file, or the file cannot be read or replaced
     */
    public synchronized void append(TrialResult result) throws IOException {
        byte[] old = new byte[0];
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            checkRegular();
            old = Files.readAllBytes(path);
        }
        byte[] line = (result.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        boolean needsBreak = old.length > 0 && old[old.length - 1] != '\n';
        final byte[] before = old;
        AtomicFiles.write(path, out -> {
            out.write(before);
            if (needsBreak) {
                out.write('\n');
            }
            out.write(line);
        });
    }

    /**
     * Checks that the results can be written where asked, before any trial runs.
     *
     * @throws IOException if the path is something other than a regular file, or its directory is not writable
     */
    public void checkWritable() throws IOException {
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            checkRegular();
        }
        Path dir = path.toAbsolutePath().getParent();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory, so " + path + " cannot be written");
        }
        if (Files.isDirectory(dir) && !Files.isWritable(dir)) {
            throw new IOException(dir + ": not writable, so " + path + " cannot be written");
        }
    }

    private void checkRegular() throws IOException {
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(path + ": not a regular file; a sweep's results go to a file of their own, and"
                    + " nothing else is replaced");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int n = s.indexOf('\n');
        return n < 0 ? s : s.substring(0, n);
    }
}
