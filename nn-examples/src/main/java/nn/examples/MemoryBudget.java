package nn.examples;

import java.util.Locale;

/**
 * Checks, before anything is allocated, that a network and its training fit in the memory this Java may use, so
 * that sizes too large end in one line saying what is needed and how to give it, not in an
 * {@code OutOfMemoryError} or a failed native allocation half-way into the work.
 *
 * <p>The estimate counts what training holds: the network's weights and biases four times on the heap (the
 * network, the trainer's and {@code Sgd}'s last good copies, the gradient sums), three more times in native memory
 * on OpenBLAS (its copy of the weights and the gradient sums), and per mini-batch column every layer's z, a and δ
 * plus the input and target columns of two batches (the one trained and the one prefetched). JavaCPP, which
 * allocates OpenBLAS's native memory, allows by default as much native memory as the heap may take, so both
 * parts are compared with the heap's maximum.
 */
final class MemoryBudget {

    /** A Java array, and so one jblas matrix, holds at most this many numbers. */
    static final long MAX_MATRIX_ENTRIES = Integer.MAX_VALUE - 8;

    /** Images {@code Network.accuracy} and {@code totalCost} feed forward at once. */
    static final int EVALUATION_COLUMNS = 1000;

    private MemoryBudget() {
    }

    /**
     * Refuses, with a one-line usage error, sizes whose matrices cannot exist in Java or whose training needs more
     * memory than {@link Runtime#maxMemory()}.
     */
    static void check(int[] sizes, int batch, boolean nativeBackend, int bytesPerNumber) {
        check(sizes, batch, nativeBackend, bytesPerNumber, Runtime.getRuntime().maxMemory());
    }

    /**
     * As {@link #check(int[], int, boolean, int)} against {@code maxMemory}; {@code bytesPerNumber} is the
     * backend's precision (4 for float32, 8 for float64), which sizes its native memory; the network on the heap
     * is always float64.
     */
    static void check(int[] sizes, int batch, boolean nativeBackend, int bytesPerNumber, long maxMemory) {
        for (int l = 1; l < sizes.length; l++) {
            long weights = (long) sizes[l] * sizes[l - 1];
            if (weights > MAX_MATRIX_ENTRIES) {
                throw CliException.usage("--sizes " + TrainCommand.join(sizes) + ": layer " + l + "'s weight matrix"
                        + " would hold " + sizes[l] + " × " + sizes[l - 1] + " = " + weights + " numbers, more than"
                        + " the " + MAX_MATRIX_ENTRIES + " one matrix can hold; use smaller layers");
            }
        }
        for (int size : sizes) {
            if ((long) size * batch > MAX_MATRIX_ENTRIES) {
                throw CliException.usage("--batch " + batch + " with a layer of " + size + " neurons needs a"
                        + " matrix of " + (long) size * batch + " numbers, more than the " + MAX_MATRIX_ENTRIES
                        + " one matrix can hold; use a smaller --batch");
            }
        }
        long heap = heapBytes(sizes, batch, nativeBackend);
        long offHeap = nativeBytes(sizes, batch, nativeBackend) / 8 * bytesPerNumber;
        long total = heap + offHeap;
        if (heap > maxMemory || offHeap > maxMemory) {
            long need = Math.max(heap, offHeap);
            throw CliException.usage(String.format(Locale.ROOT, "--sizes %s with --batch %d needs about %s of"
                            + " memory to train (%d parameters), more than the %s this Java may use: give it more"
                            + " with JAVA_TOOL_OPTIONS=-Xmx%dg (if the machine has it), or choose smaller"
                            + " --sizes or --batch",
                    TrainCommand.join(sizes), batch, bytes(total), parameters(sizes), bytes(maxMemory),
                    gibibytesAbove(need)));
        }
    }

    /** Weights and biases of a network of these sizes. */
    static long parameters(int[] sizes) {
        long n = 0;
        for (int l = 1; l < sizes.length; l++) {
            n += (long) sizes[l] * sizes[l - 1] + sizes[l];
        }
        return n;
    }

    /**
     * Heap bytes: four copies of the parameters and the evaluation's activations (a layer's z and a for
     * {@value #EVALUATION_COLUMNS} images at a time); with jblas also the mini-batch workspace.
     */
    static long heapBytes(int[] sizes, int batch, boolean nativeBackend) {
        long evaluation = 0;
        for (int size : sizes) {
            evaluation += 2L * 8 * EVALUATION_COLUMNS * size;
        }
        return 4 * 8 * parameters(sizes) + evaluation + (nativeBackend ? 0 : workspace(sizes, batch));
    }

    /** Native bytes on OpenBLAS: three copies of the parameters and the mini-batch workspace. */
    static long nativeBytes(int[] sizes, int batch, boolean nativeBackend) {
        return nativeBackend ? 3 * 8 * parameters(sizes) + workspace(sizes, batch) : 0;
    }

    private static long workspace(int[] sizes, int batch) {
        long perColumn = 2L * (sizes[0] + sizes[sizes.length - 1]);
        for (int l = 1; l < sizes.length; l++) {
            perColumn += 3L * sizes[l];
        }
        return 8 * perColumn * batch;
    }

    /** A size in the units people give to -Xmx. */
    static String bytes(long n) {
        double mib = n / (double) (1 << 20);
        return mib < 1024 ? String.format(Locale.ROOT, "%.0f MiB", mib)
                : String.format(Locale.ROOT, "%.1f GiB", mib / 1024);
    }

    /** The whole number of GiB above {@code n} bytes, with a quarter more for everything else the JVM holds. */
    static long gibibytesAbove(long n) {
        return Math.max(1, (long) Math.ceil(n * 1.25 / (1L << 30)));
    }
}
