package nn.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The preparation of a user's picture into MNIST's form. */
class DigitImageTest {

    private static BufferedImage square(int width, int height, Color background, Color ink, int x, int y, int w,
                                        int h) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(background);
        g.fillRect(0, 0, width, height);
        g.setColor(ink);
        g.fillRect(x, y, w, h);
        g.dispose();
        return image;
    }

    @Test
    void darkInkOnLightIsInvertedAndLightInkOnDarkIsNot() {
        double[] dark = DigitImage.prepare(square(100, 100, Color.WHITE, Color.BLACK, 10, 20, 30, 40), 28);
        double[] light = DigitImage.prepare(square(100, 100, Color.BLACK, Color.WHITE, 10, 20, 30, 40), 28);
        assertArrayEquals(dark, light, 1e-12);
        assertEquals(0.0, dark[0], "background becomes 0");
        assertEquals(1.0, dark[14 * 28 + 14], 1e-12, "ink becomes 1 and sits in the centre");
    }

    @Test
    void digitFitsA20By20BoxCentredByMass() {
        // A 30 × 60 bar, off-centre in a 300 × 200 picture: scaled to 10 × 20, centred in 28 × 28.
        double[] input = DigitImage.prepare(square(300, 200, Color.WHITE, Color.BLACK, 200, 20, 30, 60), 28);
        int minX = 28;
        int maxX = -1;
        int minY = 28;
        int maxY = -1;
        double mass = 0;
        double sumX = 0;
        double sumY = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double v = input[y * 28 + x];
                if (v > 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
                mass += v;
                sumX += v * (x + 0.5);
                sumY += v * (y + 0.5);
            }
        }
        assertEquals(10, maxX - minX + 1, "width");
        assertEquals(20, maxY - minY + 1, "height");
        assertEquals(14.0, sumX / mass, 0.5);
        assertEquals(14.0, sumY / mass, 0.5);
    }

    @Test
    void blankPictureGivesAnAllZeroInput() {
        double[] input = DigitImage.prepare(square(50, 40, Color.WHITE, Color.WHITE, 0, 0, 1, 1), 28);
        assertEquals(784, input.length);
        for (double v : input) {
            assertEquals(0.0, v);
        }
    }

    @Test
    void areaAveragingKeepsTheMeanOfAnExactReduction() {
        double[] src = new double[16];
        src[0] = 1;
        src[5] = 1;
        double[] out = DigitImage.resample(src, 4, 4, 0, 0, 4, 4, 2, 2);
        assertArrayEquals(new double[] {0.5, 0, 0, 0}, out, 1e-12);
        assertTrue(DigitImage.resample(src, 4, 4, 0, 0, 4, 4, 8, 8)[0] == 1.0, "enlarging copies");
    }
}
