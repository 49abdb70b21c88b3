package nn.mnist;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.zip.ZipException;

/**
 * Reads IDX files of unsigned bytes (the format of MNIST and Fashion-MNIST), raw or gzipped; gzip is recognised
 * from the file's first bytes, never from its name.
 *
 * <p>The header is checked against the file before anything is allocated: a header that claims more data than the
 * file can hold (a raw file's length, or what a gzip file of that length can decompress to at deflate's maximum
 * ratio) or more than {@link #MAX_DATA_BYTES} fails at once with a {@link DatasetFormatException}. A raw file's data
 * array is then exactly its length; a gzip file's starts at {@link #TYPICAL_GZIP_RATIO} times the file's length and
 * grows only as decompressed bytes arrive. So a corrupt or hostile header cannot make the reader allocate more than
 * a small multiple of what the file really holds.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte labels: type 0x08, one dimension. */
    public static final int LABELS_MAGIC = 0x0801;

    /** Magic number of an IDX file of unsigned-byte images: type 0x08, three dimensions. */
    public static final int IMAGES_MAGIC = 0x0803;

    /**
     * The most data one file may declare: 1 GiB, about twice EMNIST's largest set (550 MB), far above MNIST's 47 MB.
     * Beyond it a header is taken as corrupt rather than trusted with an allocation.
     */
    public static final long MAX_DATA_BYTES = 1L << 30;

    /** Deflate's best possible ratio is about 1032:1, so a gzip file cannot decompress to more than this. */
    static final long MAX_DEFLATE_RATIO = 1032;

    /**
     * For gzip, the data array first gets this many bytes per compressed byte, then doubles as data arrives: MNIST's
     * and Fashion-MNIST's files compress 2–5 times, so they are read into one array without copying.
     */
    static final long TYPICAL_GZIP_RATIO = 16;

    /** Smallest first allocation for gzip data, so that small files are not read in many steps. */
    static final long MIN_GZIP_ALLOCATION = 1 << 16;

    private static final int UNSIGNED_BYTE = 0x08;

    // Read in slices: one huge read would make the JDK allocate a temporary direct buffer as large as the file.
    private static final int CHUNK = 1 << 18;

    private IdxReader() {
    }

    /**
     * Reads an IDX file whose magic number must be {@code expectedMagic} ({@link #IMAGES_MAGIC} or
     * {@link #LABELS_MAGIC}), or any unsigned-byte IDX file when {@code expectedMagic} is 0.
     *
     * @param file          the IDX file, raw or gzipped
     * @param expectedMagic the magic number the file must have, or 0 to accept any unsigned-byte IDX file
     * @return the file's dimensions and data
     * @throws DatasetFormatException   if the file is truncated, has another magic, declares dimensions that
     *                                  disagree with its length or more than {@link #MAX_DATA_BYTES} of data, or
     *                                  is corrupt gzip
     * @throws DatasetTooLargeException if the data does not fit in the memory this Java may use
     * @throws IOException              if the file cannot be read
     */
    public static IdxArray read(Path file, int expectedMagic) throws IOException {
        return read(file, expectedMagic, null);
    }

    /**
     * As {@link #read(Path, int)}, also checking that the SHA-256 of the decompressed content is
     * {@code expectedSha256} (lower-case hex) when it is not {@code null}. The digest is computed in the same
     * pass as the read, so verification costs no extra I/O.
     */
    static IdxArray read(Path file, int expectedMagic, String expectedSha256) throws IOException {
        long fileSize = Files.size(file);
        MessageDigest digest = expectedSha256 == null ? null : Sha256.newDigest();
        try (BufferedInputStream buffered = new BufferedInputStream(Files.newInputStream(file), Compression.BUFFER_SIZE);
             InputStream in = Compression.isGzip(buffered) ? Compression.gunzip(buffered) : buffered) {
            boolean gzip = in != buffered;
            Cursor cursor = new Cursor(file, gzip, digest);
            cursor.in = in;
            IdxArray array = readIdx(cursor, fileSize, expectedMagic);
            if (digest != null) {
                String actual = Sha256.hex(digest);
                if (!actual.equals(expectedSha256)) {
                    throw new DatasetFormatException(file, null, "SHA-256 of the " + (gzip ? "decompressed " : "")
                            + "content is " + actual + ", expected " + expectedSha256);
                }
            }
            return array;
        }
    }

    private static IdxArray readIdx(Cursor cursor, long fileSize, int expectedMagic) throws IOException {
        Path file = cursor.file;
        byte[] magicBytes = new byte[4];
        cursor.readHeader(magicBytes, "the 4-byte magic number");
        int magic = bigEndian(magicBytes, 0);
        if (expectedMagic != 0 && magic != expectedMagic) {
            throw new DatasetFormatException(file, cursor.at(0), "expected magic " + expectedMagic + ", found " + magic);
        }
        if (magicBytes[0] != 0 || magicBytes[1] != 0 || magicBytes[2] != UNSIGNED_BYTE || magicBytes[3] == 0) {
            throw new DatasetFormatException(file, cursor.at(0), String.format(
                    "magic %d (0x%08x) is not that of an IDX file of unsigned bytes (0x000008nn, nn = number of dimensions >= 1)",
                    magic, magic));
        }
        int rank = magicBytes[3] & 0xFF;
        byte[] dimensionBytes = new byte[4 * rank];
        cursor.readHeader(dimensionBytes, "the " + rank + " dimension(s) the magic number announces");
        int[] dimensions = new int[rank];
        long dataBytes = 1;
        for (int i = 0; i < rank; i++) {
            dimensions[i] = bigEndian(dimensionBytes, 4 * i);
            if (dimensions[i] < 0) {
                throw new DatasetFormatException(file, cursor.at(4 + 4L * i),
                        "dimension " + i + " is " + Integer.toUnsignedString(dimensions[i]) + ", more than 2^31 - 1");
            }
            // Both factors stay below 2^31 while dataBytes <= MAX_DATA_BYTES, so the product cannot overflow.
            dataBytes *= dimensions[i];
            if (dataBytes > MAX_DATA_BYTES) {
                throw new DatasetFormatException(file, cursor.at(4 + 4L * i), "header declares " + product(dimensions, i)
                        + " bytes of data, more than the " + MAX_DATA_BYTES + "-byte limit of this reader");
            }
        }
        long headerBytes = 4 + 4L * rank;
        long end = headerBytes + dataBytes;
        if (!cursor.gzip && fileSize < end) {
            throw new DatasetFormatException(file, "byte " + fileSize, "file ends here, but its header declares "
                    + product(dimensions, rank - 1) + " bytes of data after the " + headerBytes
                    + "-byte header, which would end at byte " + end + ": the file is truncated");
        }
        if (!cursor.gzip && fileSize > end) {
            throw new DatasetFormatException(file, "byte " + end, (fileSize - end)
                    + " unexpected bytes after the data the header declares (" + product(dimensions, rank - 1)
                    + " bytes): the dimensions disagree with the file length");
        }
        if (cursor.gzip && end > fileSize * MAX_DEFLATE_RATIO) {
            throw new DatasetFormatException(file, cursor.at(4), "header declares " + product(dimensions, rank - 1)
                    + " bytes of data, but a gzip file of " + fileSize + " bytes cannot decompress to more than "
                    + fileSize * MAX_DEFLATE_RATIO);
        }
        // A raw file's length was just checked, so its data array is exactly as large as the file. A gzip file's
        // real content length is unknown until read: start from what typical data compresses to and grow as the
        // bytes actually arrive, so a lying header costs memory only in proportion to the file.
        int initial = (int) (cursor.gzip ? Math.min(dataBytes, Math.max(MIN_GZIP_ALLOCATION, fileSize * TYPICAL_GZIP_RATIO))
                : dataBytes);
        // Growing by doubling holds the last array and its copy at once: up to 1.5 times the data.
        String what = "its " + dataBytes + " bytes of data (" + product(dimensions, rank - 1) + ")";
        long needed = cursor.gzip ? dataBytes + dataBytes / 2 : dataBytes;
        byte[] data = cursor.readData(DatasetTooLargeException.allocate(initial, file, what, needed),
                (int) dataBytes, end, dimensions, what, needed);
        cursor.expectEnd(end, dimensions);
        return new IdxArray(file, cursor.gzip, magic, dimensions, data);
    }

    /** "60000 × 28 × 28 = 47040000" for the first {@code last + 1} dimensions. */
    private static String product(int[] dimensions, int last) {
        StringBuilder text = new StringBuilder();
        long product = 1;
        for (int i = 0; i <= last; i++) {
            text.append(i == 0 ? "" : " × ").append(dimensions[i]);
            product *= dimensions[i];
        }
        return last == 0 ? text.toString() : text + " = " + product;
    }

    private static int bigEndian(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) << 24 | (bytes[offset + 1] & 0xFF) << 16
                | (bytes[offset + 2] & 0xFF) << 8 | (bytes[offset + 3] & 0xFF);
    }

    /** Reads the (decompressed) content while tracking the position, so every error can say where it happened. */
    private static final class Cursor {
        final Path file;
        final boolean gzip;
        final MessageDigest digest;
        InputStream in;
        long position;

        Cursor(Path file, boolean gzip, MessageDigest digest) {
            this.file = file;
            this.gzip = gzip;
            this.digest = digest;
        }

        /** A location in the file; for gzip, offsets are in the decompressed data, which is what the header means. */
        String at(long offset) {
            return (gzip ? "decompressed byte " : "byte ") + offset;
        }

        void readHeader(byte[] into, String what) throws IOException {
            int n = read(into, 0, into.length);
            if (n < into.length) {
                throw new DatasetFormatException(file, at(position), "file ends inside the header, which needs "
                        + what + " (bytes " + (position - n) + ".." + (position - n + into.length - 1) + ")");
            }
        }

        /** Reads {@code length} bytes of data into {@code into}, grown (by doubling) when it is too small. */
        byte[] readData(byte[] into, int length, long end, int[] dimensions, String what, long needed)
                throws IOException {
            for (int off = 0; off < length; ) {
                if (off == into.length) {
                    into = DatasetTooLargeException.grow(into, (int) Math.min(length, 2L * into.length), file, what,
                            needed);
                }
                int n = read(into, off, Math.min(CHUNK, into.length - off));
                if (n <= 0) {
                    throw new DatasetFormatException(file, at(position), (gzip ? "decompressed data ends" : "file ends")
                            + " here, but its header declares " + product(dimensions, dimensions.length - 1)
                            + " bytes of data, which would end at byte " + end + ": the file is truncated");
                }
                off += n;
            }
            return into;
        }

        void expectEnd(long end, int[] dimensions) throws IOException {
            byte[] probe = new byte[1];
            // For gzip this read also checks the last member's CRC and length and that nothing follows it.
            if (read(probe, 0, 1) > 0) {
                throw new DatasetFormatException(file, at(end), "unexpected data after the "
                        + product(dimensions, dimensions.length - 1)
                        + " bytes the header declares: the dimensions disagree with the file length");
            }
        }

        /** Reads until {@code length} bytes or the end; returns the count read. */
        private int read(byte[] into, int offset, int length) throws IOException {
            int total = 0;
            try {
                while (total < length) {
                    int n = in.read(into, offset + total, length - total);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                }
            } catch (ZipException | EOFException e) {
                // GzipInput reports a cut-off stream as EOFException and damaged data as ZipException.
                throw new DatasetFormatException(file, at(position + total),
                        "corrupt or truncated gzip data: " + e.getMessage(), e);
            } finally {
                if (digest != null && total > 0) {
                    digest.update(into, offset, total);
                }
                position += total;
            }
            return total;
        }
    }
}
