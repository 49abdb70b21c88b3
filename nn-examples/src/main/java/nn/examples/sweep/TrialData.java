package nn.examples.sweep;

import java.io.Serializable;
import nn.mnist.ImageDataset;

/**
 * The images every trial of a sweep trains and validates on, in a form that is cheap to ship to other machines:
 * one byte per pixel and per label, as MNIST stores them (47 MB for MNIST's 60,000 training and validation images,
 * against 376 MB as the doubles the network reads). The test images are deliberately not here: trials select on
 * validation accuracy only, and cannot see the test set.
 *
 * <p>The datasets are made once per instance and then shared, read-only, by every trial that runs on it (on a
 * Spark executor: every task of that executor).
 */
public final class TrialData implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The training images one after another, {@code rows × columns} bytes each, row by row, 0–255. */
    private final byte[] trainingPixels;
    /** One class per training image, 0 to {@code classes - 1}. */
    private final byte[] trainingLabels;
    /** The validation images, laid out as {@link #trainingPixels}. */
    private final byte[] validationPixels;
    /** One class per validation image, 0 to {@code classes - 1}. */
    private final byte[] validationLabels;
    /** The height of every image in pixels. */
    private final int rows;
    /** The width of every image in pixels. */
    private final int columns;
    /** The number of classes, the length of a target vector. */
    private final int classes;
    private transient ImageDataset training;
    private transient ImageDataset validation;

    private TrialData(byte[] trainingPixels, byte[] trainingLabels, byte[] validationPixels,
                      byte[] validationLabels, int rows, int columns, int classes) {
        this.trainingPixels = trainingPixels;
        this.trainingLabels = trainingLabels;
        this.validationPixels = validationPixels;
        this.validationLabels = validationLabels;
        this.rows = rows;
        this.columns = columns;
        this.classes = classes;
    }

    /**
     * Copies the images and labels of the training and validation sets.
     *
     * @param training   the labelled images the trials train on
     * @param validation the labelled images the trials are measured and compared on, of the same size and classes
     * @return a copy of both, one byte per pixel and per label
     * @throws IllegalArgumentException if the two differ in image size or number of classes
     */
    public static TrialData of(ImageDataset training, ImageDataset validation) {
        if (training.inputSize() != validation.inputSize() || training.outputSize() != validation.outputSize()) {
            throw new IllegalArgumentException("training and validation images differ in size or classes");
        }
        return new TrialData(pixels(training), labels(training), pixels(validation), labels(validation),
                training.imageRows(), training.imageColumns(), training.outputSize());
    }

    /** {@return the training images, made on first use and then shared} */
    public synchronized ImageDataset training() {
        if (training == null) {
            training = new ImageDataset(trainingPixels, trainingLabels, rows, columns, classes);
        }
        return training;
    }

    /** {@return the validation images, made on first use and then shared} */
    public synchronized ImageDataset validation() {
        if (validation == null) {
            validation = new ImageDataset(validationPixels, validationLabels, rows, columns, classes);
        }
        return validation;
    }

    /** {@return the pixels per image, the network's input size: 784 for MNIST} */
    public int inputSize() {
        return rows * columns;
    }

    /** {@return the number of classes, the network's output size: 10 for MNIST} */
    public int classes() {
        return classes;
    }

    private static byte[] pixels(ImageDataset d) {
        int n = d.inputSize();
        byte[] bytes = new byte[d.size() * n];
        for (int i = 0; i < d.size(); i++) {
            for (int p = 0; p < n; p++) {
                // pixel() is byte / 255.0 exactly, so this gives the byte back.
                bytes[i * n + p] = (byte) Math.round(d.pixel(i, p) * 255.0);
            }
        }
        return bytes;
    }

    private static byte[] labels(ImageDataset d) {
        byte[] bytes = new byte[d.size()];
        for (int i = 0; i < d.size(); i++) {
            bytes[i] = (byte) d.label(i);
        }
        return bytes;
    }
}
