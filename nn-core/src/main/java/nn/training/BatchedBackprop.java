package nn.training;

import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Elementwise;
import nn.backend.Precision;
import nn.internal.MiniBatch;
import nn.internal.Mirror;
import nn.internal.OptimizerStates;
import nn.internal.ParameterKernels;
import nn.internal.TrainingSession;
import nn.network.Network;
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
 * {@code b ← b − (η/m) Δ 1}, so neither gradient is ever stored. A {@link #session training session} keeps the
 * parameters in the backend's storage for a whole run; {@link #gradient} and {@link #updateMiniBatch} copy them in
 * and out per call when the backend does not work on the heap (jblas does, and copies nothing).
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

    /**
     * An engine on the given backend.
     *
     * @param blas the backend of every product and element-wise kernel, in its precision and thread count, e.g.
     *             {@code Blas.best().withThreads(4)} or {@code Blas.jblas()}
     */
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

    /**
     * The backend every step runs on.
     *
     * @return the backend given to the constructor
     */
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
        feedforward(network, p, inputs, ws, null);
        outputError(network, targets, ws);
        for (int l = ws.layers - 1; l >= 0; l--) {
            BlasMatrix previous = l == 0 ? inputs : ws.a[l - 1];
            if (l > 0) {
                backpropagateError(network, p, l, ws, null);
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
    public TrainingSession session(Network network, UpdateRule rule) {
        rule.checkFits(network);
        return new Session(network, rule);
    }

    /** One SGD step of plain gradient descent with L2, as {@link #updateMiniBatch} takes it. */
    private void step(Network network, Parameters p, Workspace ws, BlasMatrix x, BlasMatrix y, double eta,
                      double lambda, int n) {
        feedforward(network, p, x, ws, null);
        outputError(network, y, ws);
        for (int l = ws.layers - 1; l >= 0; l--) {
            if (l > 0) {
                backpropagateError(network, p, l, ws, null); // needs W_l before the update below changes it
            }
            plainStep(p, ws, l, l == 0 ? x : ws.a[l - 1], x.columns, eta, lambda, 0.0, n);
        }
    }

    /**
     * One step of a run's {@link UpdateRule}: dropout masks drawn from {@code random}, backpropagation, then per
     * layer the plain step (BP3 and BP4 fused into it) or the gradient, and the optimiser's update.
     */
    private void step(Network network, Parameters p, OptimizerState s, Workspace ws, BlasMatrix x, BlasMatrix y,
                      double eta, long t, SplittableRandom random) {
        UpdateRule rule = s.rule;
        int m = x.columns;
        ws.drawMasks(rule, random);
        feedforward(network, p, x, ws, rule);
        outputError(network, y, ws);
        Optimizer optimizer = rule.optimizer();
        for (int l = ws.layers - 1; l >= 0; l--) {
            BlasMatrix previous = l == 0 ? x : ws.input(l - 1, rule);
            if (l > 0) {
                backpropagateError(network, p, l, ws, rule); // needs W_l before the update below changes it
            }
            BlasMatrix w = p.weights[l];
            BlasMatrix b = p.biases[l];
            switch (optimizer.input()) {
                case GRADIENT:
                    blas.gemm(false, true, 1.0 / m, ws.delta[l], previous, 0.0, s.givenW[l]); // BP4: ∇W = Δ Aᵀ / m
                    blas.gemm(false, false, 1.0 / m, ws.delta[l], ws.ones, 0.0, s.givenB[l]); // BP3: ∇b = Δ 1 / m
                    ParameterKernels.addRegularisation(s.givenW[l], w, rule.lambda() / rule.n(),
                            rule.lambda1() / rule.n());
                    break;
                case PREVIOUS_PARAMETERS:
                    copy(ws, w, s.givenW[l]);
                    copy(ws, b, s.givenB[l]);
                    plainStep(p, ws, l, previous, m, eta, rule.lambda(), rule.lambda1(), rule.n());
                    break;
                default:
                    plainStep(p, ws, l, previous, m, eta, rule.lambda(), rule.lambda1(), rule.n());
            }
            update(ws, optimizer, w, s.givenW[l], s.weights[l], eta, t);
            update(ws, optimizer, b, s.givenB[l], s.biases[l], eta, t);
        }
    }

    // The optimiser's update, the copy before the plain step and dropout's masking touch every entry on its own:
    // they are split across the elementwise threads like σ, through kernel objects kept in the workspace.

    private void update(Workspace ws, Optimizer optimizer, BlasMatrix p, BlasMatrix given, BlasMatrix[] state,
                        double eta, long t) {
        OptimizerUpdate u = ws.update;
        u.optimizer = optimizer;
        u.p = p;
        u.given = given;
        u.state = state;
        u.eta = eta;
        u.t = t;
        kernels.forEachEntry(p.length(), u);
    }

    private void copy(Workspace ws, BlasMatrix from, BlasMatrix to) {
        ws.copy.from = from;
        ws.copy.to = to;
        kernels.forEachEntry(from.length(), ws.copy);
    }

    private void multiply(Workspace ws, BlasMatrix a, BlasMatrix mask, BlasMatrix out) {
        ws.multiply.a = a;
        ws.multiply.mask = mask;
        ws.multiply.out = out;
        kernels.forEachEntry(a.length(), ws.multiply);
    }

    /** {@link Optimizer#update} over a range of entries. */
    private static final class OptimizerUpdate implements Elementwise.EntryKernel {
        Optimizer optimizer;
        BlasMatrix p;
        BlasMatrix given;
        BlasMatrix[] state;
        double eta;
        long t;

        @Override
        public void apply(int from, int to) {
            optimizer.update(p, given, state, eta, t, from, to);
        }
    }

    /** {@link ParameterKernels#copy} over a range of entries. */
    private static final class Copy implements Elementwise.EntryKernel {
        BlasMatrix from;
        BlasMatrix to;

        @Override
        public void apply(int start, int end) {
            ParameterKernels.copy(from, to, start, end);
        }
    }

    /** {@link ParameterKernels#multiply} over a range of entries. */
    private static final class Multiply implements Elementwise.EntryKernel {
        BlasMatrix a;
        BlasMatrix mask;
        BlasMatrix out;

        @Override
        public void apply(int start, int end) {
            ParameterKernels.multiply(a, mask, out, start, end);
        }
    }

    /**
     * The book's step for layer l with BP3 and BP4 fused into it, so neither gradient is stored:
     * {@code b → b − (η/m) Δ 1} and {@code W → (1 − ηλ/n) W − (ηλ₁/n) sgn(W) − (η/m) Δ Aᵀ}.
     */
    private void plainStep(Parameters p, Workspace ws, int l, BlasMatrix previous, int m, double eta, double lambda,
                           double lambda1, int n) {
        double step = eta / m;
        double decay = 1 - eta * (lambda / n);
        // BP3 fused into the update: b → b − (η/m) Δ 1
        blas.gemm(false, false, -step, ws.delta[l], ws.ones, 1.0, p.biases[l]);
        if (lambda1 == 0) {
            // BP4 fused into the update: W → (1 − ηλ/n) W − (η/m) Δ Aᵀ
            blas.gemm(false, true, -step, ws.delta[l], previous, decay, p.weights[l]);
        } else {
            ParameterKernels.shrink(p.weights[l], decay, eta * (lambda1 / n));    // (1 − ηλ/n) W − (ηλ₁/n) sgn(W)
            blas.gemm(false, true, -step, ws.delta[l], previous, 1.0, p.weights[l]); // BP4 fused: − (η/m) Δ Aᵀ
        }
    }

    /**
     * Z_l = W_l A_{l−1} + b_l 1ᵀ and A_l = σ(Z_l), for every layer; with dropout, the next layer reads
     * A_l ⊙ M_l, while A_l itself stays for σ′.
     */
    private void feedforward(Network network, Parameters p, BlasMatrix x, Workspace ws, UpdateRule rule) {
        BlasMatrix previous = x;
        for (int l = 0; l < ws.layers; l++) {
            blas.gemm(false, true, 1.0, p.biases[l], ws.ones, 0.0, ws.z[l]);      // Z = b 1ᵀ
            blas.gemm(false, false, 1.0, p.weights[l], previous, 1.0, ws.z[l]);   // Z = W A + b 1ᵀ
            kernels.activate(network.activation(l), ws.z[l], ws.a[l]);            // A = σ(Z)
            if (rule != null && rule.dropout(l) > 0) {
                multiply(ws, ws.a[l], ws.mask[l], ws.dropped[l]);                 // inverted dropout: A ⊙ M
            }
            previous = ws.input(l, rule);
        }
    }

    /** BP1: Δ_L from the cost. */
    private void outputError(Network network, BlasMatrix y, Workspace ws) {
        int out = ws.layers - 1;
        kernels.outputError(network.cost(), network.activation(out), ws.z[out], ws.a[out], y, ws.delta[out]);
    }

    /** BP2: Δ_{l−1} = (W_lᵀ Δ_l) ⊙ σ′(Z_{l−1}), and ⊙ M_{l−1} for a layer with dropout. */
    private void backpropagateError(Network network, Parameters p, int l, Workspace ws, UpdateRule rule) {
        blas.gemm(true, false, 1.0, p.weights[l], ws.delta[l], 0.0, ws.delta[l - 1]);
        kernels.multiplyByDerivative(network.activation(l - 1), ws.z[l - 1], ws.a[l - 1], ws.delta[l - 1]);
        if (rule != null && rule.dropout(l - 1) > 0) {
            multiply(ws, ws.delta[l - 1], ws.mask[l - 1], ws.delta[l - 1]);
        }
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
        private final OptimizerState state;
        private boolean closed;

        Session(Network network, UpdateRule rule) {
            this.network = network;
            this.parameters = new Parameters(blas, network);
            this.state = new OptimizerState(blas, network, rule);
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
        public void step(MiniBatch batch, double eta, long t, SplittableRandom random) {
            checkOpen();
            if (!batch.inputs().sameShape(network.inputSize(), batch.size())
                    || !batch.targets().sameShape(network.outputSize(), batch.size())) {
                throw new IllegalArgumentException("a mini-batch of " + batch.inputs() + " inputs and "
                        + batch.targets() + " targets does not fit " + network);
            }
            Workspace ws = workspaceFor(network, batch.size());
            BatchedBackprop.this.step(network, parameters, state, ws, batch.inputs(), batch.targets(), eta, t,
                    random);
        }

        @Override
        public double[][] optimizerState() {
            checkOpen();
            return state.toArrays();
        }

        @Override
        public void restoreOptimizerState(double[][] saved) {
            checkOpen();
            state.restore(saved);
        }

        @Override
        public boolean updatesNetworkInPlace() {
            return parameters.shared();
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

    /**
     * What a run's optimiser keeps per parameter matrix, in the backend's storage: its state matrices, and the
     * matrix {@link Optimizer#update} is given (the gradient, or the parameters before the plain step).
     */
    private static final class OptimizerState {
        final UpdateRule rule;
        final BlasMatrix[][] weights;
        final BlasMatrix[][] biases;
        final BlasMatrix[] givenW;
        final BlasMatrix[] givenB;

        OptimizerState(Blas blas, Network network, UpdateRule rule) {
            this.rule = rule;
            int layers = network.numLayers() - 1;
            int k = rule.optimizer().stateMatrices();
            boolean given = rule.optimizer().input() != Optimizer.Input.NONE;
            weights = new BlasMatrix[layers][k];
            biases = new BlasMatrix[layers][k];
            givenW = new BlasMatrix[layers];
            givenB = new BlasMatrix[layers];
            for (int l = 0; l < layers; l++) {
                int rows = network.weights[l].rows;
                int columns = network.weights[l].columns;
                for (int s = 0; s < k; s++) {
                    weights[l][s] = zeros(blas, rows, columns);
                    biases[l][s] = zeros(blas, rows, 1);
                }
                if (given) {
                    givenW[l] = blas.allocate(rows, columns);
                    givenB[l] = blas.allocate(rows, 1);
                }
            }
        }

        private static BlasMatrix zeros(Blas blas, int rows, int columns) {
            BlasMatrix m = blas.allocate(rows, columns);
            ParameterKernels.zero(m);
            return m;
        }

        double[][] toArrays() {
            return OptimizerStates.toArrays(weights, biases);
        }

        void restore(double[][] saved) {
            OptimizerStates.restore(saved, weights, biases);
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

        /** Whether any parameter matrix is the network's own storage (jblas) rather than a copy. */
        boolean shared() {
            for (int l = 0; l < weights.length; l++) {
                if (weightMirrors[l].isShared() || biasMirrors[l].isShared()) {
                    return true;
                }
            }
            return false;
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
        /** Dropout's masks M_l and A_l ⊙ M_l, for the hidden layers that drop neurons (allocated when first needed). */
        final BlasMatrix[] mask;
        final BlasMatrix[] dropped;
        /** The entry kernels of this workspace's steps, reused every step. */
        final OptimizerUpdate update = new OptimizerUpdate();
        final Copy copy = new Copy();
        final Multiply multiply = new Multiply();
        private final Blas blas;

        Workspace(Blas blas, Network network, int m) {
            this.blas = blas;
            this.sizes = network.sizes();
            this.m = m;
            this.layers = sizes.length - 1;
            z = new BlasMatrix[layers];
            a = new BlasMatrix[layers];
            mask = new BlasMatrix[layers];
            dropped = new BlasMatrix[layers];
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

        /** The activations layer l + 1 reads: A_l, or A_l ⊙ M_l when {@code rule} drops neurons of layer l. */
        BlasMatrix input(int l, UpdateRule rule) {
            return rule != null && rule.dropout(l) > 0 ? dropped[l] : a[l];
        }

        /** Draws this step's dropout masks, layer by layer, each in column-major order. */
        void drawMasks(UpdateRule rule, SplittableRandom random) {
            for (int l = 0; l < layers - 1; l++) {
                double rate = rule.dropout(l);
                if (rate > 0) {
                    if (mask[l] == null) {
                        mask[l] = blas.allocate(sizes[l + 1], m);
                        dropped[l] = blas.allocate(sizes[l + 1], m);
                    }
                    ParameterKernels.drawMask(mask[l], rate, random);
                }
            }
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
