package nn.mnist;

/**
 * A dataset in MNIST's layout, split the two usual ways: Nielsen's training / validation / test (50,000 / 10,000 /
 * 10,000 for MNIST) and the plain full training / test (60,000 / 10,000). All sets are views over the same
 * arrays, so asking for any of them copies nothing.
 */
public final class MnistData {

    /** Size of Nielsen's validation set: the last 10,000 images of the training file. */
    public static final int NIELSEN_VALIDATION_SIZE = 10_000;

    private final ImageDataset fullTraining;
    private final ImageDataset test;
    private final String origin;
    private final int validationSize;

    /**
     * @param fullTraining every image of the training file
     * @param test         the test file's images
     * @param origin       where the data came from, for logs (e.g. {@code "/data/mnist (from $MNIST_DIR)"})
     */
    public MnistData(ImageDataset fullTraining, ImageDataset test, String origin) {
        this.fullTraining = fullTraining;
        this.test = test;
        this.origin = origin;
        // A smaller training file (a test fixture, a subset) gives up its last sixth, which is 10,000 of MNIST's 60,000.
        this.validationSize = Math.min(NIELSEN_VALIDATION_SIZE, fullTraining.size() / 6);
    }

    /**
     * {@return Nielsen's training set: the training file without the {@link #validation()} images (the first 50,000
     * for MNIST)}
     */
    public ImageDataset training() {
        return fullTraining.slice(0, fullTraining.size() - validationSize);
    }

    /**
     * Nielsen's validation set: the last 10,000 images of the training file. A training file of fewer than 60,000
     * images gives its last sixth instead.
     *
     * @return a view of the last {@code min(10_000, fullTraining().size() / 6)} training images
     */
    public ImageDataset validation() {
        return fullTraining.slice(fullTraining.size() - validationSize, fullTraining.size());
    }

    /** {@return the test file's images (MNIST's 10,000 t10k images)} */
    public ImageDataset test() {
        return test;
    }

    /** {@return every image of the training file (60,000 for MNIST), for the plain 60k / 10k split} */
    public ImageDataset fullTraining() {
        return fullTraining;
    }

    /** {@return where the data came from, e.g. {@code "/home/me/.cache/nn/mnist (from the cache)"}} */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return fullTraining.size() + " training + " + test.size() + " test images from " + origin;
    }
}
