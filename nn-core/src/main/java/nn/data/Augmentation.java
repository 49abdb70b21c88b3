package nn.data;

import nn.training.Sgd;

/**
 * A way to expand the training images with altered copies that keep their labels (the book's chapter 3,
 * "Artificially expanding the training data"). Applied to a {@link Dataset} of images, it gives a dataset to train
 * on in place of the original:
 * <pre>
 * Dataset expanded = Augmentation.shifts().applyTo(training, 28, 28, seed);     // 5n images, fixed
 * Dataset distorted = Augmentation.affine().applyTo(training, 28, 28, seed);    // n images, new each epoch
 * Dataset elastic = Augmentation.elastic().applyTo(training, 28, 28, seed);
 * </pre>
 * The images are the datasets' input vectors read row by row ({@code row · columns + column}), with pixel values
 * in [0, 1] (0 = background); the augmented pixels stay in [0, 1] and every example keeps its target vector.
 *
 * <p>The altered images are computed inside {@link Dataset#copyBatch}, which {@link Sgd} runs on its prefetching
 * thread, so the work overlaps the training steps on the second core; it allocates nothing there. Random
 * distortions depend only on (seed, epoch, example index): the same on any thread, in any batching, and in a
 * resumed run as in the uninterrupted one.
 *
 * <p>An augmented dataset keeps scratch arrays for the example being altered, so it takes one copy at a time, as
 * {@link Sgd} makes them; give each thread that copies at once its own ({@link #applyTo} again). Measure the
 * training cost and accuracy on the original images: on the augmented dataset they would measure the current
 * epoch's altered ones (and, for the shifts, five times as many).
 */
public sealed interface Augmentation permits PixelShifts, Distortion {

    /**
     * The book's {@code expand_mnist.py}: every image, then the same image moved one pixel down, up, right and
     * left, the pixels moved in filled with 0. Deterministic: the seed is not used.
     *
     * @return the shared instance; its datasets have 5n examples, the same in every epoch
     */
    static Augmentation shifts() {
        return PixelShifts.INSTANCE;
    }

    /**
     * {@link AffineDistortion#DEFAULT}: rotation ±15°, scale 0.9–1.1, shift ±2 pixels, drawn per epoch.
     *
     * @return the shared default instance; {@link AffineDistortion#of} makes others
     */
    static AffineDistortion affine() {
        return AffineDistortion.DEFAULT;
    }

    /**
     * {@link ElasticDistortion#DEFAULT}: Simard et al.'s α = 34, σ = 4 for MNIST, drawn per epoch.
     *
     * @return the shared default instance; {@link ElasticDistortion#of} makes others
     */
    static ElasticDistortion elastic() {
        return ElasticDistortion.DEFAULT;
    }

    /**
     * The dataset to train on: a view of {@code images} (nothing is copied up front) whose examples are the
     * augmented images.
     *
     * @param images  examples whose inputs are {@code rows × columns} images, row by row, pixels in [0, 1]
     * @param rows    image height
     * @param columns image width
     * @param seed    the seed every random choice derives from, with the epoch and the example's index
     * @return a new dataset with the same input and output sizes, for one copying thread at a time
     * @throws IllegalArgumentException if {@code rows} or {@code columns} is below 1 or {@code rows × columns} is
     *                                  not the images' input size, or (for the shifts) 5n would exceed
     *                                  {@link Integer#MAX_VALUE}
     */
    Dataset applyTo(Dataset images, int rows, int columns, long seed);
}
