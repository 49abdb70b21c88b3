package nn.mnist;

import java.util.Objects;
import nn.backend.BlasMatrix;
import nn.data.Dataset;

/**
 * Greyscale images with optional class labels, kept as bytes (one byte per pixel, 784 per MNIST image) and
 * widened to doubles in [0, 1] only for the mini-batch being copied: all 70,000 MNIST images take 55 MB instead of
 * the 440 MB that doubles would.
 *
 * <p>{@link #slice(int, int)} makes views that share the arrays, so Nielsen's 50,000 / 10,000 split copies nothing.
 * Unlabelled images (Kaggle's test.csv) report {@link #NO_LABEL} and get all-zero target vectors.
 *
 * <p>Instances never change after construction (the arrays passed in must not be changed either), so
 * {@link #copyBatch} may run on several threads at once as long as each has its own destination matrices.
 */
public final class ImageDataset implements Dataset {

    /** The label of an unlabelled image. */
    public static final int NO_LABEL = -1;

    /** SCALE[b] = b / 255.0 exactly, looked up rather than divided in the hot loop. */
    private static final double[] SCALE = new double[256];

    /**
     * Each copying thread's image in doubles, written whole into the destination with one bulk put: a put per
     * pixel into native memory cost twice as much (each checks its index on its own).
     */
    private static final ThreadLocal<double[]> IMAGE = ThreadLocal.withInitial(() -> new double[0]);

    static {
        for (int i = 0; i < SCALE.length; i++) {
            SCALE[i] = i / 255.0;
        }
    }

    private final byte[] pixels;
    private final byte[] labels;
    private final int first;
    private final int size;
    private final int imageRows;
    private final int imageColumns;
    private final int pixelsPerImage;
    private final int classes;

    /**
     * Wraps images and labels without copying them.
     *
     * @param pixels       the images one after another, each {@code imageRows × imageColumns} bytes row by row,
     *                     0 = background, 255 = full ink
     * @param labels       one class per image in {@code 0 .. classes-1}, or {@code null} for unlabelled images
     * @param imageRows    height of an image
     * @param imageColumns width of an image
     * @param classes      number of classes, the length of a target vector
     * @throws IllegalArgumentException if the lengths disagree or a label is out of range
     */
    public ImageDataset(byte[] pixels, byte[] labels, int imageRows, int imageColumns, int classes) {
        this(pixels, labels, count(pixels, imageRows, imageColumns), imageRows, imageColumns, classes);
    }

    /** As the public constructor, for {@code size} images at the start of possibly longer arrays. */
    ImageDataset(byte[] pixels, byte[] labels, int size, int imageRows, int imageColumns, int classes) {
        this(pixels, labels, 0, size, imageRows, imageColumns, classes);
        checkImageSize(imageRows, imageColumns);
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be positive, got " + classes);
        }
        if ((long) size * pixelsPerImage > pixels.length) {
            throw new IllegalArgumentException(size + " images need " + (long) size * pixelsPerImage
                    + " pixels, got " + pixels.length);
        }
        if (labels != null) {
            if (labels.length < size) {
                throw new IllegalArgumentException(size + " images but " + labels.length + " labels");
            }
            for (int i = 0; i < size; i++) {
                if ((labels[i] & 0xFF) >= classes) {
                    throw new IllegalArgumentException("label " + (labels[i] & 0xFF) + " of image " + i
                            + " is not in 0.." + (classes - 1));
                }
            }
        }
    }

    private ImageDataset(byte[] pixels, byte[] labels, int first, int size, int imageRows, int imageColumns,
                         int classes) {
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = labels;
        this.first = first;
        this.size = size;
        this.imageRows = imageRows;
        this.imageColumns = imageColumns;
        this.pixelsPerImage = imageRows * imageColumns;
        this.classes = classes;
    }

    private static void checkImageSize(int imageRows, int imageColumns) {
        if (imageRows < 1 || imageColumns < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + imageRows + " × " + imageColumns);
        }
        if ((long) imageRows * imageColumns > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("images of " + imageRows + " × " + imageColumns
                    + " pixels have more than 2^31 - 1 pixels");
        }
    }

    private static int count(byte[] pixels, int imageRows, int imageColumns) {
        checkImageSize(imageRows, imageColumns);
        int pixelsPerImage = imageRows * imageColumns;
        if (pixels.length % pixelsPerImage != 0) {
            throw new IllegalArgumentException(pixels.length + " pixels are not a whole number of "
                    + imageRows + " × " + imageColumns + " images");
        }
        return pixels.length / pixelsPerImage;
    }

    @Override
    public int size() {
        return size;
    }

    /** Pixels per image: 784 for MNIST. */
    @Override
    public int inputSize() {
        return pixelsPerImage;
    }

    /** Number of classes: 10 for MNIST, also when the images are unlabelled. */
    @Override
    public int outputSize() {
        return classes;
    }

    /**
     * {@inheritDoc} Widens the pixels of the chosen images to doubles in [0, 1], an image at a time, into the
     * columns of {@code x}, which may be native memory, and writes one-hot targets (all zero for unlabelled images)
     * into {@code y}. Allocates nothing after a thread's first call (an image of doubles it keeps).
     */
    @Override
    public void copyBatch(int[] order, int from, int count, BlasMatrix x, BlasMatrix y) {
        Objects.checkFromIndexSize(from, count, order.length);
        Objects.checkFromIndexSize(0, count * pixelsPerImage, x.length());
        Objects.checkFromIndexSize(0, count * classes, y.length());
        double[] image = IMAGE.get();
        if (image.length < pixelsPerImage) {
            image = new double[pixelsPerImage];
            IMAGE.set(image);
        }
        for (int j = 0; j < count; j++) {
            int example = Objects.checkIndex(order[from + j], size);
            int source = (first + example) * pixelsPerImage;
            for (int k = 0; k < pixelsPerImage; k++) {
                image[k] = SCALE[pixels[source + k] & 0xFF];
            }
            x.put(j * pixelsPerImage, image, 0, pixelsPerImage);
            int target = j * classes;
            for (int c = 0; c < classes; c++) {
                y.set(target + c, 0.0);
            }
            if (labels != null) {
                y.set(target + (labels[first + example] & 0xFF), 1.0);
            }
        }
    }

    /** The class of image {@code index}, or {@link #NO_LABEL} when the images are unlabelled. */
    @Override
    public int label(int index) {
        Objects.checkIndex(index, size);
        return labels == null ? NO_LABEL : labels[first + index] & 0xFF;
    }

    /** {@return whether the images carry labels; {@code false} for Kaggle's test.csv} */
    public boolean isLabelled() {
        return labels != null;
    }

    /** {@return the height of an image in pixels: 28 for MNIST} */
    public int imageRows() {
        return imageRows;
    }

    /** {@return the width of an image in pixels: 28 for MNIST} */
    public int imageColumns() {
        return imageColumns;
    }

    /**
     * One pixel of one image, scaled from its byte.
     *
     * @param index    the image, 0 to {@link #size()} - 1
     * @param position the pixel, row-major: {@code row * imageColumns() + column}, 0 to {@link #inputSize()} - 1
     * @return the pixel's byte divided by 255, in [0, 1]: 0 is background, 1 full ink
     * @throws IndexOutOfBoundsException if {@code index} or {@code position} is out of range
     */
    public double pixel(int index, int position) {
        Objects.checkIndex(index, size);
        Objects.checkIndex(position, pixelsPerImage);
        return SCALE[pixels[(first + index) * pixelsPerImage + position] & 0xFF];
    }

    /**
     * A view of consecutive images that shares this dataset's arrays, e.g. {@code slice(0, 50_000)} for Nielsen's
     * training part of MNIST's 60,000 training images.
     *
     * @param from the first image, inclusive
     * @param to   the end, exclusive
     * @return the {@code to - from} images, with this dataset's image size and classes
     * @throws IndexOutOfBoundsException if not {@code 0 <= from <= to <= size()}
     */
    public ImageDataset slice(int from, int to) {
        Objects.checkFromToIndex(from, to, size);
        return new ImageDataset(pixels, labels, first + from, to - from, imageRows, imageColumns, classes);
    }

    @Override
    public String toString() {
        return size + " " + imageRows + "×" + imageColumns + " images, " + (labels == null ? "unlabelled" : classes + " classes");
    }
}
