package nn.core;

import java.util.Arrays;
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
 * Every matrix lives in a workspace allocated once per network shape and mini-batch size and reused, so a
 * training step allocates nothing; {@link #updateMiniBatch} folds BP4 into the weight update with a single
 * GEMM per layer, {@code W ← (1 − ηλ/n) W − (η/m) Δ Aᵀ}, so ∇W is never stored.
 */
public final class BatchedBackprop implements Backprop {

    static final String NAME = "batched";

    /** Workspaces kept at once: training needs two (full and last mini-batch), evaluation rarely more. */
    private static final int CACHED_WORKSPACES = 4;

    private final Gemm gemm;
    private final Workspace[] workspaces = new Workspace[CACHED_WORKSPACES];
    private int nextEvicted;

    /** An engine on jblas. */
    public BatchedBackprop() {
        this(Gemm.jblas());
    }

    /** An engine on the given GEMM implementation. */
    public BatchedBackprop(Gemm gemm) {
        this.gemm = gemm;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void gradient(Network network, DoubleMatrix x, DoubleMatrix y, Gradients out) {
        Backprop.checkBatch(network, x, y);
        out.checkFits(network);
        Workspace ws = workspaceFor(network, x.columns);
        feedforward(network, x, ws);
        outputError(network, y, ws);
        for (int l = ws.layers - 1; l >= 0; l--) {
            DoubleMatrix previous = l == 0 ? x : ws.a[l - 1];
            if (l > 0) {
                backpropagateError(network, l, ws);
            }
            rowSums(ws.delta[l], out.nablaB(l).data);                         // BP3: ∇b = Δ 1
            gemm.gemm(false, true, 1.0, ws.delta[l], previous, 0.0, out.nablaW(l)); // BP4: ∇W = Δ Aᵀ
        }
    }

    @Override
    public void updateMiniBatch(Network network, DoubleMatrix x, DoubleMatrix y, double eta, double lambda, int n) {
        Backprop.checkBatch(network, x, y);
        Workspace ws = workspaceFor(network, x.columns);
        int m = x.columns;
        double step = eta / m;
        double decay = 1 - eta * (lambda / n);
        feedforward(network, x, ws);
        outputError(network, y, ws);
        for (int l = ws.layers - 1; l >= 0; l--) {
            DoubleMatrix previous = l == 0 ? x : ws.a[l - 1];
            if (l > 0) {
                backpropagateError(network, l, ws); // needs W_l before the update below changes it
            }
            double[] rowSum = ws.rowSum[l].data;
            rowSums(ws.delta[l], rowSum);                                      // BP3: ∇b = Δ 1
            double[] b = network.biases[l].data;
            for (int r = 0; r < b.length; r++) {
                b[r] -= step * rowSum[r];                                      // b → b − (η/m) ∇b
            }
            // BP4 fused into the update: W → (1 − ηλ/n) W − (η/m) Δ Aᵀ
            gemm.gemm(false, true, -step, ws.delta[l], previous, decay, network.weights[l]);
        }
    }

    /** Z_l = W_l A_{l−1} + b_l 1ᵀ and A_l = σ(Z_l), for every layer. */
    private void feedforward(Network network, DoubleMatrix x, Workspace ws) {
        DoubleMatrix previous = x;
        for (int l = 0; l < ws.layers; l++) {
            DoubleMatrix z = ws.z[l];
            double[] b = network.biases[l].data;
            // Start every column of Z at b so that one GEMM with β = 1 adds W A on top.
            for (int c = 0, offset = 0; c < z.columns; c++, offset += z.rows) {
                System.arraycopy(b, 0, z.data, offset, z.rows);
            }
            gemm.gemm(false, false, 1.0, network.weights[l], previous, 1.0, z);
            network.activation(l).apply(z, ws.a[l]);
            previous = ws.a[l];
        }
    }

    /** BP1: Δ_L from the cost. */
    private static void outputError(Network network, DoubleMatrix y, Workspace ws) {
        int out = ws.layers - 1;
        network.cost().delta(ws.z[out], ws.a[out], y, network.activation(out), ws.delta[out]);
    }

    /** BP2: Δ_{l−1} = (W_lᵀ Δ_l) ⊙ σ′(Z_{l−1}). */
    private void backpropagateError(Network network, int l, Workspace ws) {
        gemm.gemm(true, false, 1.0, network.weights[l], ws.delta[l], 0.0, ws.delta[l - 1]);
        network.activation(l - 1).multiplyByDerivative(ws.z[l - 1], ws.a[l - 1], ws.delta[l - 1]);
    }

    /** Sums each row of {@code m} into {@code sums}, walking memory in column-major order. */
    private static void rowSums(DoubleMatrix m, double[] sums) {
        Arrays.fill(sums, 0.0);
        double[] data = m.data;
        int rows = m.rows;
        for (int c = 0, offset = 0; c < m.columns; c++, offset += rows) {
            for (int r = 0; r < rows; r++) {
                sums[r] += data[offset + r];
            }
        }
    }

    private Workspace workspaceFor(Network network, int m) {
        for (Workspace ws : workspaces) {
            if (ws != null && ws.fits(network, m)) {
                return ws;
            }
        }
        Workspace ws = new Workspace(network, m);
        workspaces[nextEvicted] = ws;
        nextEvicted = (nextEvicted + 1) % CACHED_WORKSPACES;
        return ws;
    }

    /** Z, A and Δ for every layer after the input, for one network shape and mini-batch size m. */
    private static final class Workspace {
        final int[] sizes;
        final int m;
        final int layers;
        final DoubleMatrix[] z;
        final DoubleMatrix[] a;
        final DoubleMatrix[] delta;
        final DoubleMatrix[] rowSum;

        Workspace(Network network, int m) {
            this.sizes = network.sizes();
            this.m = m;
            this.layers = sizes.length - 1;
            z = new DoubleMatrix[layers];
            a = new DoubleMatrix[layers];
            delta = new DoubleMatrix[layers];
            rowSum = new DoubleMatrix[layers];
            for (int l = 0; l < layers; l++) {
                z[l] = new DoubleMatrix(sizes[l + 1], m);
                a[l] = new DoubleMatrix(sizes[l + 1], m);
                delta[l] = new DoubleMatrix(sizes[l + 1], m);
                rowSum[l] = new DoubleMatrix(sizes[l + 1], 1);
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
