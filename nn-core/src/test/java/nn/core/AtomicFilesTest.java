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
import java.util.stream.Stream;
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
}
