package nn.examples;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG files byte by byte, for tests that craft or damage them: the 8-byte signature, then chunks of a big-endian
 * length, a 4-letter type, the data and a CRC-32 of type and data. A chunk whose CRC is recomputed after a change
 * gets past a decoder's first check, so damage reaches the header and pixel decoding.
 */
final class Png {

    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Where a chunk sits in a file: its first byte (the length field) and its data's length. */
    record Chunk(int start, int length, String type) {
        int dataStart() {
            return start + 8;
        }

        int end() {
            return start + 12 + length;
        }
    }

    private Png() {
    }

    /** One chunk with its length and CRC. */
    static byte[] chunk(String type, byte[] data) {
        byte[] bytes = new byte[12 + data.length];
        putInt(bytes, 0, data.length);
        System.arraycopy(type.getBytes(StandardCharsets.US_ASCII), 0, bytes, 4, 4);
        System.arraycopy(data, 0, bytes, 8, data.length);
        fixCrc(bytes, new Chunk(0, data.length, type));
        return bytes;
    }

    /** The IHDR chunk: width, height, bit depth, colour type, compression 0, filter 0, interlace. */
    static byte[] ihdr(int width, int height, int bitDepth, int colourType, int interlace) {
        byte[] data = new byte[13];
        putInt(data, 0, width);
        putInt(data, 4, height);
        data[8] = (byte) bitDepth;
        data[9] = (byte) colourType;
        data[12] = (byte) interlace;
        return chunk("IHDR", data);
    }

    /** The signature followed by the chunks. */
    static byte[] file(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /**
     * A grey 8-bit picture with every row filtered "none", as IDAT data: each row is a filter byte 0 then the
     * pixels.
     */
    static byte[] greyFile(int width, int height, byte[] pixels) {
        byte[] raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * width, raw, y * (width + 1) + 1, width);
        }
        return file(ihdr(width, height, 8, 0, 0), chunk("IDAT", deflate(raw)), chunk("IEND", new byte[0]));
    }

    /** {@code image} as ImageIO's PNG writer writes it, Adam7-interlaced when asked. */
    static byte[] encode(BufferedImage image, boolean interlaced) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(interlaced ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** {@code image} in another format ImageIO writes: "gif", "bmp" or "jpeg". */
    static byte[] encode(BufferedImage image, String format) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, bytes)) {
                throw new IllegalArgumentException("no " + format + " writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The chunks of a well-formed file, in order; stops at the first chunk that does not fit. */
    static List<Chunk> chunks(byte[] png) {
        List<Chunk> chunks = new ArrayList<>();
        int at = SIGNATURE.length;
        while (at + 12 <= png.length) {
            int length = getInt(png, at);
            if (length < 0 || at + 12L + length > png.length) {
                break;
            }
            chunks.add(new Chunk(at, length, new String(png, at + 4, 4, StandardCharsets.ISO_8859_1)));
            at += 12 + length;
        }
        return chunks;
    }

    /** {@code png} with one chunk inserted after the chunk at index {@code after}. */
    static byte[] insertAfter(byte[] png, int after, byte[] chunk) {
        int at = chunks(png).get(after).end();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, at);
        out.writeBytes(chunk);
        out.write(png, at, png.length - at);
        return out.toByteArray();
    }

    /** {@code png} with a chunk's data replaced (its length and CRC rewritten). */
    static byte[] replaceData(byte[] png, Chunk chunk, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, chunk.start());
        out.writeBytes(chunk(chunk.type(), data));
        out.write(png, chunk.end(), png.length - chunk.end());
        return out.toByteArray();
    }

    /** Recomputes the CRC of a chunk after its type or data changed. */
    static void fixCrc(byte[] png, Chunk chunk) {
        CRC32 crc = new CRC32();
        crc.update(png, chunk.start() + 4, 4 + chunk.length());
        putInt(png, chunk.dataStart() + chunk.length(), (int) crc.getValue());
    }

    /** The concatenated data of every IDAT chunk: the zlib stream of the filtered rows. */
    static byte[] idatData(byte[] png) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Chunk c : chunks(png)) {
            if (c.type().equals("IDAT")) {
                out.write(png, c.dataStart(), c.length());
            }
        }
        return out.toByteArray();
    }

    /** zlib-compresses {@code raw}. */
    static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater(9);
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** Decompresses a zlib stream of a test's own making (at most {@code limit} bytes). */
    static byte[] inflate(byte[] compressed, int limit) {
        Inflater inflater = new Inflater();
        inflater.setInput(compressed);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished() && out.size() < limit) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IllegalArgumentException(e);
        } finally {
            inflater.end();
        }
        return Arrays.copyOf(out.toByteArray(), Math.min(out.size(), limit));
    }

    static int getInt(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16 | (bytes[at + 2] & 0xFF) << 8
                | (bytes[at + 3] & 0xFF);
    }

    static void putInt(byte[] bytes, int at, int value) {
        for (int i = 0; i < 4 && at + i < bytes.length; i++) {
            bytes[at + i] = (byte) (value >>> (24 - 8 * i));
        }
    }
}
