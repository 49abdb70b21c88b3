package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import nn.internal.AtomicFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesTheContentAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("sub/model.json");
        AtomicFiles.write(file, "first".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(file, "second".getBytes(StandardCharsets.UTF_8));
        assertEquals("second", Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndRemovesTheTemporaryOne() throws IOException {
        Path file = dir.resolve("model.json");
        AtomicFiles.write(file, "good".getBytes(StandardCharsets.UTF_8));
        assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of a new fi".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertArrayEquals("good".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aNewFileIsReadableByOthersAndAReplacedOneKeepsItsPermissions() throws IOException {
        Path file = dir.resolve("model.json");
        AtomicFiles.write(file, new byte[] {1});
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(file, new byte[] {2});
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void aWriteRemovesTheTemporaryFilesOfDeadWritersOfTheSameFileOnly() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        exited.waitFor();
        long dead = exited.pid();
        long self = ProcessHandle.current().pid();
        long alive = ProcessHandle.current().parent().orElseThrow().pid();
        Path abandoned = Files.writeString(dir.resolve(".model.json." + dead + ".123.tmp"), "half");
        Path ours = Files.writeString(dir.resolve(".model.json." + self + ".456.tmp"), "being written");
        Path running = Files.writeString(dir.resolve(".model.json." + alive + ".789.tmp"), "being written");
        Path otherTarget = Files.writeString(dir.resolve(".model.json.1." + dead + ".5.tmp"), "model.json.1's");
        Path notOurs = Files.writeString(dir.resolve(".model.json.notes.tmp"), "a user's");

        AtomicFiles.write(dir.resolve("model.json"), new byte[] {1});

        assertFalse(Files.exists(abandoned), "the dead writer's leftover is removed");
        for (Path kept : new Path[] {ours, running, otherTarget, notOurs}) {
            assertTrue(Files.exists(kept), kept + " is kept");
        }
    }

    /** Before the fix the rename replaced the link itself (or, as root, /dev/null) with a regular file. */
    @Test
    void refusesToReplaceADeviceReachedThroughALink() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("model.json"), Path.of("/dev/null"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(link, new byte[] {1}));
        assertTrue(e.getMessage().contains("character device"), e.getMessage());
        assertTrue(Files.isSymbolicLink(link), "the link is left as it was");
        assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");
        assertThrows(IOException.class, () -> AtomicFiles.checkWritable(link));
        assertThrows(IOException.class, () -> AtomicFiles.checkWritable(Path.of("/dev/null")));
    }

    @Test
    void refusesDirectoriesFifosAndEmptyNames() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        for (Path target : List.of(sub, Path.of(""))) {
            assertThrows(IOException.class, () -> AtomicFiles.checkWritable(target), target.toString());
            assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {1}), target.toString());
        }
        assertTrue(Files.isDirectory(sub));
        Path fifo = dir.resolve("fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is not available here");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(fifo, new byte[] {1}));
        assertTrue(e.getMessage().contains("FIFO"), e.getMessage());
        assertTrue(e.getMessage().startsWith(fifo.toString()), e.getMessage());
        assertFalse(Files.isRegularFile(fifo), "the FIFO is still a FIFO");
        assertThrows(IOException.class, () -> AtomicFiles.checkWritable(fifo));
    }

    /** A symbolic link is written through: its target gets the content, the link stays a link. */
    @Test
    void writesThroughSymbolicLinks() throws IOException {
        Path real = dir.resolve("models/real.json");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("models/real.json"));
        Path chain = Files.createSymbolicLink(dir.resolve("chain.json"), link.getFileName());
        assertEquals(real, AtomicFiles.checkWritable(chain));
        AtomicFiles.write(chain, "new".getBytes(StandardCharsets.UTF_8));
        assertTrue(Files.isSymbolicLink(link) && Files.isSymbolicLink(chain));
        assertEquals("new", Files.readString(real));
        try (Stream<Path> files = Files.list(real.getParent())) {
            assertEquals(1, files.count(), "no temporary file left beside the target");
        }
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.json"), Path.of("made.json"));
        AtomicFiles.write(dangling, "made".getBytes(StandardCharsets.UTF_8));
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("made", Files.readString(dir.resolve("made.json")));
    }

    /** /proc takes no new files, even from root; a directory without write permission neither (unless root). */
    @Test
    void refusesReadOnlyLocationsBeforeWriting() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "no /proc here");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.checkWritable(Path.of("/proc/model.json")));
        assertTrue(e.getMessage().startsWith("/proc/model.json: cannot write in /proc"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Path locked = Files.createDirectory(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            if (!Files.isWritable(locked)) { // root may write anywhere
                assertThrows(IOException.class, () -> AtomicFiles.checkWritable(locked.resolve("model.json")));
            }
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
