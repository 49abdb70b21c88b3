package nn.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Test data without real MNIST: ten classes of simple shapes (a ring, a bar, a cross, …) drawn with java.awt at
 * jittered sizes, positions and stroke widths, prepared into 28 × 28 images by {@link DigitImage} exactly as
 * {@code predict} prepares a user's picture, and written in MNIST's IDX layout (the format written here by hand:
 * big-endian magic 0x00000803 / 0x00000801, the dimensions, then one byte per pixel or label).
 */
final class SyntheticDigits {

    static final int SIDE = 28;

    private SyntheticDigits() {
    }

    /** Writes the four IDX files of a dataset with the given numbers of training and test images. */
    static Path writeIdx(Path directory, int trainingImages, int testImages, long seed) throws IOException {
        Files.createDirectories(directory);
        SplittableRandom random = new SplittableRandom(seed);
        writePair(directory.resolve("train-images-idx3-ubyte"), directory.resolve("train-labels-idx1-ubyte"),
                trainingImages, random);
        writePair(directory.resolve("t10k-images-idx3-ubyte"), directory.resolve("t10k-labels-idx1-ubyte"),
                testImages, random);
        return directory;
    }

    private static void writePair(Path imagesFile, Path labelsFile, int count, SplittableRandom random)
            throws IOException {
        byte[] pixels = new byte[count * SIDE * SIDE];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            double[] image = DigitImage.prepare(draw(label, 64, 64, false, random), SIDE);
            for (int p = 0; p < image.length; p++) {
                pixels[i * SIDE * SIDE + p] = (byte) Math.round(255 * image[p]);
            }
        }
        writeIdx(imagesFile, 0x00000803, new int[] {count, SIDE, SIDE}, pixels);
        writeIdx(labelsFile, 0x00000801, new int[] {count}, labels);
    }

    static void writeIdx(Path file, int magic, int[] dimensions, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(magic);
            for (int d : dimensions) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }

    /**
     * A picture of shape {@code label}: dark ink on white, or white ink on black when {@code lightInk}, jittered by
     * {@code random}.
     */
    static BufferedImage draw(int label, int width, int height, boolean lightInk, SplittableRandom random) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(lightInk ? Color.BLACK : Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(lightInk ? Color.WHITE : Color.BLACK);
            int s = Math.min(width, height);
            double size = s * (0.55 + 0.2 * random.nextDouble());
            double x = (width - size) / 2 + s * 0.1 * (random.nextDouble() - 0.5);
            double y = (height - size) / 2 + s * 0.1 * (random.nextDouble() - 0.5);
            g.setStroke(new BasicStroke((float) (s * (0.07 + 0.04 * random.nextDouble())), BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND));
            int x0 = (int) x;
            int y0 = (int) y;
            int d = (int) size;
            switch (label) {
                case 0 -> g.drawOval(x0, y0, d, d);                                   // ring
                case 1 -> g.drawLine(x0 + d / 2, y0, x0 + d / 2, y0 + d);             // vertical bar
                case 2 -> g.drawLine(x0, y0 + d / 2, x0 + d, y0 + d / 2);             // horizontal bar
                case 3 -> {                                                           // plus
                    g.drawLine(x0 + d / 2, y0, x0 + d / 2, y0 + d);
                    g.drawLine(x0, y0 + d / 2, x0 + d, y0 + d / 2);
                }
                case 4 -> {                                                           // X
                    g.drawLine(x0, y0, x0 + d, y0 + d);
                    g.drawLine(x0 + d, y0, x0, y0 + d);
                }
                case 5 -> g.fillRect(x0, y0, d, d);                                   // filled square
                case 6 -> g.drawPolygon(new int[] {x0, x0 + d / 2, x0 + d},           // triangle
                        new int[] {y0 + d, y0, y0 + d}, 3);
                case 7 -> {                                                           // L
                    g.drawLine(x0, y0, x0, y0 + d);
                    g.drawLine(x0, y0 + d, x0 + d, y0 + d);
                }
                case 8 -> {                                                           // two stacked rings
                    g.drawOval(x0 + d / 4, y0, d / 2, d / 2);
                    g.drawOval(x0 + d / 4, y0 + d / 2, d / 2, d / 2);
                }
                default -> {                                                          // T
                    g.drawLine(x0, y0, x0 + d, y0);
                    g.drawLine(x0 + d / 2, y0, x0 + d / 2, y0 + d);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
