package nn.examples;

import nn.mnist.ImageDataset;

/**
 * The three sets of Nielsen's split: train on {@code training}, watch {@code validation} after every epoch, report
 * {@code test} at the end. For MNIST that is the first 50,000 training images, the last 10,000, and t10k.
 *
 * @param training   the images trained on
 * @param validation the images measured after every epoch
 * @param test       the images measured once, at the end
 * @param origin     where the data came from, for the log
 */
record DataSplit(ImageDataset training, ImageDataset validation, ImageDataset test, String origin) {

    /** The same split, training on the first {@code limit} training images only. */
    DataSplit limitTraining(int limit) {
        if (limit >= training.size()) {
            return this;
        }
        return new DataSplit(training.slice(0, limit), validation, test, origin);
    }
}
