package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import nn.io.NetworkJson;
import nn.network.Network;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code predict} refuses to read, and how: sizes from the header, the file's size, other formats. */
class ImageFileTest {

    @TempDir
    static Path temp;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @BeforeAll
    static void warmUp() throws IOException {
        // ImageIO registers its plugins on first use: allocation measured later is the reading's alone.
        ImageFile.read(Files.write(temp.resolve("warm-up.png"), Png.greyFile(2, 2, new byte[4])));
    }

    @Test
    void aPngDeclaring100000By100000PixelsIsRefusedFromItsHeaderQuicklyWithLittleMemory() throws IOException {
        // A 57-byte file; decoded, it would be 10^10 pixels (40 GB as ARGB).
        byte[] huge = Png.file(Png.ihdr(100_000, 100_000, 8, 6, 0), Png.chunk("IDAT", Png.deflate(new byte[64])),
                Png.chunk("IEND", new byte[0]));
        Path file = Files.write(temp.resolve("huge.png"), huge);
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFile.read(file));
        double millis = (System.nanoTime() - start) / 1e6;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertEquals(file + ": the PNG header declares 100000 × 100000 pixels; predict reads pictures of 1 × 1 to"
                + " 8192 × 8192", e.getMessage());
        assertTrue(millis < 1000, "refused in " + millis + " ms");
        assertTrue(allocated < 1 << 20, "refusing allocated " + allocated + " bytes");
        System.out.printf("ImageFileTest: a PNG declaring 100000 × 100000 pixels refused in %.1f ms, %d KiB"
                + " allocated%n", millis, allocated >> 10);
    }

    @Test
    void theLimitHoldsOnEitherSideAndForTheLargestInt() throws IOException {
        for (int[] size : new int[][] {{8193, 1}, {1, 8193}, {Integer.MAX_VALUE, Integer.MAX_VALUE}}) {
            Path file = Files.write(temp.resolve("wide.png"), Png.file(Png.ihdr(size[0], size[1], 1, 0, 0),
                    Png.chunk("IDAT", Png.deflate(new byte[8])), Png.chunk("IEND", new byte[0])));
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFile.read(file));
            assertTrue(e.getMessage().contains("declares " + size[0] + " × " + size[1] + " pixels"), e.getMessage());
        }
    }

    @Test
    void aPictureAtTheWidthLimitIsDecodedSubsampledAndPrepared() throws IOException {
        // 8192 × 2048 grey, black with a white square in the middle: 16 Mi pixels, decoded as 4096 × 1024.
        int width = ImageFile.MAX_SIDE;
        int height = 2048;
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, new Deflater(1), 1 << 16)) {
            byte[] blank = new byte[width + 1];
            byte[] ink = new byte[width + 1];
            java.util.Arrays.fill(ink, 1 + width / 2 - height / 4, 1 + width / 2 + height / 4, (byte) 255);
            for (int y = 0; y < height; y++) {
                out.write(y >= height / 4 && y < 3 * height / 4 ? ink : blank);
            }
        }
        Path file = Files.write(temp.resolve("largest.png"), Png.file(Png.ihdr(width, height, 8, 0, 0),
                Png.chunk("IDAT", compressed.toByteArray()), Png.chunk("IEND", new byte[0])));
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        BufferedImage image = ImageFile.read(file);
        double millis = (System.nanoTime() - start) / 1e6;
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        System.out.printf("ImageFileTest: an 8192 × 2048 PNG (%d KiB) decoded as 4096 × 1024 in %.0f ms, %d MiB"
                + " allocated%n", Files.size(file) >> 10, millis, allocated >> 20);
        assertEquals(4096, image.getWidth());
        assertEquals(1024, image.getHeight());
        assertTrue(allocated < 32L << 20, "decoding allocated " + (allocated >> 20) + " MiB");
        double[] input = DigitImage.prepare(image, 28);
        assertEquals(1.0, input[14 * 28 + 14], 1e-9, "the square is ink, centred");
        assertEquals(0.0, input[0], "the background is 0");
    }

    @Test
    void subsamplingKeepsAtMostTheDecodedPixelsAndNoFewerThanNeeded() {
        assertEquals(1, ImageFile.subsampling(2048, 2048));
        assertEquals(2, ImageFile.subsampling(2049, 2048));
        assertEquals(4, ImageFile.subsampling(8192, 8192));
        assertEquals(2, ImageFile.subsampling(8192, 2048));
        assertEquals(1, ImageFile.subsampling(8192, 1));
        for (int w = 1; w <= 8192; w += 127) {
            for (int h = 1; h <= 8192; h += 131) {
                int k = ImageFile.subsampling(w, h);
                long kept = (long) ((w + k - 1) / k) * ((h + k - 1) / k);
                assertTrue(kept <= ImageFile.MAX_DECODED_PIXELS, w + " × " + h + " with step " + k);
                if (k > 1) {
                    int j = k - 1;
                    assertTrue((long) ((w + j - 1) / j) * ((h + j - 1) / j) > ImageFile.MAX_DECODED_PIXELS,
                            w + " × " + h + ": step " + j + " would do");
                }
            }
        }
    }

    @Test
    void aFileLargerThan64MiBIsRefusedBeforeItIsRead() throws IOException {
        Path file = temp.resolve("big.png");
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.write(Png.SIGNATURE);
            sparse.setLength(ImageFile.MAX_FILE_BYTES + 1);
        }
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFile.read(file));
        assertEquals(file + ": the file is 67108865 bytes; predict reads pictures of at most 67108864 bytes (64 MiB)",
                e.getMessage());
    }

    @Test
    void pngJpegGifAndBmpAreReadButTiffAndWbmpAreNot() throws IOException {
        BufferedImage drawing = SyntheticDigits.draw(3, 40, 30, false, new SplittableRandom(1));
        for (String format : new String[] {"png", "jpeg", "gif", "bmp"}) {
            Path file = Files.write(temp.resolve("shape." + format), Png.encode(drawing, format));
            BufferedImage image = ImageFile.read(file);
            assertEquals(40, image.getWidth(), format);
            assertEquals(30, image.getHeight(), format);
        }
        BufferedImage binary = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_BINARY);
        for (String format : new String[] {"tiff", "wbmp"}) {
            Path file = Files.write(temp.resolve("shape." + format), Png.encode(binary, format));
            ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFile.read(file));
            assertEquals(file + ": not a picture predict reads (PNG, JPEG, GIF or BMP)", e.getMessage());
        }
    }

    @Test
    void aDecoderRuntimeExceptionBecomesAnImageFormatException() throws IOException {
        // Found by ImageFileFuzzTest: a BMP whose pixel data offset (bytes 10-13) is negative makes Java's BMP
        // decoder throw NegativeArraySizeException.
        byte[] bmp = Png.encode(SyntheticDigits.draw(2, 22, 18, false, new SplittableRandom(1)), "bmp");
        bmp[13] |= (byte) 0x80;
        Path file = Files.write(temp.resolve("offset.bmp"), bmp);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": a damaged BMP file (the decoder failed with"
                + " NegativeArraySizeException: "), e.getMessage());
    }

    @Test
    void truncatedAndMissingFilesAreNamed() throws IOException {
        BufferedImage drawing = new BufferedImage(20, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = drawing.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(3, 3, 10, 10);
        g.dispose();
        byte[] png = Png.encode(drawing, false);
        // Cut inside the pixel data. (Cut only in IEND and the IDAT's CRC, a PNG still decodes: Java's decoder
        // checks neither CRCs nor the end chunk, and every pixel is there.)
        int idat = Png.chunks(png).stream().filter(c -> c.type().equals("IDAT")).findFirst().orElseThrow()
                .dataStart();
        Path file = Files.write(temp.resolve("cut.png"), java.util.Arrays.copyOf(png, idat + 4));
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> ImageFile.read(file));
        assertTrue(e.getMessage().startsWith(file + ": a damaged or truncated PNG file ("), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> ImageFile.read(temp.resolve("absent.png")));
    }

    @Test
    void predictPrintsOneLineAndExitsWith1ForAHugePicture() throws IOException {
        Path model = temp.resolve("model.json");
        NetworkJson.save(Network.builder(784, 10, 10).seed(1).build(), model);
        Path file = Files.write(temp.resolve("bomb.png"), Png.file(Png.ihdr(100_000, 100_000, 8, 6, 0),
                Png.chunk("IDAT", Png.deflate(new byte[64])), Png.chunk("IEND", new byte[0])));
        Cli cli = Cli.run("predict", "--model", model.toString(), file.toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertEquals("nn predict: " + file + ": the PNG header declares 100000 × 100000 pixels; predict reads"
                + " pictures of 1 × 1 to 8192 × 8192", cli.err.lines().reduce((a, b) -> b).orElseThrow());
    }
}
