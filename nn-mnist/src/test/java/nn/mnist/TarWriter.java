package nn.mnist;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds ustar archives entry by entry, including hostile ones, for tests. */
final class TarWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Adds a regular file. */
    TarWriter file(String name, byte[] content) {
        return entry(name, '0', "", content, content.length);
    }

    /** Adds an entry of any type, with a declared size that may differ from the content's (to lie). */
    TarWriter entry(String name, char type, String linkName, byte[] content, long declaredSize) {
        out.writeBytes(header(name, type, linkName, declaredSize));
        out.writeBytes(content);
        out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        return this;
    }

    /** The 512-byte ustar header of one entry, with its checksum. */
    static byte[] header(String name, char type, String linkName, long declaredSize) {
        byte[] header = new byte[512];
        put(header, 0, name);
        put(header, 100, "0000644");
        put(header, 108, "0001750");
        put(header, 116, "0001750");
        put(header, 124, String.format("%011o", declaredSize));
        put(header, 136, "00000000000");
        header[156] = (byte) type;
        put(header, 157, linkName);
        put(header, 257, "ustar");
        header[262] = 0;
        put(header, 263, "00");
        for (int i = 148; i < 156; i++) {
            header[i] = ' ';
        }
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xFF;
        }
        put(header, 148, String.format("%06o", sum));
        header[154] = 0;
        return header;
    }

    /** Recomputes the checksum of the header at {@code offset} of {@code archive}, after a test changed it. */
    static void fixChecksum(byte[] archive, int offset) {
        if (offset + 512 > archive.length) {
            return;
        }
        for (int i = 148; i < 156; i++) {
            archive[offset + i] = ' ';
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += archive[offset + i] & 0xFF;
        }
        byte[] field = String.format("%06o", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, archive, offset + 148, Math.min(field.length, 7));
        archive[offset + 154] = 0;
    }

    /** Adds a PAX extended header giving the next entry's path. */
    TarWriter paxPath(String path) {
        byte[] bytes = recordWithLength(" path=" + path + "\n").getBytes(StandardCharsets.UTF_8);
        return entry("PaxHeader/x", 'x', "", bytes, bytes.length);
    }

    /** Adds a PAX extended header of raw {@code key=value} records, hostile ones included. */
    TarWriter paxRecords(String... records) {
        StringBuilder text = new StringBuilder();
        for (String record : records) {
            text.append(recordWithLength(" " + record + "\n"));
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return entry("PaxHeader/x", 'x', "", bytes, bytes.length);
    }

    private static String recordWithLength(String body) {
        // The length prefix counts itself, so find the fixed point.
        int length = body.length() + 1;
        while (String.valueOf(length).length() + body.length() != length) {
            length = String.valueOf(length).length() + body.length();
        }
        return length + body;
    }

    /** Ends the archive with two zero blocks and returns it. */
    byte[] finish() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** The archive so far, without the end marker. */
    byte[] unfinished() {
        return out.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
