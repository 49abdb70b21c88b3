package nn.mnist;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipException;

/**
 * Reads MNIST as Kaggle's "Digit Recognizer" competition ships it: a CSV file with a header, then one image per
 * line, {@code label,pixel0,…,pixel783} for train.csv, or {@code pixel0,…,pixel783} without labels for test.csv.
 * Pixels are integers 0–255, labels 0–9. A gzipped CSV is recognised from its first bytes and read the same way.
 *
 * <p>Images of n × n pixels (784 = 28 × 28) keep their square shape; any other pixel count is read as a single row.
 * The result of an unlabelled file reports {@link ImageDataset#NO_LABEL} and gives all-zero targets (see
 * {@link ImageDataset}). A malformed file fails with a {@link DatasetFormatException} naming the line and column.
 */
public final class KaggleCsvReader {

    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int INITIAL_GZIP_PIXELS = 1 << 18;
    private static final int MAX_SHOWN_CELL = 20;

    private final Path file;
    private final InputStream in;
    private final byte[] buffer = new byte[Compression.BUFFER_SIZE];
    private int length;
    private int next;
    private long line = 1;

    private KaggleCsvReader(Path file, InputStream in) {
        this.file = file;
        this.in = in;
    }

    /**
     * Reads a Kaggle-style CSV file; whether it is labelled is decided by its header ({@code label} first).
     *
     * @param file the CSV file, plain or gzipped, e.g. Kaggle's {@code train.csv} or {@code test.csv}
     * @return the images, 28 × 28 when there are 784 pixel columns, labelled when the header starts with
     *         {@code label}
     * @throws DatasetFormatException   if the header is not {@code [label,]pixel0,…}, a row has the wrong number of
     *                                  cells, or a cell is not an integer in range
     * @throws DatasetTooLargeException if the images do not fit in the memory this Java may use
     * @throws IOException              if the file cannot be read
     */
    public static ImageDataset read(Path file) throws IOException {
        try (BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), Compression.BUFFER_SIZE);
             InputStream in = Compression.isGzip(raw) ? Compression.gunzip(raw) : raw) {
            boolean gzip = in != raw;
            // A plain file's size bounds its rows (each cell takes at least two bytes); a gzipped one's does not.
            return new KaggleCsvReader(file, in).readAll(gzip ? -1 : Files.size(file));
        }
    }

    private ImageDataset readAll(long fileSize) throws IOException {
        String[] header = readHeader();
        boolean labelled = header[0].equals("label");
        int pixels = header.length - (labelled ? 1 : 0);
        int side = (int) Math.round(Math.sqrt(pixels));
        int rows = side * side == pixels ? side : 1;
        int columns = pixels / rows;
        // Never more pixels than the limit, and never more rows than the file can hold: a plain file's length
        // bounds them; a gzipped file starts at 256 KiB of pixels and grows as rows actually arrive, so a header
        // of 150,000 columns costs no more than the rows that follow it.
        int maxRows = (int) Math.min(Integer.MAX_VALUE, IdxReader.MAX_DATA_BYTES / pixels);
        int capacity = (int) Math.min(maxRows, fileSize < 0 ? Math.max(1, INITIAL_GZIP_PIXELS / pixels)
                : fileSize / (2L * header.length) + 1);
        byte[] images = DatasetTooLargeException.allocate(capacity * pixels, file, capacity + " images of " + pixels
                + " pixels", (long) capacity * (pixels + 1));
        byte[] labels = labelled ? DatasetTooLargeException.allocate(capacity, file, capacity + " labels", capacity)
                : null;
        int count = 0;
        while (skipBlankLines()) {
            if (count == capacity) {
                capacity = (int) Math.min(maxRows, capacity + (capacity >> 1) + 1L);
                if (count == capacity) {
                    throw error(null, "more than " + maxRows + " images of " + pixels + " pixels, more than the "
                            + IdxReader.MAX_DATA_BYTES + "-byte limit of this reader");
                }
                // The old and the new array are held at once while copying.
                String what = "more than " + count + " images of " + pixels + " pixels";
                long needed = (long) (count + capacity) * (pixels + 1);
                images = DatasetTooLargeException.grow(images, capacity * pixels, file, what, needed);
                labels = labelled ? DatasetTooLargeException.grow(labels, capacity, file, what, needed) : null;
            }
            int column = 1;
            if (labelled) {
                labels[count] = (byte) readCell(column++, header, 9);
            }
            int base = count * pixels;
            for (int p = 0; p < pixels; p++) {
                images[base + p] = (byte) readCell(column++, header, 255);
            }
            count++;
            line++;
        }
        return new ImageDataset(images, labels, count, rows, columns, Mnist.CLASSES);
    }

    private String[] readHeader() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int c; (c = read()) != '\n' && c >= 0; ) {
            if (text.length() >= MAX_HEADER_BYTES) {
                throw error(null, "header line is longer than " + MAX_HEADER_BYTES + " bytes");
            }
            text.append((char) c);
        }
        String headerLine = text.toString().strip();
        if (headerLine.isEmpty()) {
            throw error(null, "no header: expected \"label,pixel0,pixel1,…\" or \"pixel0,pixel1,…\"");
        }
        String[] names = headerLine.split(",", -1);
        for (int i = 0; i < names.length; i++) {
            names[i] = names[i].strip();
        }
        int first = names[0].equals("label") ? 1 : 0;
        if (names.length == first) {
            throw error(null, "header has no pixel columns");
        }
        for (int i = first; i < names.length; i++) {
            String expected = "pixel" + (i - first);
            if (!names[i].equals(expected)) {
                throw error(i + 1, "header cell is \"" + shorten(names[i]) + "\", expected \"" + expected + "\"");
            }
        }
        line++;
        return names;
    }

    /**
     * Skips empty lines (a trailing newline, a blank line at the end).
     *
     * @return whether a row follows
     */
    private boolean skipBlankLines() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0) {
                return false;
            }
            if (c == '\n') {
                read();
                line++;
            } else if (c == '\r' || c == ' ' || c == '\t') {
                read();
            } else {
                return true;
            }
        }
    }

    /** Reads one integer cell and the separator after it. */
    private int readCell(int column, String[] header, int max) throws IOException {
        skipSpaces();
        int value = 0;
        int digits = 0;
        int c;
        while ((c = peek()) >= '0' && c <= '9') {
            read();
            // Saturate: the exact size of an absurd value does not matter, only that it is out of range.
            value = Math.min(value * 10 + (c - '0'), 1_000_000);
            digits++;
        }
        skipSpaces();
        c = peek();
        boolean endOfCell = c == ',' || c == '\n' || c == '\r' || c < 0;
        if (digits == 0 || !endOfCell) {
            throw error(column, header, "expected an integer 0.." + max + ", found \"" + restOfCell(digits, value) + "\"");
        }
        if (value > max) {
            throw error(column, header, (max == 9 ? "label " : "pixel value ") + value + " is not in 0.." + max);
        }
        boolean last = column == header.length;
        if (c == ',') {
            if (last) {
                throw error(column + 1, "row has more than the " + header.length + " cells of the header");
            }
            read();
        } else if (!last) {
            throw error(column, "row ends after " + column + " cells, expected " + header.length);
        } else if (c == '\r') {
            read();
            if (peek() >= 0 && peek() != '\n') {
                throw error(column, "carriage return inside a row");
            }
        }
        if (last && peek() == '\n') {
            read();
        }
        return value;
    }

    private String restOfCell(int digits, int value) throws IOException {
        StringBuilder cell = new StringBuilder(digits > 0 ? Integer.toString(value) : "");
        for (int c; (c = peek()) >= 0 && c != ',' && c != '\n' && c != '\r' && cell.length() < MAX_SHOWN_CELL; ) {
            cell.append((char) read());
        }
        return cell.toString();
    }

    private void skipSpaces() throws IOException {
        int c;
        while ((c = peek()) == ' ' || c == '\t') {
            read();
        }
    }

    private int peek() throws IOException {
        if (next == length && !fill()) {
            return -1;
        }
        return buffer[next] & 0xFF;
    }

    private int read() throws IOException {
        if (next == length && !fill()) {
            return -1;
        }
        return buffer[next++] & 0xFF;
    }

    private boolean fill() throws IOException {
        try {
            length = in.read(buffer);
        } catch (ZipException | EOFException e) {
            throw error(null, "corrupt or truncated gzip data: " + e.getMessage());
        }
        next = 0;
        if (length <= 0) {
            length = 0;
            return false;
        }
        return true;
    }

    private DatasetFormatException error(int column, String[] header, String problem) {
        return error(column, problem + " (" + header[column - 1] + ")");
    }

    private DatasetFormatException error(Integer column, String problem) {
        return new DatasetFormatException(file, "line " + line + (column == null ? "" : ", column " + column), problem);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SHOWN_CELL ? text : text.substring(0, MAX_SHOWN_CELL) + "…";
    }
}
