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

    private final byte[] trainingPixels;
    private final byte[] trainingLabels;
    private final byte[] validationPixels;
    private final byte[] validationLabels;
    private final int rows;
    private final int columns;
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

    /** Copies the images and labels of the training and validation sets. */
    public static TrialData of(ImageDataset training, ImageDataset validation) {
        if (training.inputSize() != validation.inputSize() || training.outputSize() != validation.outputSize()) {
            throw new IllegalArgumentException("training and validation images differ in size or classes");
        }
        return new TrialData(pixels(training), labels(training), pixels(validation), labels(validation),
                training.imageRows(), training.imageColumns(), training.outputSize());
    }

    /** The training images. */
    public synchronized ImageDataset training() {
        if (training == null) {
            training = new ImageDataset(trainingPixels, trainingLabels, rows, columns, classes);
        }
        return training;
    }

    /** The validation images. */
    public synchronized ImageDataset validation() {
        if (validation == null) {
            validation = new ImageDataset(validationPixels, validationLabels, rows, columns, classes);
        }
        return validation;
    }

    /** Pixels per image, the network's input size. */
    public int inputSize() {
        return rows * columns;
    }

    /** Classes, the network's output size. */
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
