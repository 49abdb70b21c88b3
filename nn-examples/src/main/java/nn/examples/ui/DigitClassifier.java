package nn.examples.ui;

import java.awt.image.BufferedImage;

/** Classifies a drawn digit; the trainer supplies one backed by the trained network. */
@FunctionalInterface
public interface DigitClassifier {

    /**
     * What the network made of a picture.
     *
     * @param probabilities one per class, summing to 1
     * @param input         the picture as the network saw it: {@code side × side} values in [0, 1], row by row
     * @param side          the side of {@code input}
     */
    record Prediction(double[] probabilities, double[] input, int side) {
    }

    /**
     * Prepares {@code picture} exactly as {@code nn predict} prepares a file, and classifies it.
     *
     * @param picture the drawing as the page sent it, dark ink on a light background or the reverse
     * @return the probability of each class and the picture as the network saw it
     */
    Prediction classify(BufferedImage picture);
}
