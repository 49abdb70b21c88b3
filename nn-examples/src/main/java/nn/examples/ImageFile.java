package nn.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads a picture for {@code predict} without trusting it. A picture is a file from anywhere, and a few bytes of
 * PNG can declare 100000 × 100000 pixels (40 GB decoded), so:
 * <ul>
 *   <li>the file may have at most {@value #MAX_FILE_BYTES} bytes;</li>
 *   <li>only PNG, JPEG, GIF and BMP are read (not the other formats Java knows, such as TIFF, whose decoders
 *       would widen what a hostile file can reach);</li>
 *   <li>the header is read first, and a picture declaring more than {@value #MAX_SIDE} pixels on a side is refused
 *       before anything is decoded;</li>
 *   <li>a picture of more than {@value #MAX_DECODED_PIXELS} pixels is decoded keeping every k-th pixel of every
 *       k-th row (the decoder's subsampling), so that decoding holds at most that many pixels in memory: a digit
 *       that fills a picture thousands of pixels wide is still hundreds wide after it;</li>
 *   <li>every failure of the decoder, including the runtime exceptions Java's decoders throw on some crafted files,
 *       becomes an {@link ImageFormatException} naming the file.</li>
 * </ul>
 */
final class ImageFile {

    /** The largest file read: 64 MiB, far more than a picture of a digit needs. */
    static final long MAX_FILE_BYTES = 64L << 20;

    /** The most pixels a picture may declare on either side. */
    static final int MAX_SIDE = 8192;

    /** The most pixels decoded: larger pictures are subsampled while decoding. 2048 × 2048. */
    static final long MAX_DECODED_PIXELS = 1L << 22;

    /** ImageIO's format names of the formats read. */
    private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");

    private ImageFile() {
    }

    /**
     * Reads the first image of {@code file}.
     *
     * @throws NoSuchFileException   if there is no such regular file
     * @throws ImageFormatException  naming the file, if it is too large, not a picture of a format read, declares
     *                               too many pixels, or is damaged
     */
    static BufferedImage read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such image file");
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new ImageFormatException(file + ": the file is " + size + " bytes; predict reads pictures of at"
                    + " most " + MAX_FILE_BYTES + " bytes (64 MiB)");
        }
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            return decode(in, file.toString());
        }
    }

    /**
     * Decodes the first image of {@code in}, with every check of {@link #read} but the file's size.
     *
     * @param name the file's name, for messages
     */
    static BufferedImage decode(ImageInputStream in, String name) throws ImageFormatException {
        Decoder decoder = decoderFor(in, name);
        ImageReader reader = decoder.reader();
        String format = decoder.format().toUpperCase(Locale.ROOT);
        try {
            reader.setInput(in, true, true); // metadata is not needed: its chunks are skipped, not parsed
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
                throw new ImageFormatException(name + ": the " + format + " header declares " + width + " × "
                        + height + " pixels; predict reads pictures of 1 × 1 to " + MAX_SIDE + " × " + MAX_SIDE);
            }
            ImageReadParam param = reader.getDefaultReadParam();
            int step = subsampling(width, height);
            if (step > 1) {
                param.setSourceSubsampling(step, step, 0, 0);
            }
            BufferedImage image = reader.read(0, param);
            if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
                throw new ImageFormatException(name + ": the " + format + " decoder returned no pixels");
            }
            return image;
        } catch (ImageFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ImageFormatException(name + ": a damaged or truncated " + format + " file (" + causes(e)
                    + ")", e);
        } catch (RuntimeException e) {
            // Java's decoders throw IndexOutOfBounds-, IllegalArgument- and similar exceptions on some crafted
            // files instead of IIOException; they say the file is bad, not that this program is.
            throw new ImageFormatException(name + ": a damaged " + format + " file (the decoder failed with "
                    + e.getClass().getSimpleName() + ": " + causes(e) + ")", e);
        } finally {
            reader.dispose();
        }
    }

    /** An ImageIO reader and the name of its format. */
    private record Decoder(ImageReader reader, String format) {
    }

    /** The first reader of a format read that recognises the stream's first bytes. */
    private static Decoder decoderFor(ImageInputStream in, String name) throws ImageFormatException {
        try {
            // Each format's reader looks at the first bytes only; the iterator asks them one by one.
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            while (readers.hasNext()) {
                ImageReader reader = readers.next();
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (FORMATS.contains(format)) {
                    return new Decoder(reader, format);
                }
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new ImageFormatException(name + ": cannot tell what kind of file this is (" + causes(e) + ")", e);
        }
        throw new ImageFormatException(name + ": not a picture predict reads (PNG, JPEG, GIF or BMP)");
    }

    /** The smallest k for which keeping every k-th pixel of every k-th row keeps at most the pixels decoded. */
    static int subsampling(int width, int height) {
        int step = Math.max(1, (int) Math.ceil(Math.sqrt((double) width * height / MAX_DECODED_PIXELS)));
        while ((long) ceilDiv(width, step) * ceilDiv(height, step) > MAX_DECODED_PIXELS) {
            step++;
        }
        return step;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** The messages of an exception and its causes, e.g. "Error reading PNG image data: EOFException". */
    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
            String message = t.getMessage();
            text.append(text.length() == 0 ? "" : ": ")
                    .append(message == null || message.isBlank() ? t.getClass().getSimpleName() : message.strip());
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }
}
