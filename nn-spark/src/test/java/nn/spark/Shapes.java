package nn.spark;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import nn.mnist.ImageDataset;

/**
 * Tiny test images: 8 × 8 pixels, three classes (a bright row band at the top, the middle or the bottom) with noise,
 * so that a small network learns them in a few epochs and a trial takes milliseconds.
 */
final class Shapes {

    static final int SIDE = 8;
    static final int CLASSES = 3;

    private Shapes() {
    }

    /** {@code count} images drawn with {@code seed}. */
    static ImageDataset images(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * SIDE * SIDE];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(CLASSES);
            labels[i] = (byte) label;
            int band = label * 3 + random.nextInt(2);
            for (int r = 0; r < SIDE; r++) {
                for (int c = 0; c < SIDE; c++) {
                    int ink = r == band || r == band + 1 ? 160 + random.nextInt(96) : random.nextInt(90);
                    pixels[i * SIDE * SIDE + r * SIDE + c] = (byte) ink;
                }
            }
        }
        return new ImageDataset(pixels, labels, SIDE, SIDE, CLASSES);
    }

    /** Writes training and test images as MNIST's four IDX files into {@code dir}. */
    static Path writeIdx(Path dir, int training, int test) throws IOException {
        Files.createDirectories(dir);
        write(dir, "train", images(training, 1));
        write(dir, "t10k", images(test, 2));
        return dir;
    }

    private static void write(Path dir, String prefix, ImageDataset d) throws IOException {
        byte[] pixels = new byte[d.size() * SIDE * SIDE];
        byte[] labels = new byte[d.size()];
        for (int i = 0; i < d.size(); i++) {
            labels[i] = (byte) d.label(i);
            for (int p = 0; p < SIDE * SIDE; p++) {
                pixels[i * SIDE * SIDE + p] = (byte) Math.round(d.pixel(i, p) * 255);
            }
        }
        idx(dir.resolve(prefix + "-images-idx3-ubyte"), 0x803, new int[] {d.size(), SIDE, SIDE}, pixels);
        idx(dir.resolve(prefix + "-labels-idx1-ubyte"), 0x801, new int[] {d.size()}, labels);
    }

    private static void idx(Path file, int magic, int[] dims, byte[] data) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(raw)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
        }
    }
}
