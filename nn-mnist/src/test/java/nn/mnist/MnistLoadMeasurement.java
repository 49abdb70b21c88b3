package nn.mnist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures how long loading takes and how much heap the loaded images hold, for the numbers in the README. Run it
 * in a fresh JVM (see README.md for the command): the first load is what a user waits for.
 *
 * <p>Arguments: a directory in MNIST's layout (optionally followed by {@code verified} to include the SHA-256
 * check), a Kaggle CSV file, or {@code --locate} to go the trainer's way: {@link Mnist#locateAndLoad} with no
 * directory ($MNIST_DIR, the cache, or a download).
 */
public final class MnistLoadMeasurement {

    private MnistLoadMeasurement() {
    }

    /** Loads once cold and five times warm, printing time and retained heap. */
    public static void main(String[] args) throws Exception {
        boolean locate = args[0].equals("--locate");
        Path source = locate ? null : Path.of(args[0]);
        boolean verified = args.length > 1 && args[1].equals("verified");
        String what = locate ? "located" : Files.isDirectory(source) ? (verified ? "verified" : "structure only") : "Kaggle CSV";
        long baseline = usedHeapAfterGc();
        long start = System.nanoTime();
        Object data = load(source, verified);
        long cold = System.nanoTime() - start;
        long retained = usedHeapAfterGc() - baseline;
        System.out.printf("%s (%s): %s; first load %.0f ms, heap retained %.1f MiB (max heap %.0f MiB)%n",
                locate ? "MNIST" : source, what, data, cold / 1e6, retained / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
        data = null;
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            start = System.nanoTime();
            data = load(source, verified);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("best of 5 warm loads: %.0f ms%n", best / 1e6);
    }

    private static Object load(Path source, boolean verified) throws IOException {
        if (source == null) {
            return Mnist.locateAndLoad(DatasetKind.MNIST, null);
        }
        if (!Files.isDirectory(source)) {
            return KaggleCsvReader.read(source);
        }
        // The data itself, not a summary of it: what it holds is what the heap measurement is about.
        return Mnist.load(source, verified ? DatasetKind.MNIST : DatasetKind.OTHER);
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
