package nn.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>Only regular files are ever replaced. A target that exists as a directory, a device ({@code /dev/null}), a
 * FIFO or a socket is refused with an {@link IOException} before anything is written, since renaming a file over
 * it would remove it. A symbolic link is written through: the file it points to (following every link) is
 * replaced atomically, with its temporary file beside it, and the link stays a link. {@link #checkWritable} makes
 * the same checks up front, so that a program can refuse a bad output path before long work starts.
 */
public final class AtomicFiles {

    /** This process, named in its temporary files. */
    private static final long PID = ProcessHandle.current().pid();

    /** The rest of a temporary file's name after ".TARGET.": the writer's pid, createTempFile's number. */
    private static final Pattern TEMPORARY = Pattern.compile("(\\d+)\\.\\d+\\.tmp");

    /** Writes the content of one file. */
    @FunctionalInterface
    public interface Writer {
        /**
         * Writes the whole content to {@code out}; the stream is closed by the caller.
         *
         * @param out a buffered stream into the temporary file; need not be flushed or closed
         * @throws IOException if the content cannot be produced or written; the target is then left as it was
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically.
     *
     * @param target the file to create or replace; its directories are created, symbolic links are followed
     * @param writer writes the content, once
     * @return {@code target}, as given
     * @throws IOException if writing fails; {@code target} is then left as it was and the temporary file removed
     */
    public static Path write(Path target, Writer writer) throws IOException {
        Path absolute = destination(target);
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
            // Checked again just before the rename: something may have appeared there while the content was written.
            refuseIfNotRegular(target, absolute);
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

    /**
     * Checks, without writing anything, that {@link #write} could write {@code target}: it is not an empty name,
     * not a directory, device, FIFO or socket (after following symbolic links), and a file can be created in its
     * directory (a temporary file is created there and deleted, which catches read-only file systems and missing
     * permissions, also for root).
     *
     * @param target the file a later {@link #write} would create or replace
     * @return the regular file that would be replaced or created: {@code target} itself, or where its symbolic
     *         links lead
     * @throws IOException with a one-line message naming {@code target} and what is wrong
     */
    public static Path checkWritable(Path target) throws IOException {
        Path absolute = destination(target);
        Path dir = absolute.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw new IOException(target + ": cannot be created, " + existing + " is not a directory");
        }
        if (!existing.equals(dir)) {
            // createDirectories would make it; only the nearest existing directory can be tried.
            if (!Files.isWritable(existing)) {
                throw new IOException(target + ": cannot create directory " + dir + " (" + existing
                        + " is not writable)");
            }
            return absolute;
        }
        Path probe;
        try {
            probe = Files.createTempFile(dir, "." + absolute.getFileName() + "." + PID + ".", ".tmp");
        } catch (IOException e) {
            throw new IOException(target + ": cannot write in " + dir + " (" + reason(e) + ")", e);
        }
        Files.deleteIfExists(probe);
        return absolute;
    }

    /**
     * The absolute path of the regular file to be replaced for {@code target}: symbolic links followed (also a
     * link to a file not yet there), refused when it is not a regular file or an empty name.
     */
    private static Path destination(Path target) throws IOException {
        if (target.toString().isEmpty()) {
            throw new IOException("\"\": an empty file name; give the name of a file to write");
        }
        Path absolute = target.toAbsolutePath().normalize();
        for (int hops = 0; Files.isSymbolicLink(absolute); hops++) {
            if (hops == 40) {
                throw new IOException(target + ": too many levels of symbolic links");
            }
            Path link = Files.readSymbolicLink(absolute);
            absolute = absolute.resolveSibling(link).toAbsolutePath().normalize();
        }
        if (absolute.getFileName() == null) {
            throw new IOException(target + ": is a directory, not a file");
        }
        refuseIfNotRegular(target, absolute);
        return absolute;
    }

    private static void refuseIfNotRegular(Path target, Path absolute) throws IOException {
        if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes a = Files.readAttributes(absolute, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (a.isRegularFile()) {
            return;
        }
        String what = a.isDirectory() ? "a directory" : a.isSymbolicLink() ? "a symbolic link" : special(absolute);
        throw new IOException(target + (absolute.equals(target.toAbsolutePath().normalize()) ? "" : " (→ " + absolute
                + ")") + ": is " + what + ", not a regular file; nn writes only regular files and never replaces"
                + " anything else");
    }

    /** What kind of special file {@code file} is, from its Unix mode when the file system tells it. */
    private static String special(Path file) {
        try {
            int type = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            switch (type) {
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0010000: return "a FIFO (named pipe)";
                case 0140000: return "a socket";
                default: break;
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // Not a Unix file system: the generic name below.
        }
        return "a device, FIFO or socket";
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getReason() != null ? f.getReason() : "a file cannot be created there";
        }
        return e.getMessage();
    }

    /**
     * Writes {@code bytes} to {@code target} atomically; see {@link #write(Path, Writer)}.
     *
     * @param target the file to create or replace
     * @param bytes  the whole new content
     * @return {@code target}, as given
     * @throws IOException if writing fails; {@code target} is then left as it was and the temporary file removed
     */
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
