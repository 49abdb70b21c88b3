package nn.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Finds MNIST, in this order: a directory given explicitly ({@code --data DIR}), then {@code $MNIST_DIR}, then the
 * per-user cache ({@code $XDG_CACHE_HOME/nn/mnist}, or {@code ~/.cache/nn/mnist}), then a download into the cache.
 * Logs one line saying where the data came from (an INFO record on the {@code nn.mnist} {@link System.Logger}).
 *
 * <p>A directory the user names must hold the four files: a mistake there is reported, not papered over with a
 * download. The cache is the locator's own: its files are verified against MNIST's SHA-256 before use, and a bad
 * one is deleted and fetched again.
 */
public final class MnistLocator {

    /**
     * The environment variable naming a directory that holds MNIST. An empty value counts as unset, as it does for
     * the XDG variables, rather than naming the current directory.
     */
    public static final String DIRECTORY_VARIABLE = "MNIST_DIR";

    private final Environment environment;
    private final MnistFetcher fetcher;
    private final Map<MnistFile, String> sha256;
    private final PrintStream log;

    MnistLocator(Environment environment, MnistFetcher fetcher, Map<MnistFile, String> sha256, PrintStream log) {
        this.environment = environment;
        this.fetcher = fetcher;
        this.sha256 = sha256;
        this.log = log;
    }

    /**
     * {@return a locator for this process: its environment, the real sources, logging through the {@code nn.mnist}
     * logger}
     */
    public static MnistLocator standard() {
        return new MnistLocator(Environment.system(), MnistFetcher.standard(), MnistFetcher.mnistSha256(),
                LoggerPrintStream.standard());
    }

    /**
     * {@return the per-user cache directory: {@code $XDG_CACHE_HOME/nn/mnist}, or {@code ~/.cache/nn/mnist} when
     * that variable is unset or relative}; it need not exist yet
     */
    public Path cacheDirectory() {
        String xdg = environment.variable("XDG_CACHE_HOME");
        // The XDG spec says to ignore a relative value.
        Path base = xdg != null && Path.of(xdg).isAbsolute() ? Path.of(xdg) : environment.home().resolve(".cache");
        return base.resolve("nn").resolve("mnist");
    }

    /**
     * {@return {@code $MNIST_DIR} as a path, not checked for files; empty when the variable is unset or set to the
     * empty string, which is not taken as the current directory}
     */
    public java.util.Optional<Path> variableDirectory() {
        String variable = environment.variable(DIRECTORY_VARIABLE); // null when unset or empty
        return variable == null ? java.util.Optional.empty() : java.util.Optional.of(Path.of(variable));
    }

    /**
     * Where MNIST already is, without downloading or verifying anything: {@code $MNIST_DIR} when it is set, otherwise
     * the cache when it holds all four files (where {@code nn train} puts them), otherwise empty. For tests on real
     * MNIST, which must find it wherever the user's runs have put it, and must not download.
     *
     * @return {@code $MNIST_DIR} when set and non-empty (not checked for files), else the cache when it holds all
     *         four files, else empty
     */
    public java.util.Optional<Path> existingDirectory() {
        java.util.Optional<Path> variable = variableDirectory();
        if (variable.isPresent()) {
            return variable;
        }
        Path cache = cacheDirectory();
        for (MnistFile file : MnistFile.values()) {
            try {
                file.find(cache);
            } catch (NoSuchFileException e) {
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.of(cache);
    }

    /**
     * Finds or fetches MNIST. An empty {@code $MNIST_DIR} is treated as unset.
     *
     * @param explicitDirectory the directory the user named, or {@code null}
     * @return the directory holding the four files, how it was chosen, and whether its files were verified here
     *         (only the cache's are; a named directory is left for the reader to verify)
     * @throws NoSuchFileException       if the named directory or {@code $MNIST_DIR} lacks a file
     * @throws MnistUnavailableException if MNIST had to be downloaded and no source could provide it
     * @throws IOException               if a cached file cannot be read or a bad one deleted
     */
    public MnistLocation locate(Path explicitDirectory) throws IOException {
        if (explicitDirectory != null) {
            return found(requireFiles(explicitDirectory, "given explicitly"), "given explicitly", false);
        }
        java.util.Optional<Path> variable = variableDirectory();
        if (variable.isPresent()) {
            return found(requireFiles(variable.get(), "from $" + DIRECTORY_VARIABLE), "from $" + DIRECTORY_VARIABLE,
                    false);
        }
        Path cache = cacheDirectory();
        Set<MnistFile> missing = verifiedCache(cache);
        if (missing.isEmpty()) {
            return found(cache, "from the cache", true);
        }
        String sources = fetcher.fetch(missing, cache);
        return found(cache, "downloaded from " + sources + " into the cache", true);
    }

    private MnistLocation found(Path directory, String origin, boolean verified) {
        MnistLocation location = new MnistLocation(directory, origin, verified);
        log.println("MNIST: using " + location);
        return location;
    }

    private static Path requireFiles(Path directory, String origin) throws NoSuchFileException {
        for (MnistFile file : MnistFile.values()) {
            try {
                file.find(directory);
            } catch (NoSuchFileException e) {
                throw new NoSuchFileException(directory.toString(), null,
                        "MNIST directory " + origin + " lacks a file: " + e.getReason());
            }
        }
        return directory;
    }

    /** Checks the cached files, deleting any whose checksum is wrong; returns those that must be fetched. */
    private Set<MnistFile> verifiedCache(Path cache) throws IOException {
        Set<MnistFile> missing = EnumSet.noneOf(MnistFile.class);
        for (MnistFile file : MnistFile.values()) {
            Path path = cache.resolve(file.fileName());
            if (!Files.isRegularFile(path)) {
                missing.add(file);
                continue;
            }
            String actual = Sha256.ofDecompressed(path);
            if (!actual.equals(sha256.get(file))) {
                log.println("MNIST: cached " + path + " has SHA-256 " + actual + ", expected " + sha256.get(file)
                        + "; deleting it to fetch it again");
                Files.delete(path);
                missing.add(file);
            }
        }
        return missing;
    }
}
