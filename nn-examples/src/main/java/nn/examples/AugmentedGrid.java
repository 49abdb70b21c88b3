package nn.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import nn.data.Augmentation;
import nn.data.Dataset;
import nn.data.PixelShifts;
import nn.mnist.ImageDataset;
import org.jblas.DoubleMatrix;

/**
 * Draws what {@code --augment} trains on: one row per class (the first training image of each), the original on
 * the left, then what the network saw of it: its four one-pixel shifts, or its distortions in epochs 1 to
 * {@link #EPOCHS}, drawn with the run's own seed. Ink dark on white, as {@link MisclassifiedGrid} draws.
 */
final class AugmentedGrid {

    /** Distortions shown per image: enough to see how much they vary. */
    static final int EPOCHS = 8;

    private static final int SCALE = 3;
    private static final int PADDING = 6;
    private static final int LABEL_HEIGHT = 16;
    private static final int TITLE_HEIGHT = 28;

    private AugmentedGrid() {
    }

    /**
     * @param images the training images
     * @param seed   the augmentation's seed, as training used it
     */
    static BufferedImage draw(Augmentation augmentation, ImageDataset images, long seed) {
        int rows = images.imageRows();
        int columns = images.imageColumns();
        Dataset augmented = augmentation.applyTo(images, rows, columns, seed);
        boolean shifts = augmentation instanceof PixelShifts;
        int variants = shifts ? PixelShifts.COPIES - 1 : EPOCHS;
        String[] headings = new String[1 + variants];
        headings[0] = "original";
        String[] shiftNames = {"down", "up", "right", "left"};
        for (int v = 1; v <= variants; v++) {
            headings[v] = shifts ? shiftNames[v - 1] : "epoch " + v;
        }
        int[] firstOfClass = firstOfEachClass(images);
        int shown = 0;
        for (int index : firstOfClass) {
            shown += index >= 0 ? 1 : 0;
        }

        int imageWidth = columns * SCALE;
        int imageHeight = rows * SCALE;
        int cellWidth = Math.max(imageWidth, 56) + PADDING;
        int cellHeight = imageHeight + PADDING;
        int width = Math.max((1 + variants) * cellWidth + PADDING, 520);
        BufferedImage picture = new BufferedImage(width, TITLE_HEIGHT + LABEL_HEIGHT + shown * cellHeight + PADDING,
                BufferedImage.TYPE_INT_RGB);
        DoubleMatrix x = new DoubleMatrix(images.inputSize(), 1);
        DoubleMatrix y = new DoubleMatrix(images.outputSize(), 1);
        int[] order = new int[1];
        Graphics2D g = picture.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString("--augment " + augmentation, PADDING, 19);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics metrics = g.getFontMetrics();
            for (int v = 0; v <= variants; v++) {
                int x0 = PADDING + v * cellWidth;
                g.drawString(headings[v], x0 + (cellWidth - PADDING - metrics.stringWidth(headings[v])) / 2,
                        TITLE_HEIGHT + LABEL_HEIGHT - 5);
            }
            int row = 0;
            for (int index : firstOfClass) {
                if (index < 0) {
                    continue;
                }
                int top = TITLE_HEIGHT + LABEL_HEIGHT + row * cellHeight;
                for (int v = 0; v <= variants; v++) {
                    if (v == 0) {
                        for (int p = 0; p < x.length; p++) {
                            x.data[p] = images.pixel(index, p);
                        }
                    } else if (shifts) {
                        order[0] = PixelShifts.COPIES * index + v;
                        augmented.copyBatch(order, 0, x, y);
                    } else {
                        augmented.startEpoch(v - 1); // epoch v as printed, counted from 0 by the dataset
                        order[0] = index;
                        augmented.copyBatch(order, 0, x, y);
                    }
                    int left = PADDING + v * cellWidth + (cellWidth - PADDING - imageWidth) / 2;
                    drawImage(picture, x.data, rows, columns, left, top);
                    g.setColor(v == 0 ? Color.GRAY : Color.LIGHT_GRAY);
                    g.drawRect(left - 1, top - 1, imageWidth + 1, imageHeight + 1);
                }
                row++;
            }
        } finally {
            g.dispose();
        }
        return picture;
    }

    /** The index of the first image of each class, or −1 for a class without one (or unlabelled images). */
    private static int[] firstOfEachClass(ImageDataset images) {
        int[] first = new int[images.outputSize()];
        java.util.Arrays.fill(first, -1);
        int missing = first.length;
        for (int i = 0; i < images.size() && missing > 0; i++) {
            int label = images.label(i);
            if (label >= 0 && first[label] < 0) {
                first[label] = i;
                missing--;
            }
        }
        return first;
    }

    private static void drawImage(BufferedImage picture, double[] pixels, int rows, int columns, int left, int top) {
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int level = 255 - (int) Math.round(255 * pixels[r * columns + c]);
                int rgb = (level << 16) | (level << 8) | level;
                for (int dy = 0; dy < SCALE; dy++) {
                    for (int dx = 0; dx < SCALE; dx++) {
                        picture.setRGB(left + c * SCALE + dx, top + r * SCALE + dy, rgb);
                    }
                }
            }
        }
    }
}
