package nn.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import nn.mnist.ImageDataset;

/**
 * Draws misclassified images in a grid, each labelled "pred p / true t", ink dark on white as a person would write
 * it.
 */
final class MisclassifiedGrid {

    /** At most this many images are drawn: enough to see the kinds of mistakes, small enough to look at. */
    static final int MAX_IMAGES = 100;

    private static final int COLUMNS = 10;
    private static final int SCALE = 3;
    private static final int PADDING = 6;
    private static final int LABEL_HEIGHT = 16;

    private MisclassifiedGrid() {
    }

    /** The picture of the first {@link #MAX_IMAGES} mistakes; a one-line note when there are none. */
    static BufferedImage draw(List<ConfusionMatrix.Mistake> mistakes, ImageDataset images) {
        int shown = Math.min(MAX_IMAGES, mistakes.size());
        int imageWidth = images.imageColumns() * SCALE;
        int imageHeight = images.imageRows() * SCALE;
        int cellWidth = Math.max(imageWidth, 92) + PADDING;
        int cellHeight = imageHeight + LABEL_HEIGHT + PADDING;
        int columns = Math.max(1, Math.min(COLUMNS, shown));
        int rows = Math.max(1, (shown + columns - 1) / columns);
        int titleHeight = 28;
        int width = Math.max(columns * cellWidth + PADDING, 360);
        BufferedImage picture = new BufferedImage(width, titleHeight + rows * cellHeight + PADDING,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(shown == 0 ? "no misclassified test images"
                    : "misclassified test images: first " + shown + " of " + mistakes.size(), PADDING, 19);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < shown; i++) {
                ConfusionMatrix.Mistake mistake = mistakes.get(i);
                int x0 = PADDING + (i % columns) * cellWidth;
                int y0 = titleHeight + (i / columns) * cellHeight;
                int left = x0 + (cellWidth - PADDING - imageWidth) / 2;
                drawImage(picture, images, mistake.index(), left, y0);
                g.setColor(Color.LIGHT_GRAY);
                g.drawRect(left - 1, y0 - 1, imageWidth + 1, imageHeight + 1);
                String label = "pred " + mistake.predicted() + " / true " + mistake.actual();
                g.setColor(new Color(0xB00020));
                g.drawString(label, x0 + (cellWidth - PADDING - metrics.stringWidth(label)) / 2,
                        y0 + imageHeight + LABEL_HEIGHT - 3);
            }
        } finally {
            g.dispose();
        }
        return picture;
    }

    private static void drawImage(BufferedImage picture, ImageDataset images, int index, int left, int top) {
        int columns = images.imageColumns();
        for (int r = 0; r < images.imageRows(); r++) {
            for (int c = 0; c < columns; c++) {
                int level = 255 - (int) Math.round(255 * images.pixel(index, r * columns + c));
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
