package nn.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a picture of a digit (any size, colour or greyscale) into the network's input, prepared the way MNIST's
 * images were: greyscale with ink = 1 on background = 0 (inverted when the background is light), the digit's
 * bounding box scaled to fit a 20 × 20 box keeping its aspect ratio, then placed in the 28 × 28 image with its
 * centre of mass at the centre.
 */
final class DigitImage {

    /** Pixels darker or lighter than the background by more than this count as ink when finding the digit. */
    static final double INK_THRESHOLD = 0.1;

    private DigitImage() {
    }

    /**
     * Reads {@code file} (see {@link ImageFile} for what is refused) and prepares it as a {@code size × size}
     * input (28 for MNIST), row by row in [0, 1].
     *
     * @throws java.nio.file.NoSuchFileException if the file is missing
     * @throws ImageFormatException              naming the file, when it is not a picture that is read
     */
    static double[] read(Path file, int size) throws IOException {
        return prepare(ImageFile.read(file), size);
    }

    /** Prepares a decoded image; see the class comment. */
    static double[] prepare(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] grey = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                double alpha = ((argb >>> 24) & 0xFF) / 255.0;
                double luminance = (0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF)
                        + 0.114 * (argb & 0xFF)) / 255.0;
                // A transparent pixel shows the page behind it: white.
                grey[y * w + x] = alpha * luminance + (1 - alpha);
            }
        }
        // MNIST has light ink on a dark background; a digit written dark on light is turned round.
        boolean lightBackground = borderMean(grey, w, h) > 0.5;
        for (int i = 0; i < grey.length; i++) {
            grey[i] = lightBackground ? 1 - grey[i] : grey[i];
        }
        int[] box = inkBox(grey, w, h);
        if (box == null) {
            return resample(grey, w, h, 0, 0, w, h, size, size); // blank: nothing to centre
        }
        int boxW = box[2] - box[0];
        int boxH = box[3] - box[1];
        // MNIST: the digit fitted into 20 × 20 keeping its aspect ratio, within 28 × 28.
        int inner = Math.max(1, Math.round(size * 20f / 28f));
        int targetW = Math.max(1, (int) Math.round((double) inner * boxW / Math.max(boxW, boxH)));
        int targetH = Math.max(1, (int) Math.round((double) inner * boxH / Math.max(boxW, boxH)));
        double[] digit = resample(grey, w, h, box[0], box[1], boxW, boxH, targetW, targetH);

        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < targetH; y++) {
            for (int x = 0; x < targetW; x++) {
                double v = digit[y * targetW + x];
                mass += v;
                sumX += v * (x + 0.5);
                sumY += v * (y + 0.5);
            }
        }
        double centreX = mass > 0 ? sumX / mass : targetW / 2.0;
        double centreY = mass > 0 ? sumY / mass : targetH / 2.0;
        int left = clamp((int) Math.round(size / 2.0 - centreX), 0, size - targetW);
        int top = clamp((int) Math.round(size / 2.0 - centreY), 0, size - targetH);
        double[] input = new double[size * size];
        for (int y = 0; y < targetH; y++) {
            System.arraycopy(digit, y * targetW, input, (top + y) * size + left, targetW);
        }
        return input;
    }

    private static double borderMean(double[] grey, int w, int h) {
        double sum = 0;
        int count = 0;
        for (int x = 0; x < w; x++) {
            sum += grey[x] + grey[(h - 1) * w + x];
            count += 2;
        }
        for (int y = 1; y < h - 1; y++) {
            sum += grey[y * w] + grey[y * w + w - 1];
            count += 2;
        }
        return sum / count;
    }

    /** The bounding box {x0, y0, x1, y1} (exclusive ends) of the ink, or null for a blank image. */
    private static int[] inkBox(double[] grey, int w, int h) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey[y * w + x] > INK_THRESHOLD) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return x1 < 0 ? null : new int[] {x0, y0, x1 + 1, y1 + 1};
    }

    /**
     * Area-average resampling of the {@code sw × sh} region at ({@code sx}, {@code sy}) to {@code tw × th}: every
     * target pixel is the mean of the source area it covers, partial pixels weighted by their overlap, so thin
     * strokes survive a large reduction (plain bilinear sampling would skip them). Enlarging works as well.
     */
    static double[] resample(double[] src, int w, int h, int sx, int sy, int sw, int sh, int tw, int th) {
        double[] out = new double[tw * th];
        double scaleX = (double) sw / tw;
        double scaleY = (double) sh / th;
        for (int ty = 0; ty < th; ty++) {
            double fy0 = sy + ty * scaleY;
            double fy1 = fy0 + scaleY;
            for (int tx = 0; tx < tw; tx++) {
                double fx0 = sx + tx * scaleX;
                double fx1 = fx0 + scaleX;
                double sum = 0;
                double area = 0;
                for (int y = (int) Math.floor(fy0); y < Math.min(h, (int) Math.ceil(fy1)); y++) {
                    double wy = Math.min(fy1, y + 1) - Math.max(fy0, y);
                    for (int x = (int) Math.floor(fx0); x < Math.min(w, (int) Math.ceil(fx1)); x++) {
                        double wx = Math.min(fx1, x + 1) - Math.max(fx0, x);
                        sum += wx * wy * src[y * w + x];
                        area += wx * wy;
                    }
                }
                out[ty * tw + tx] = area > 0 ? Math.min(1.0, Math.max(0.0, sum / area)) : 0.0;
            }
        }
        return out;
    }

    private static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }
}
