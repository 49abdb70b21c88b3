package nn.mnist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Decompresses gzip data (RFC 1952), member after member, with behaviour that does not depend on how the input
 * happens to be buffered. Used instead of {@link java.util.zip.GZIPInputStream}, which calls itself once per
 * member: a 200 KB file of 10,000 empty members overflows its stack (a {@link StackOverflowError}, not an
 * exception), and whether it reads a member after the first depends on {@code available()}.
 *
 * <p>Damaged data fails with a {@link ZipException}, data that ends too soon with an {@link EOFException}, both
 * giving the compressed byte offset. Every member's CRC-32 and length are checked. Anything after the last member
 * that is not another member is an error, not silently ignored.
 */
final class GzipInput extends InputStream {

    private static final int FTEXT_FHCRC = 0x02;
    private static final int FEXTRA = 0x04;
    private static final int FNAME = 0x08;
    private static final int FCOMMENT = 0x10;
    private static final int RESERVED_FLAGS = 0xE0;
    private static final int DEFLATE = 8;

    private final InputStream in;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final byte[] buffer;
    private int next;
    private int length;
    /** Compressed bytes taken from {@code in} before {@link #buffer}'s content, for error messages. */
    private long consumedBefore;
    private boolean inMember;
    private boolean ended;
    private long members;
    private long memberLength;

    /**
     * @param in         the compressed bytes; must start with a gzip header (checked on the first read)
     * @param bufferSize how many compressed bytes to read at once
     */
    GzipInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!ended) {
            if (!inMember) {
                if (!startMember()) {
                    ended = true;
                    break;
                }
                continue;
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw new ZipException("invalid deflate data in gzip member " + (members + 1) + " (compressed byte "
                        + compressedPosition() + "): " + e.getMessage());
            }
            if (n > 0) {
                crc.update(b, off, n);
                memberLength += n;
                return n;
            }
            if (inflater.finished()) {
                // What the inflater did not use belongs to the trailer and whatever follows it.
                next = length - inflater.getRemaining();
                inMember = false;
                endMember();
            } else if (inflater.needsDictionary()) {
                throw new ZipException("gzip member " + (members + 1) + " needs a preset dictionary, which gzip never uses");
            } else if (inflater.needsInput()) {
                if (next == length && !fill()) {
                    throw new EOFException("gzip data ends inside member " + (members + 1) + " at compressed byte "
                            + compressedPosition() + ": the file is truncated");
                }
                inflater.setInput(buffer, next, length - next);
                next = length;
            }
        }
        return -1;
    }

    /** Number of members read to their end so far. */
    long members() {
        return members;
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        in.close();
    }

    /**
     * Reads a member header, or finds the end of the input.
     *
     * @return false at the end of the input after at least one member
     */
    private boolean startMember() throws IOException {
        long headerAt = compressedPosition();
        int id1 = nextByte();
        if (id1 < 0) {
            if (members == 0) {
                throw new EOFException("empty gzip data: no header");
            }
            return false;
        }
        int id2 = nextByte();
        if (id1 == 0x1f && id2 < 0) {
            throw new EOFException("gzip data ends inside the header of member " + (members + 1)
                    + " at compressed byte " + headerAt + ": the file is truncated");
        }
        if (id1 != 0x1f || id2 != 0x8b) {
            throw new ZipException(members == 0 ? "not in gzip format" : "compressed byte " + headerAt
                    + ": data that is not gzip follows the end of gzip member " + members);
        }
        crc.reset();
        crc.update(id1);
        crc.update(id2);
        int method = headerByte(headerAt);
        if (method != DEFLATE) {
            throw new ZipException("gzip member " + (members + 1) + " at compressed byte " + headerAt
                    + " uses compression method " + method + ", not deflate (8)");
        }
        int flags = headerByte(headerAt);
        if ((flags & RESERVED_FLAGS) != 0) {
            throw new ZipException("gzip member " + (members + 1) + " at compressed byte " + headerAt
                    + " sets reserved flags 0x" + Integer.toHexString(flags & RESERVED_FLAGS));
        }
        for (int i = 0; i < 6; i++) { // MTIME, XFL, OS
            headerByte(headerAt);
        }
        if ((flags & FEXTRA) != 0) {
            int extra = headerByte(headerAt) | headerByte(headerAt) << 8;
            for (int i = 0; i < extra; i++) {
                headerByte(headerAt);
            }
        }
        if ((flags & FNAME) != 0) {
            while (headerByte(headerAt) != 0) {
                // skip the zero-terminated original file name
            }
        }
        if ((flags & FCOMMENT) != 0) {
            while (headerByte(headerAt) != 0) {
                // skip the zero-terminated comment
            }
        }
        if ((flags & FTEXT_FHCRC) != 0) {
            int expected = (int) crc.getValue() & 0xFFFF;
            int actual = nextByteOrFail(headerAt) | nextByteOrFail(headerAt) << 8;
            if (actual != expected) {
                throw new ZipException("gzip member " + (members + 1) + " at compressed byte " + headerAt
                        + " has a corrupt header (header CRC mismatch)");
            }
        }
        crc.reset();
        inflater.reset();
        memberLength = 0;
        inMember = true;
        return true;
    }

    private void endMember() throws IOException {
        long trailerAt = compressedPosition();
        long expectedCrc = uint32(trailerAt);
        long expectedLength = uint32(trailerAt);
        if (expectedCrc != crc.getValue()) {
            throw new ZipException("gzip member " + (members + 1) + " is corrupt: CRC-32 of its content is "
                    + crc.getValue() + ", its trailer at compressed byte " + trailerAt + " says " + expectedCrc);
        }
        if (expectedLength != (memberLength & 0xFFFF_FFFFL)) {
            throw new ZipException("gzip member " + (members + 1) + " is corrupt: it decompresses to "
                    + memberLength + " bytes, its trailer at compressed byte " + trailerAt + " says " + expectedLength
                    + " (mod 2^32)");
        }
        members++;
    }

    private long uint32(long at) throws IOException {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            int b = nextByte();
            if (b < 0) {
                throw new EOFException("gzip data ends inside the trailer of member " + (members + 1)
                        + " at compressed byte " + at + ": the file is truncated");
            }
            value |= (long) b << (8 * i);
        }
        return value;
    }

    /** A header byte, also added to the header CRC. */
    private int headerByte(long headerAt) throws IOException {
        int b = nextByteOrFail(headerAt);
        crc.update(b);
        return b;
    }

    private int nextByteOrFail(long headerAt) throws IOException {
        int b = nextByte();
        if (b < 0) {
            throw new EOFException("gzip data ends inside the header of member " + (members + 1)
                    + " at compressed byte " + headerAt + ": the file is truncated");
        }
        return b;
    }

    private int nextByte() throws IOException {
        if (next == length && !fill()) {
            return -1;
        }
        return buffer[next++] & 0xFF;
    }

    /** Refills the buffer once everything in it was used; false at the end of the input. */
    private boolean fill() throws IOException {
        consumedBefore += length;
        next = 0;
        length = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            return false;
        }
        length = n;
        return true;
    }

    /** Offset in the compressed input of the next byte to be used, by the header parser or by the inflater. */
    private long compressedPosition() {
        return consumedBefore + next - (inMember ? inflater.getRemaining() : 0);
    }
}
