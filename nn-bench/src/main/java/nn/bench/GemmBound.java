package nn.bench;

import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import org.jblas.DoubleMatrix;

/**
 * The matrix products the batched engine makes for one mini-batch, and nothing else: the same
 * {@link Blas#gemm} calls on the same backend, with the same shapes and transpose flags, on matrices allocated
 * once in the backend's storage (native memory for OpenBLAS, so no copies; Java arrays for jblas, which its JNI
 * copies on every call exactly as it does for the engine). The
 * engine's time over this time is what its own Java work (bias broadcast, σ, σ′, BP1, row sums, checks)
 * costs; a ratio near 1 means the engine is as fast as its BLAS lets it be.
 *
 * <p>Per layer l (W_l is n_l × n_{l−1}, A_{l−1} is n_{l−1} × m):
 * <pre>
 *   forward    Z_l ← W_l A_{l−1} + Z_l          ('N','N', β = 1: the engine pre-fills Z with the biases)
 *   backward   Δ_{l−1} ← W_lᵀ Δ_l               ('T','N', every layer but the first)
 *   gradient   ∇W_l ← Δ_l A_{l−1}ᵀ              ('N','T')  for {@link #gradient()}
 *   update     W_l ← decay W_l − step Δ_l A_{l−1}ᵀ ('N','T', β = decay)  for {@link #update()}
 * </pre>
 * The values are random and are never looked at; the products cost the same whatever they hold.
 */
final class GemmBound {

    private static final double STEP = 0.3;    // η/m for η = 3, m = 10; any value costs the same

    private final double decay;
    private final Blas blas;
    private final int layers;
    private final BlasMatrix x;
    private final BlasMatrix[] w;
    private final BlasMatrix[] z;
    private final BlasMatrix[] a;
    private final BlasMatrix[] delta;
    private final BlasMatrix[] nablaW;

    /**
     * @param decay β of the update, 1 − ηλ/n of the run it bounds: BLAS scales W by β before adding the
     *              product unless β = 1, so a run with λ = 0 must be bounded with 1 and one with λ &gt; 0 without
     */
    GemmBound(Blas blas, int[] sizes, int m, double decay) {
        this.blas = blas;
        this.decay = decay;
        SplittableRandom random = new SplittableRandom(BenchCase.SEED + 3);
        layers = sizes.length - 1;
        x = mirror(BenchCase.uniform(sizes[0], m, random));
        w = new BlasMatrix[layers];
        z = new BlasMatrix[layers];
        a = new BlasMatrix[layers];
        delta = new BlasMatrix[layers];
        nablaW = new BlasMatrix[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = mirror(BenchCase.uniform(sizes[l + 1], sizes[l], random).subi(0.5).divi(Math.sqrt(sizes[l])));
            z[l] = blas.allocate(sizes[l + 1], m);
            a[l] = mirror(BenchCase.uniform(sizes[l + 1], m, random));
            delta[l] = mirror(BenchCase.uniform(sizes[l + 1], m, random).subi(0.5));
            nablaW[l] = blas.allocate(sizes[l + 1], sizes[l]);
        }
    }

    /** On jblas, the reference. */
    GemmBound(int[] sizes, int m, double decay) {
        this(Blas.jblas(), sizes, m, decay);
    }

    /** The products of {@code BatchedBackprop.gradient}. */
    void gradient() {
        forward();
        for (int l = layers - 1; l >= 0; l--) {
            if (l > 0) {
                backward(l);
            }
            blas.gemm(false, true, 1.0, delta[l], previous(l), 0.0, nablaW[l]);
        }
    }

    /** The products of {@code BatchedBackprop.updateMiniBatch}, BP4 fused into the weight update. */
    void update() {
        forward();
        for (int l = layers - 1; l >= 0; l--) {
            if (l > 0) {
                backward(l);
            }
            blas.gemm(false, true, -STEP, delta[l], previous(l), decay, w[l]);
        }
    }

    /** The products of an epoch of {@code steps} fused updates; returns the {@link #checksum()}. */
    double epoch(int steps) {
        for (int k = 0; k < steps; k++) {
            update();
        }
        return checksum();
    }

    /** A value computed from the outputs, for JMH's blackhole. */
    double checksum() {
        return z[layers - 1].get(0) + nablaW[0].get(0) + w[0].get(0);
    }

    private BlasMatrix mirror(DoubleMatrix m) {
        return blas.mirror(m.rows, m.columns, m.data);
    }

    private void forward() {
        for (int l = 0; l < layers; l++) {
            blas.gemm(false, false, 1.0, w[l], previous(l), 1.0, z[l]);
        }
    }

    private void backward(int l) {
        blas.gemm(true, false, 1.0, w[l], delta[l], 0.0, delta[l - 1]);
    }

    private BlasMatrix previous(int l) {
        return l == 0 ? x : a[l - 1];
    }
}
