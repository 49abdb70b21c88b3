package nn.mnist;

import java.nio.file.Path;

/**
 * Measures how long loading all 70,000 images takes and how much heap they hold, for the numbers in the README.
 * Run it in a fresh JVM (see README.md for the command): the first load is what a user waits for.
 *
 * <p>Arguments: the directory holding the four files, and optionally {@code verified} to include the SHA-256 check.
 */
public final class MnistLoadMeasurement {

    private MnistLoadMeasurement() {
    }

    /** Loads the dataset once cold and five times warm, printing time and retained heap. */
    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        DatasetKind kind = args.length > 1 && args[1].equals("verified") ? DatasetKind.MNIST : DatasetKind.OTHER;
        long baseline = usedHeapAfterGc();
        long start = System.nanoTime();
        MnistData data = Mnist.load(directory, kind);
        long cold = System.nanoTime() - start;
        long retained = usedHeapAfterGc() - baseline;
        System.out.printf("%s, %s: %,d images, first load %.0f ms, heap retained %.1f MiB (max heap %.0f MiB)%n",
                directory, kind == DatasetKind.MNIST ? "verified" : "structure only",
                data.fullTraining().size() + data.test().size(), cold / 1e6, retained / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        data = null;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            start = System.nanoTime();
            data = Mnist.load(directory, kind);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("best of 5 warm loads: %.0f ms (%d images)%n", best / 1e6, data.fullTraining().size());
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
