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

    /**
     * Prepares a decoded image; see the class comment. A picture that is already {@code size × size} with a digit
     * whose bounding box is as MNIST's are (its longer side within two pixels of the 20 of a 28-pixel image) is
     * not scaled, only moved so that its centre of mass is at the centre: an MNIST digit comes out unchanged.
     */
    static double[] prepare(BufferedImage image, int size) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] grey = greyLevels(image);
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
        if (w == size && h == size && Math.max(boxW, boxH) <= inner && Math.max(boxW, boxH) >= inner - 2) {
            // Already prepared as MNIST's are: the whole image, unscaled, its ink kept inside.
            int[] ink = inkBox(grey, w, h, 0);
            return centred(grey, size, size, size, ink);
        }
        int targetW = Math.max(1, (int) Math.round((double) inner * boxW / Math.max(boxW, boxH)));
        int targetH = Math.max(1, (int) Math.round((double) inner * boxH / Math.max(boxW, boxH)));
        return centred(resample(grey, w, h, box[0], box[1], boxW, boxH, targetW, targetH), targetW, targetH, size,
                new int[] {0, 0, targetW, targetH});
    }

    /**
     * Places a {@code dw × dh} digit in a {@code size × size} image with its centre of mass at the centre, as
     * MNIST's digits are: measured on pixel indices, MNIST's centres of mass are at 14.0 ± 0.3 in 28 × 28, so
     * the digit's is moved to {@code size / 2} and rounded to a whole pixel.
     */
    private static double[] centred(double[] digit, int dw, int dh, int size, int[] keep) {
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < dh; y++) {
            for (int x = 0; x < dw; x++) {
                double v = digit[y * dw + x];
                mass += v;
                sumX += v * x;
                sumY += v * y;
            }
        }
        double centreX = mass > 0 ? sumX / mass : (dw - 1) / 2.0;
        double centreY = mass > 0 ? sumY / mass : (dh - 1) / 2.0;
        // The region {@code keep} (the digit, or the ink of a full-size image) stays inside the image, even when
        // the centre of mass would push it out.
        int left = clamp(wholePixels(size / 2.0 - centreX), -keep[0], size - keep[2]);
        int top = clamp(wholePixels(size / 2.0 - centreY), -keep[1], size - keep[3]);
        double[] input = new double[size * size];
        for (int y = 0; y < dh; y++) {
            int ty = top + y;
            if (ty < 0 || ty >= size) {
                continue;
            }
            for (int x = 0; x < dw; x++) {
                int tx = left + x;
                if (tx >= 0 && tx < size) {
                    input[ty * size + tx] = digit[y * dw + x];
                }
            }
        }
        return input;
    }

    /**
     * A move rounded to whole pixels, with no move for up to 0.55 pixel: a digit centred once is within half a
     * pixel, and saving it as 8-bit levels moves its centre by hundredths, which must not make it jump a pixel.
     */
    private static int wholePixels(double move) {
        return Math.abs(move) <= 0.55 ? 0 : (int) Math.round(move);
    }

    /** Whether a prepared input holds no ink: a blank picture (white, black or transparent). */
    static boolean isBlank(double[] input) {
        for (double v : input) {
            if (v > INK_THRESHOLD) {
                return false;
            }
        }
        return true;
    }

    /**
     * The picture's grey levels in [0, 1], row by row, on white for transparent pixels. A greyscale picture's
     * levels are its samples as stored: {@code getRGB} would convert them from Java's linear grey to sRGB and
     * brighten every mid-tone (a level of 128 became 186), so an MNIST digit saved as a grey PNG changed.
     */
    static double[] greyLevels(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        double[] grey = new double[w * h];
        java.awt.image.ColorModel model = image.getColorModel();
        java.awt.image.WritableRaster raster = image.getRaster();
        if (model.getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && !(model instanceof java.awt.image.IndexColorModel)
                && raster.getNumBands() == (model.hasAlpha() ? 2 : 1)) {
            double max = (1 << model.getComponentSize(0)) - 1;
            double maxAlpha = model.hasAlpha() ? (1 << model.getComponentSize(1)) - 1 : 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double level = raster.getSample(x, y, 0) / max;
                    double alpha = model.hasAlpha() ? raster.getSample(x, y, 1) / maxAlpha : 1;
                    grey[y * w + x] = alpha * level + (1 - alpha);
                }
            }
            return grey;
        }
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
        return grey;
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
        return inkBox(grey, w, h, INK_THRESHOLD);
    }

    /** The bounding box of the pixels above {@code threshold}, or null when there are none. */
    private static int[] inkBox(double[] grey, int w, int h, double threshold) {
        int x0 = w;
        int y0 = h;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey[y * w + x] > threshold) {
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
