package nn.data;

import nn.training.Sgd;

/**
 * The book's {@code expand_mnist.py}: each image, followed by copies moved one pixel down, up, right and left,
 * five times as many images in all, the same in every epoch. The row or column moved in is 0 (background), as in
 * the script, which rolls the image and then clears the row or column that wrapped around. Unlike the script,
 * which shuffles the expanded set once with an unseeded generator and writes 250,000 images to disk, this is a
 * view that computes each shifted image when it is copied, in a fixed order; {@link Sgd} shuffles it every epoch.
 */
public final class PixelShifts implements Augmentation {

    static final PixelShifts INSTANCE = new PixelShifts();

    /** How many examples each image becomes: itself and four shifts. */
    public static final int COPIES = 5;

    private PixelShifts() {
    }

    /**
     * {@inheritDoc} Example {@code 5i + k} of the result is image {@code i} of {@code images} moved by shift
     * {@code k}: 0 unmoved, 1 down, 2 up, 3 right, 4 left (the script's order). The seed is not used.
     *
     * @throws IllegalArgumentException also if five times the images do not fit in an {@code int}
     */
    @Override
    public Dataset applyTo(Dataset images, int rows, int columns, long seed) {
        return new ShiftedDataset(images, ImageShape.of(images, rows, columns));
    }

    @Override
    public String toString() {
        return "shift";
    }
}
