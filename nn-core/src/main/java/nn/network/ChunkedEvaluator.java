package nn.network;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Precision;
import nn.data.Dataset;
import nn.internal.HeapMatrix;
import nn.internal.JblasNatives;
import org.jblas.DoubleMatrix;

/**
 * Cost and accuracy of a network over a whole dataset in one feedforward pass ({@link Network#evaluate}): the
 * data goes through in chunks of {@link #CHUNK} examples, each one matrix per layer, and the chunks are shared
 * out among every core (the calling thread and a small pool of daemon threads).
 *
 * <p>The figures do not depend on how the chunks fall to the threads: each chunk's cost is kept in its own slot
 * and the slots are summed in chunk order at the end, and the correct count is an integer. Each thread has its
 * own workspace (the chunk's inputs and targets and every layer's activations); the last set of workspaces is
 * kept for the next call, so evaluating after every epoch allocates only when the network's shape changes or two
 * evaluations run at once.
 *
 * <p>The products run on the backend {@link Blas#best()} finds, one thread per product (each core already has
 * its own chunk). On jblas, whose products hold {@link JblasNatives#LOCK}, the products take turns and the rest
 * (copying the inputs, σ, the cost) still runs on every core.
 */
final class ChunkedEvaluator {

    /**
     * Examples per chunk. Today's trainer evaluated in chunks of the same size, so the cost is summed in the same
     * grouping as before; 784 × 1000 inputs are 6 MB, so that two threads' chunks stay in a shared cache.
     */
    static final int CHUNK = 1000;

    private static final int CORES = Runtime.getRuntime().availableProcessors();

    /** The workspaces of the last call, for the next one; taken (set to null) while a call uses them. */
    private static final AtomicReference<Workspace[]> CACHED = new AtomicReference<>();

    private final Blas blas;
    private final int chunk;
    private final int threads;

    /**
     * @param blas    the float64 backend the products run on
     * @param chunk   examples per chunk, at least 1
     * @param threads threads to share the chunks among, at least 1 (the caller and {@code threads − 1} from the
     *                pool)
     */
    ChunkedEvaluator(Blas blas, int chunk, int threads) {
        if (blas.precision() != Precision.FLOAT64) {
            throw new IllegalArgumentException("evaluation runs in float64, not on a " + blas.description());
        }
        if (chunk < 1 || threads < 1) {
            throw new IllegalArgumentException("chunk and threads must be at least 1, got " + chunk + " and "
                    + threads);
        }
        this.blas = blas;
        this.chunk = chunk;
        this.threads = threads;
    }

    /** The evaluator {@link Network#evaluate} uses: the best backend, chunks of {@link #CHUNK}, every core. */
    static ChunkedEvaluator standard() {
        return Standard.INSTANCE;
    }

    /** Loaded on first use, so that finding the best backend waits until something is evaluated. */
    private static final class Standard {
        static final ChunkedEvaluator INSTANCE = new ChunkedEvaluator(Blas.best().withThreads(1), CHUNK, CORES);
    }

    /** The pool's threads live as long as the process, as daemons, and start on first use. */
    private static final class Pool {
        static final ExecutorService THREADS = Executors.newFixedThreadPool(Math.max(1, CORES - 1), task -> {
            Thread t = new Thread(task, "nn-evaluate");
            t.setDaemon(true);
            return t;
        });
    }

    /** Evaluates {@code network} on {@code data}; both already checked to fit each other. */
    Evaluation evaluate(Network network, Dataset data) {
        return evaluate(network, data, threads);
    }

    /** As {@link #evaluate(Network, Dataset)} on at most {@code maxThreads} threads, the caller's included. */
    Evaluation evaluate(Network network, Dataset data, int maxThreads) {
        return evaluate(network, data, maxThreads, null);
    }

    /**
     * As {@link #evaluate(Network, Dataset, int)}, also writing each example's predicted class into
     * {@code predicted} (one entry per example), when it is not null.
     */
    Evaluation evaluate(Network network, Dataset data, int maxThreads, int[] predicted) {
        int n = data.size();
        int chunks = (n + chunk - 1) / chunk;
        Parameters parameters = new Parameters(blas, network);
        int[] order = Network.identity(n);
        double[] chunkCost = new double[chunks];
        int[] chunkCorrect = new int[chunks];
        AtomicInteger next = new AtomicInteger();
        int used = Math.min(Math.min(threads, maxThreads), chunks);
        Workspace[] workspaces = takeWorkspaces(network, used);
        List<Future<?>> helpers = new ArrayList<>(used - 1);
        try {
            for (int t = 1; t < used; t++) {
                Workspace ws = workspaces[t];
                helpers.add(Pool.THREADS.submit(() -> work(network, parameters, data, order, ws, next, chunks,
                        chunkCost, chunkCorrect, predicted)));
            }
            work(network, parameters, data, order, workspaces[0], next, chunks, chunkCost, chunkCorrect, predicted);
        } finally {
            next.set(chunks); // on a failure here, the helpers take no further chunk
            awaitAll(helpers);
        }
        CACHED.set(workspaces);
        double costSum = 0.0;
        int correct = 0;
        for (int c = 0; c < chunks; c++) { // in chunk order, whichever thread computed which
            costSum += chunkCost[c];
            correct += chunkCorrect[c];
        }
        return new Evaluation(costSum, correct, n);
    }

    /** Takes chunks until there are none left. */
    private void work(Network network, Parameters p, Dataset data, int[] order, Workspace ws, AtomicInteger next,
                      int chunks, double[] chunkCost, int[] chunkCorrect, int[] predicted) {
        int n = data.size();
        for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
            int from = c * chunk;
            int m = Math.min(chunk, n - from);
            Workspace w = m == chunk ? ws : new Workspace(blas, network.sizes(), m); // the short last chunk
            data.copyBatch(order, from, m, w.x, w.y);
            int last = w.a.length - 1;
            BlasMatrix previous = w.x;
            for (int l = 0; l < last; l++) {
                // Hidden layers transposed, zᵀ = aᵀ wᵀ (+ b in every row): the chunk's long side is the product's
                // rows, which OpenBLAS multiplies faster than a 30-row w a (measured: about 1.5× at 784×30×1000).
                blas.gemm(l == 0, true, 1.0, previous, p.weights[l], 0.0, w.a[l]);
                addBiasToRows(w.a[l], network.biases[l].data);
                network.activation(l).apply(w.a[l], w.a[l]); // elementwise (only the output may be softmax)
                previous = w.a[l];
            }
            // The output layer as columns, z = w a + b, so that softmax and the cost see one example per column.
            blas.gemm(false, last > 0, 1.0, p.weights[last], previous, 0.0, w.a[last]);
            addBiasToColumns(w.a[last], network.biases[last].data);
            network.activation(last).apply(w.a[last], w.a[last]);
            previous = w.a[last];
            previous.get(0, w.output.data, 0, w.output.length);
            chunkCost[c] = network.cost().fn(w.output, w.targets);
            int correct = 0;
            for (int j = 0; j < m; j++) {
                int predictedClass = Network.argmax(w.output, j);
                if (predicted != null) {
                    predicted[from + j] = predictedClass;
                }
                if (predictedClass == data.label(from + j)) {
                    correct++;
                }
            }
            chunkCorrect[c] = correct;
        }
    }

    /** z + b 1ᵀ: bias r added to row r of every column. */
    private static void addBiasToColumns(BlasMatrix z, double[] bias) {
        for (int c = 0, i = 0; c < z.columns; c++) {
            for (int r = 0; r < z.rows; r++, i++) {
                z.set(i, z.get(i) + bias[r]);
            }
        }
    }

    /** zᵀ + 1 bᵀ: bias r added to every row of column r. */
    private static void addBiasToRows(BlasMatrix zT, double[] bias) {
        for (int r = 0, i = 0; r < zT.columns; r++) {
            double b = bias[r];
            for (int j = 0; j < zT.rows; j++, i++) {
                zT.set(i, zT.get(i) + b);
            }
        }
    }

    /** Waits for every helper, even when interrupted (they use this call's workspaces), then rethrows a failure. */
    private static void awaitAll(List<Future<?>> helpers) {
        boolean interrupted = false;
        Throwable failure = null;
        for (Future<?> f : helpers) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof RuntimeException r) {
            throw r;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    /** The cached workspaces when they fit, otherwise new ones. */
    private Workspace[] takeWorkspaces(Network network, int count) {
        Workspace[] cached = CACHED.getAndSet(null);
        if (cached != null && cached.length >= count && cached[0].blas == blas && cached[0].fits(network, chunk)) {
            return cached;
        }
        Workspace[] fresh = new Workspace[count];
        for (int t = 0; t < count; t++) {
            fresh[t] = new Workspace(blas, network.sizes(), chunk);
        }
        return fresh;
    }

    /** The weights in the backend's storage (the array itself on jblas); the biases are read from the heap. */
    private static final class Parameters {
        final BlasMatrix[] weights;

        Parameters(Blas blas, Network network) {
            weights = new BlasMatrix[network.numLayers() - 1];
            for (int l = 0; l < weights.length; l++) {
                DoubleMatrix w = network.weights[l];
                weights[l] = blas.mirror(w.rows, w.columns, w.data);
            }
        }
    }

    /** One thread's matrices for chunks of {@code m} examples. */
    private static final class Workspace {
        final Blas blas;
        final int[] sizes;
        final BlasMatrix x;
        final DoubleMatrix targets;
        final BlasMatrix y;
        /**
         * Each layer's activations, computed in place over its weighted inputs: transposed (one example per row)
         * for the hidden layers, one example per column for the output layer.
         */
        final BlasMatrix[] a;
        /** The output layer's activations on the heap, for the cost and the predicted classes. */
        final DoubleMatrix output;

        Workspace(Blas blas, int[] sizes, int m) {
            this.blas = blas;
            this.sizes = sizes;
            x = blas.allocate(sizes[0], m);
            targets = new DoubleMatrix(sizes[sizes.length - 1], m);
            y = HeapMatrix.wrap(targets);
            a = new BlasMatrix[sizes.length - 1];
            for (int l = 0; l < a.length; l++) {
                boolean output = l == a.length - 1;
                a[l] = output ? blas.allocate(sizes[l + 1], m) : blas.allocate(m, sizes[l + 1]); // hidden: aᵀ
            }
            output = new DoubleMatrix(sizes[sizes.length - 1], m);
        }

        boolean fits(Network network, int m) {
            return x.columns == m && java.util.Arrays.equals(sizes, network.sizes());
        }
    }
}
