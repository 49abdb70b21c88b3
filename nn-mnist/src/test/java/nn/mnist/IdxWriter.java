package nn.mnist;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files of unsigned bytes, raw or gzipped, for tests to read back. */
final class IdxWriter {

    private IdxWriter() {
    }

    /** The bytes of an IDX file with the given magic, dimensions and data, as written, without checks. */
    static byte[] bytes(int magic, int[] dimensions, byte[] data) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buffer);
            out.writeInt(magic);
            for (int dimension : dimensions) {
                out.writeInt(dimension);
            }
            out.write(data);
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The magic an unsigned-byte IDX file of this many dimensions carries. */
    static int magic(int rank) {
        return 0x0800 | rank;
    }

    static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
                out.write(content);
            }
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code content}, gzipped when asked, to {@code file}. */
    static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        Files.write(file, gzip ? gzip(content) : content);
        return file;
    }

    static Path images(Path file, byte[] pixels, int count, int rows, int columns, boolean gzip) throws IOException {
        return write(file, bytes(IdxReader.IMAGES_MAGIC, new int[] {count, rows, columns}, pixels), gzip);
    }

    static Path labels(Path file, byte[] labels, boolean gzip) throws IOException {
        return write(file, bytes(IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels), gzip);
    }
}
