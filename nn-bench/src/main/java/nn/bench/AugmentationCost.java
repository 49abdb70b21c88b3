package nn.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.data.Augmentation;
import nn.data.Dataset;
import nn.internal.MiniBatch;
import nn.internal.TrainingSession;
import nn.mnist.ImageDataset;
import nn.mnist.Mnist;
import nn.mnist.MnistLocator;
import nn.network.Network;
import nn.training.BatchedBackprop;
import nn.training.UpdateRule;

/**
 * What each {@link Augmentation} costs per epoch of Nielsen's 50,000 MNIST training images, on one thread: every
 * example copied, shuffled, into a training session's mini-batches of 10 (OpenBLAS native memory, as training
 * copies them), as {@code Sgd}'s prefetching thread does, without the training steps. "none" is the plain copy;
 * the difference is the augmentation's own work. Not a JMH benchmark: a few rounds after a warm-up round, each
 * printed, for a figure to read beside the trainer's epoch times.
 *
 * <pre>
 *   java -cp nn-bench/target/classes:$(cat nn-bench/target/classpath.txt) nn.bench.AugmentationCost MNIST_DIR [rounds]
 * </pre>
 */
public final class AugmentationCost {

    private AugmentationCost() {
    }

    /**
     * Loads MNIST and prints, per augmentation, a warm-up round and {@code rounds} timed rounds of copying one
     * epoch into mini-batches.
     *
     * @param args the MNIST directory (default {@code $MNIST_DIR}), then the number of timed rounds (default 5)
     * @throws Exception if MNIST cannot be loaded from the directory
     */
    public static void main(String[] args) throws Exception {
        Path directory = args.length > 0 ? Path.of(args[0]) : MnistLocator.standard().variableDirectory()
                .orElse(null);
        if (directory == null || !Files.isDirectory(directory)) {
            System.err.println("AugmentationCost: " + (directory == null
                    ? "give the MNIST directory as the first argument or set $MNIST_DIR"
                    : "the MNIST directory " + directory + " is not a directory"));
            System.exit(2);
        }
        int rounds = 5;
        if (args.length > 1) {
            try {
                rounds = Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                rounds = -1;
            }
            if (rounds < 1) {
                System.err.println("AugmentationCost: rounds " + args[1] + ": expected a whole number of at least 1");
                System.exit(2);
            }
        }
        ImageDataset training = Mnist.load(directory).training();
        int m = 10;
        Network network = Network.builder(784, 30, 10).seed(BenchCase.SEED).build();
        try (TrainingSession session = new BatchedBackprop(Blas.best()).session(network, UpdateRule.plain(0.0, 1))) {
            MiniBatch batch = session.newMiniBatch(m);
            System.out.println(Blas.best().description() + "; " + training.size() + " images, mini-batches of " + m);
            Object[][] cases = {
                {"none", training},
                {"shift", Augmentation.shifts().applyTo(training, 28, 28, 1)},
                {"affine", Augmentation.affine().applyTo(training, 28, 28, 1)},
                {"elastic", Augmentation.elastic().applyTo(training, 28, 28, 1)},
            };
            for (Object[] c : cases) {
                Dataset data = (Dataset) c[1];
                int[] order = shuffled(data.size());
                for (int round = 0; round <= rounds; round++) {
                    data.startEpoch(round);
                    long start = System.nanoTime();
                    for (int from = 0; from + m <= data.size(); from += m) {
                        batch.fill(data, order, from);
                    }
                    double ms = (System.nanoTime() - start) / 1e6;
                    // Per 50,000 examples, so the shifted set's 250,000-example epoch compares with the others.
                    System.out.printf(Locale.ROOT, "%-8s %-7s %d: %7.1f ms per %d examples (%.1f ms per %d)%n",
                            c[0], round == 0 ? "warm-up" : "round", round, ms, data.size(),
                            ms * training.size() / data.size(), training.size());
                }
            }
        }
    }

    private static int[] shuffled(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(BenchCase.SEED);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
