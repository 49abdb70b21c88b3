package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search order explicit directory, $MNIST_DIR, cache, download; with a made-up home and a stand-in source. */
class MnistLocatorTest {

    @TempDir
    Path dir;

    private final TinyMnist tiny = new TinyMnist(3);
    private final Map<String, String> variables = new HashMap<>();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final List<Set<MnistFile>> fetches = new ArrayList<>();

    /** Writes the tiny dataset's files, as a good mirror would, and records what it was asked for. */
    private final FetchSource source = new FetchSource() {
        @Override
        public String description() {
            return "stand-in source";
        }

        @Override
        public void fetch(Set<MnistFile> files, Path directory, Map<MnistFile, String> sha256) throws IOException {
            fetches.add(EnumSet.copyOf(files));
            for (MnistFile file : files) {
                VerifiedFiles.write(new java.io.ByteArrayInputStream(IdxWriter.gzip(tiny.contents.get(file))),
                        directory.resolve(file.fileName()), file.gzipFileName(), sha256.get(file), file.downloadLimit());
            }
        }
    };

    private MnistLocator locator() {
        Environment environment = new Environment(variables::get, dir.resolve("home"), false);
        return new MnistLocator(environment, new MnistFetcher(List.of(source), tiny.sha256(), log), tiny.sha256(), log);
    }

    private String logged() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * The tests on real MNIST find it where {@code ./nn train} put it when {@code $MNIST_DIR} is unset (before, they
     * looked only at the variable and skipped), and never download.
     */
    @Test
    void existingDirectoryIsTheVariableThenAFullCacheAndNeverDownloads() throws IOException {
        assertEquals(java.util.Optional.empty(), locator().existingDirectory());
        Path cache = locator().cacheDirectory();
        tiny.writeTo(cache, true);
        assertEquals(java.util.Optional.of(cache), locator().existingDirectory());
        Path env = tiny.writeTo(dir.resolve("env"), false);
        variables.put("MNIST_DIR", env.toString());
        assertEquals(java.util.Optional.of(env), locator().existingDirectory());
        assertEquals(List.of(), fetches);
    }

    @Test
    void explicitDirectoryComesFirst() throws IOException {
        Path explicit = tiny.writeTo(dir.resolve("explicit"), true);
        variables.put("MNIST_DIR", tiny.writeTo(dir.resolve("env"), false).toString());
        MnistLocation location = locator().locate(explicit);
        assertEquals(explicit, location.directory());
        assertEquals("given explicitly", location.origin());
        assertEquals(false, location.verified(), "a named directory may hold another dataset: checked when loaded");
        assertEquals("MNIST: using " + explicit + " (given explicitly)" + System.lineSeparator(), logged());
        assertEquals(List.of(), fetches);
    }

    @Test
    void thenTheEnvironmentVariable() throws IOException {
        Path env = tiny.writeTo(dir.resolve("env"), false);
        variables.put("MNIST_DIR", env.toString());
        MnistLocation location = locator().locate(null);
        assertEquals(env, location.directory());
        assertTrue(logged().contains("MNIST: using " + env + " (from $MNIST_DIR)"), logged());
    }

    @Test
    void anEmptyVariableIsTreatedAsUnsetNotAsTheCurrentDirectory() throws IOException {
        variables.put("MNIST_DIR", "");
        variables.put("XDG_CACHE_HOME", dir.resolve("xdg").toString());
        assertEquals(java.util.Optional.empty(), locator().variableDirectory());
        assertEquals(java.util.Optional.empty(), locator().existingDirectory());
        MnistLocation location = locator().locate(null);
        assertEquals(dir.resolve("xdg/nn/mnist"), location.directory());
        assertEquals("downloaded from stand-in source into the cache", location.origin());
    }

    @Test
    void aNamedDirectoryWithoutTheFilesIsAnErrorNotADownload() throws IOException {
        Path env = tiny.writeTo(dir.resolve("env"), false);
        Files.delete(env.resolve(MnistFile.TEST_IMAGES.fileName()));
        variables.put("MNIST_DIR", env.toString());
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> locator().locate(null));
        assertTrue(e.getMessage().contains("from $MNIST_DIR lacks a file") && e.getMessage().contains("t10k-images-idx3-ubyte.gz"),
                e.getMessage());
        assertThrows(NoSuchFileException.class, () -> locator().locate(dir.resolve("empty")));
        assertEquals(List.of(), fetches);
    }

    @Test
    void cacheFollowsXdgOrTheHomeDirectory() {
        assertEquals(dir.resolve("home/.cache/nn/mnist"), locator().cacheDirectory());
        variables.put("XDG_CACHE_HOME", "relative/ignored");
        assertEquals(dir.resolve("home/.cache/nn/mnist"), locator().cacheDirectory());
        variables.put("XDG_CACHE_HOME", dir.resolve("xdg").toString());
        assertEquals(dir.resolve("xdg/nn/mnist"), locator().cacheDirectory());
    }

    @Test
    void downloadsIntoTheCacheOnceThenUsesIt() throws IOException {
        variables.put("XDG_CACHE_HOME", dir.resolve("xdg").toString());
        MnistLocation first = locator().locate(null);
        assertEquals(dir.resolve("xdg/nn/mnist"), first.directory());
        assertEquals("downloaded from stand-in source into the cache", first.origin());
        MnistLocation second = locator().locate(null);
        assertEquals("from the cache", second.origin());
        assertTrue(first.verified() && second.verified());
        assertEquals(List.of(EnumSet.allOf(MnistFile.class)), fetches);
        MnistData data = Mnist.load(second.directory());
        assertEquals(TinyMnist.TRAINING, data.fullTraining().size());
    }

    @Test
    void aCorruptCachedFileIsDeletedAndFetchedAgain() throws IOException {
        Path cache = tiny.writeTo(locator().cacheDirectory(), false);
        Path labels = cache.resolve(MnistFile.TRAIN_LABELS.fileName());
        byte[] damaged = Files.readAllBytes(labels);
        damaged[9] ^= 1;
        Files.write(labels, damaged);
        MnistLocation location = locator().locate(null);
        assertEquals(List.of(EnumSet.of(MnistFile.TRAIN_LABELS)), fetches);
        assertTrue(logged().contains("deleting it to fetch it again"), logged());
        assertEquals(tiny.contents.get(MnistFile.TRAIN_LABELS).length, Files.size(labels));
        assertTrue(location.origin().startsWith("downloaded"), location.origin());
    }

    @Test
    void failureToDownloadPropagatesTheFullExplanation() {
        Environment environment = new Environment(variables::get, dir.resolve("home"), false);
        FetchSource failing = new FetchSource() {
            @Override
            public String description() {
                return "failing source";
            }

            @Override
            public void fetch(Set<MnistFile> files, Path directory, Map<MnistFile, String> sha256) throws IOException {
                throw new IOException("no route to host");
            }
        };
        MnistLocator locator = new MnistLocator(environment, new MnistFetcher(List.of(failing), tiny.sha256(), log),
                tiny.sha256(), log);
        MnistUnavailableException e = assertThrows(MnistUnavailableException.class, () -> locator.locate(null));
        assertTrue(e.getMessage().contains("1. failing source: no route to host"), e.getMessage());
    }
}
