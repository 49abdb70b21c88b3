package nn.core;

import org.jblas.DoubleMatrix;

/**
 * Backpropagation of a whole mini-batch at once: the looped algorithm rewritten as matrix products, one
 * example per column.
 *
 * <p>With X the n_in × m input matrix and A_0 = X:
 * <pre>
 *   Z_l = W_l A_{l−1} + b_l 1ᵀ,   A_l = σ(Z_l)
 *   Δ_L = ∇_A C ⊙ σ′(Z_L)                      (BP1)
 *   Δ_l = (W_{l+1}ᵀ Δ_{l+1}) ⊙ σ′(Z_l)         (BP2)
 *   ∇b_l = Δ_l 1   (row sums)                  (BP3)
 *   ∇W_l = Δ_l A_{l−1}ᵀ                         (BP4)
 * </pre>
 * Every step runs on a {@link Blas} backend: the products, and σ, σ′ and BP1 through its {@link Elementwise}
 * kernels. Every matrix lives in the backend's storage and {@link Precision} (this class names no element
 * type): workspaces allocated once per network shape and mini-batch size and reused, so a training step
 * allocates nothing. Bias broadcast and row sums are products with a vector of ones (b 1ᵀ and Δ 1), so they run
 * in the backend's native code on its threads like every other product. A step folds BP4 into the weight update
 * with a single GEMM per layer, {@code W ← (1 − ηλ/n) W − (η/m) Δ Aᵀ}, and BP3 into the bias update,
 * {@code b ← b − (η/m) Δ 1}, so neither gradient is ever stored. A {@link #session training session} keeps the parameters in the backend's storage
 * for a whole run; {@link #gradient} and {@link #updateMiniBatch} copy them in and out per call when the backend
 * does not work on the heap (jblas does, and copies nothing).
 */
public final class BatchedBackprop implements Backprop {

    static final String NAME = "batched";

    /** Workspaces kept at once: training needs two (full and last mini-batch), evaluation rarely more. */
    private static final int CACHED_WORKSPACES = 4;

    private final Blas blas;
    private final Elementwise kernels;
    private final Workspace[] workspaces = new Workspace[CACHED_WORKSPACES];
    private int nextEvicted;
    /** The parameters of the network last given to {@link #gradient} or {@link #updateMiniBatch}. */
    private Parameters perCall;

    /**
     * An engine on the fastest backend that loads here, on one thread: OpenBLAS when nn-openblas is on the class
     * path (see {@link Blas#best()}), jblas otherwise. {@code new BatchedBackprop(Blas.jblas())} for jblas always.
     */
    public BatchedBackprop() {
        this(Blas.best().withThreads(1));
    }

    /** An engine on the given backend. */
    public BatchedBackprop(Blas blas) {
        this.blas = blas;
        this.kernels = blas.elementwise();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} The backend's. */
    @Override
    public Precision precision() {
        return blas.precision();
    }

    /** The backend every step runs on. */
    public Blas blas() {
        return blas;
    }

    @Override
    public void gradient(Network network, DoubleMatrix x, DoubleMatrix y, Gradients out) {
        Backprop.checkBatch(network, x, y);
        out.checkFits(network);
        Parameters p = parametersFor(network);
        Workspace ws = workspaceFor(network, x.columns);
        BlasMatrix inputs = ws.heapInputs.bind(x);
        BlasMatrix targets = ws.heapTargets.bind(y);
        ws.heapInputs.load();
        ws.heapTargets.load();
        feedforward(network, p, inputs, ws);
        outputError(network, targets, ws);
        for (int l = ws.layers - 1; l >= 0; l--) {
            BlasMatrix previous = l == 0 ? inputs : ws.a[l - 1];
            if (l > 0) {
                backpropagateError(network, p, l, ws);
            }
            BlasMatrix nablaB = ws.nablaB[l].bind(out.nablaB(l));
            BlasMatrix nablaW = ws.nablaW[l].bind(out.nablaW(l));
            blas.gemm(false, false, 1.0, ws.delta[l], ws.ones, 0.0, nablaB);   // BP3: ∇b = Δ 1
            blas.gemm(false, true, 1.0, ws.delta[l], previous, 0.0, nablaW);   // BP4: ∇W = Δ Aᵀ
            ws.nablaB[l].store();
            ws.nablaW[l].store();
        }
    }

    @Override
    public void updateMiniBatch(Network network, DoubleMatrix x, DoubleMatrix y, double eta, double lambda, int n) {
        Backprop.checkBatch(network, x, y);
        Parameters p = parametersFor(network);
        Workspace ws = workspaceFor(network, x.columns);
        BlasMatrix inputs = ws.heapInputs.bind(x);
        ws.heapInputs.load();
        BlasMatrix targets = ws.heapTargets.bind(y);
        ws.heapTargets.load();
        step(network, p, ws, inputs, targets, eta, lambda, n);
        p.store();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The parameters are copied into the backend's storage once, here, and back by
     * {@link TrainingSession#sync()}; mini-batches are copied straight into backend matrices.
     */
    @Override
    public TrainingSession session(Network network) {
        return new Session(network);
    }

    /** One SGD step with BP3 and BP4 fused into the updates, on parameters and a mini-batch in backend storage. */
    private void step(Network network, Parameters p, Workspace ws, BlasMatrix x, BlasMatrix y, double eta,
                      double lambda, int n) {
        int m = x.columns;
        double step = eta / m;
        double decay = 1 - eta * (lambda / n);
        feedforward(network, p, x, ws);
        outputError(network, y, ws);
        for (int l = ws.layers - 1; l >= 0; l--) {
            BlasMatrix previous = l == 0 ? x : ws.a[l - 1];
            if (l > 0) {
                backpropagateError(network, p, l, ws); // needs W_l before the update below changes it
            }
            // BP3 fused into the update: b → b − (η/m) Δ 1
            blas.gemm(false, false, -step, ws.delta[l], ws.ones, 1.0, p.biases[l]);
            // BP4 fused into the update: W → (1 − ηλ/n) W − (η/m) Δ Aᵀ
            blas.gemm(false, true, -step, ws.delta[l], previous, decay, p.weights[l]);
        }
    }

    /** Z_l = W_l A_{l−1} + b_l 1ᵀ and A_l = σ(Z_l), for every layer. */
    private void feedforward(Network network, Parameters p, BlasMatrix x, Workspace ws) {
        BlasMatrix previous = x;
        for (int l = 0; l < ws.layers; l++) {
            blas.gemm(false, true, 1.0, p.biases[l], ws.ones, 0.0, ws.z[l]);      // Z = b 1ᵀ
            blas.gemm(false, false, 1.0, p.weights[l], previous, 1.0, ws.z[l]);   // Z = W A + b 1ᵀ
            kernels.activate(network.activation(l), ws.z[l], ws.a[l]);            // A = σ(Z)
            previous = ws.a[l];
        }
    }

    /** BP1: Δ_L from the cost. */
    private void outputError(Network network, BlasMatrix y, Workspace ws) {
        int out = ws.layers - 1;
        kernels.outputError(network.cost(), network.activation(out), ws.z[out], ws.a[out], y, ws.delta[out]);
    }

    /** BP2: Δ_{l−1} = (W_lᵀ Δ_l) ⊙ σ′(Z_{l−1}). */
    private void backpropagateError(Network network, Parameters p, int l, Workspace ws) {
        blas.gemm(true, false, 1.0, p.weights[l], ws.delta[l], 0.0, ws.delta[l - 1]);
        kernels.multiplyByDerivative(network.activation(l - 1), ws.z[l - 1], ws.a[l - 1], ws.delta[l - 1]);
    }

    /** The per-call parameters bound to {@code network} and loaded (no copy on a heap backend). */
    private Parameters parametersFor(Network network) {
        if (perCall == null || !perCall.fits(network)) {
            perCall = new Parameters(blas, network);
        } else {
            perCall.bind(network);
        }
        perCall.load();
        return perCall;
    }

    private Workspace workspaceFor(Network network, int m) {
        for (Workspace ws : workspaces) {
            if (ws != null && ws.fits(network, m)) {
                return ws;
            }
        }
        Workspace ws = new Workspace(blas, network, m);
        workspaces[nextEvicted] = ws;
        nextEvicted = (nextEvicted + 1) % CACHED_WORKSPACES;
        return ws;
    }

    /** A run of one network with its parameters held in the backend's storage. */
    private final class Session implements TrainingSession {
        private final Network network;
        private final Parameters parameters;
        private boolean closed;

        Session(Network network) {
            this.network = network;
            this.parameters = new Parameters(blas, network);
            parameters.load();
        }

        @Override
        public MiniBatch newMiniBatch(int m) {
            checkOpen();
            if (m < 1) {
                throw new IllegalArgumentException("a mini-batch needs at least 1 example, got " + m);
            }
            return new MiniBatch(blas.allocate(network.inputSize(), m), blas.allocate(network.outputSize(), m));
        }

        @Override
        public void step(MiniBatch batch, double eta, double lambda, int n) {
            checkOpen();
            if (!batch.inputs().sameShape(network.inputSize(), batch.size())
                    || !batch.targets().sameShape(network.outputSize(), batch.size())) {
                throw new IllegalArgumentException("a mini-batch of " + batch.inputs() + " inputs and "
                        + batch.targets() + " targets does not fit " + network);
            }
            Workspace ws = workspaceFor(network, batch.size());
            BatchedBackprop.this.step(network, parameters, ws, batch.inputs(), batch.targets(), eta, lambda, n);
        }

        @Override
        public void sync() {
            checkOpen();
            parameters.store();
        }

        @Override
        public void close() {
            closed = true;
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("the training session is closed");
            }
        }
    }

    /** A network's weights and biases in the backend's storage. */
    private static final class Parameters {
        final Mirror[] weightMirrors;
        final Mirror[] biasMirrors;
        final BlasMatrix[] weights;
        final BlasMatrix[] biases;

        Parameters(Blas blas, Network network) {
            int layers = network.numLayers() - 1;
            weightMirrors = new Mirror[layers];
            biasMirrors = new Mirror[layers];
            weights = new BlasMatrix[layers];
            biases = new BlasMatrix[layers];
            for (int l = 0; l < layers; l++) {
                weightMirrors[l] = new Mirror(blas);
                biasMirrors[l] = new Mirror(blas);
            }
            bind(network);
        }

        boolean fits(Network network) {
            return network.numLayers() - 1 == weights.length;
        }

        void bind(Network network) {
            for (int l = 0; l < weights.length; l++) {
                weights[l] = weightMirrors[l].bind(network.weights[l]);
                biases[l] = biasMirrors[l].bind(network.biases[l]);
            }
        }

        void load() {
            for (int l = 0; l < weights.length; l++) {
                weightMirrors[l].load();
                biasMirrors[l].load();
            }
        }

        void store() {
            for (int l = 0; l < weights.length; l++) {
                weightMirrors[l].store();
                biasMirrors[l].store();
            }
        }
    }

    /**
     * Z, A and Δ for every layer after the input, for one network shape and mini-batch size m, and mirrors of
     * the heap matrices {@link #gradient} is given.
     */
    private static final class Workspace {
        final int[] sizes;
        final int m;
        final int layers;
        final BlasMatrix[] z;
        final BlasMatrix[] a;
        final BlasMatrix[] delta;
        /** 1, the {@code m × 1} vector of ones: Δ 1 sums the rows of Δ (BP3), b 1ᵀ repeats b in every column. */
        final BlasMatrix ones;
        final Mirror heapInputs;
        final Mirror heapTargets;
        final Mirror[] nablaW;
        final Mirror[] nablaB;

        Workspace(Blas blas, Network network, int m) {
            this.sizes = network.sizes();
            this.m = m;
            this.layers = sizes.length - 1;
            z = new BlasMatrix[layers];
            a = new BlasMatrix[layers];
            delta = new BlasMatrix[layers];
            nablaW = new Mirror[layers];
            nablaB = new Mirror[layers];
            for (int l = 0; l < layers; l++) {
                z[l] = blas.allocate(sizes[l + 1], m);
                a[l] = blas.allocate(sizes[l + 1], m);
                delta[l] = blas.allocate(sizes[l + 1], m);
                nablaW[l] = new Mirror(blas);
                nablaB[l] = new Mirror(blas);
            }
            ones = blas.allocate(m, 1);
            for (int i = 0; i < m; i++) {
                ones.set(i, 1.0);
            }
            heapInputs = new Mirror(blas);
            heapTargets = new Mirror(blas);
        }

        boolean fits(Network network, int columns) {
            if (columns != m || network.numLayers() != sizes.length) {
                return false;
            }
            for (int l = 0; l < sizes.length; l++) {
                if (sizeOf(network, l) != sizes[l]) {
                    return false;
                }
            }
            return true;
        }

        private static int sizeOf(Network network, int layer) {
            return layer == 0 ? network.weights[0].columns : network.weights[layer - 1].rows;
        }
    }
}
