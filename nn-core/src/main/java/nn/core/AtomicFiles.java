package nn.core;

import java.io.BufferedOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files so that a reader, or a process killed half-way, only ever sees the old complete file or the new
 * complete file: the content goes to a temporary file in the same directory, is forced to disk, and is then
 * renamed over the target.
 *
 * <p>A process killed between creating the temporary file and renaming it ({@code kill -9}, a power cut) leaves
 * that file behind: {@code .TARGET.PID.RANDOM.tmp}, named after the target and the writing process. Every write
 * first deletes the ones of the same target whose process is no longer running, so leftovers do not pile up over
 * repeated crashes: at most one per crash since the last write. (The check of the process id is only meaningful on
 * one machine; a directory shared with other machines may see their writers' files deleted.)
 */
public final class AtomicFiles {

    /** This process, named in its temporary files. */
    private static final long PID = ProcessHandle.current().pid();

    /** The rest of a temporary file's name after ".TARGET.": the writer's pid, createTempFile's number. */
    private static final Pattern TEMPORARY = Pattern.compile("(\\d+)\\.\\d+\\.tmp");

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Writer {
        /** Writes the whole content to {@code out}; the stream is closed by the caller. */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically.
     *
     * @return {@code target}
     * @throws IOException if writing fails; {@code target} is then left as it was and the temporary file removed
     */
    public static Path write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        String prefix = "." + absolute.getFileName() + ".";
        removeAbandoned(dir, prefix);
        // Same directory: a rename within one file system is atomic, across file systems it is a copy.
        Path temp = Files.createTempFile(dir, prefix + PID + ".", ".tmp");
        boolean moved = false;
        try {
            try (OutputStream raw = Files.newOutputStream(temp);
                 OutputStream out = new BufferedOutputStream(raw, 1 << 16)) {
                writer.write(out);
                out.flush();
            }
            forceToDisk(temp);
            givePermissions(temp, absolute);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            return target;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes {@code bytes} to {@code target} atomically. */
    public static Path write(Path target, byte[] bytes) throws IOException {
        return write(target, out -> out.write(bytes));
    }

    /**
     * Deletes the temporary files {@code prefix + PID + "." + number + ".tmp"} of processes that are no longer
     * running. Those of running processes, this one included, may be being written and are left alone, as are
     * files named otherwise.
     */
    private static void removeAbandoned(Path dir, String prefix) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir,
                f -> f.getFileName().toString().startsWith(prefix))) {
            for (Path file : files) {
                Matcher m = TEMPORARY.matcher(file.getFileName().toString().substring(prefix.length()));
                if (!m.matches()) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != PID && ProcessHandle.of(pid).isEmpty()) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // A leftover costs only disk space; a directory that cannot be listed will fail the write itself.
        }
    }

    /**
     * A temporary file is created readable by its owner only; the file it becomes should look like any other
     * file the user writes: the permissions of the file it replaces, or rw-r--r-- for a new one.
     */
    private static void givePermissions(Path temp, Path target) throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temp, permissions);
    }

    private static void forceToDisk(Path file) throws IOException {
        // Without this a crash after the rename could expose a renamed but still empty file.
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
