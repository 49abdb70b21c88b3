package nn.bench;

import java.util.SplittableRandom;
import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * The matrix products the batched engine makes for one mini-batch, and nothing else: the same
 * {@code NativeBlas.dgemm} calls, with the same shapes and transpose flags, on matrices allocated once. The
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
    private static final double DECAY = 0.99;  // 1 − ηλ/n; any value other than 1 costs the same

    private final int layers;
    private final DoubleMatrix x;
    private final DoubleMatrix[] w;
    private final DoubleMatrix[] z;
    private final DoubleMatrix[] a;
    private final DoubleMatrix[] delta;
    private final DoubleMatrix[] nablaW;

    GemmBound(int[] sizes, int m) {
        SplittableRandom random = new SplittableRandom(BenchCase.SEED + 3);
        layers = sizes.length - 1;
        x = BenchCase.uniform(sizes[0], m, random);
        w = new DoubleMatrix[layers];
        z = new DoubleMatrix[layers];
        a = new DoubleMatrix[layers];
        delta = new DoubleMatrix[layers];
        nablaW = new DoubleMatrix[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = BenchCase.uniform(sizes[l + 1], sizes[l], random).subi(0.5).divi(Math.sqrt(sizes[l]));
            z[l] = new DoubleMatrix(sizes[l + 1], m);
            a[l] = BenchCase.uniform(sizes[l + 1], m, random);
            delta[l] = BenchCase.uniform(sizes[l + 1], m, random).subi(0.5);
            nablaW[l] = new DoubleMatrix(sizes[l + 1], sizes[l]);
        }
    }

    /** The products of {@code BatchedBackprop.gradient}. */
    void gradient() {
        forward();
        for (int l = layers - 1; l >= 0; l--) {
            if (l > 0) {
                backward(l);
            }
            dgemm('N', 'T', 1.0, delta[l], previous(l), 0.0, nablaW[l]);
        }
    }

    /** The products of {@code BatchedBackprop.updateMiniBatch}, BP4 fused into the weight update. */
    void update() {
        forward();
        for (int l = layers - 1; l >= 0; l--) {
            if (l > 0) {
                backward(l);
            }
            dgemm('N', 'T', -STEP, delta[l], previous(l), DECAY, w[l]);
        }
    }

    /** A value computed from the outputs, for JMH's blackhole. */
    double checksum() {
        return z[layers - 1].data[0] + nablaW[0].data[0] + w[0].data[0];
    }

    private void forward() {
        for (int l = 0; l < layers; l++) {
            dgemm('N', 'N', 1.0, w[l], previous(l), 1.0, z[l]);
        }
    }

    private void backward(int l) {
        dgemm('T', 'N', 1.0, w[l], delta[l], 0.0, delta[l - 1]);
    }

    private DoubleMatrix previous(int l) {
        return l == 0 ? x : a[l - 1];
    }

    /** {@code c ← alpha op(a) op(b) + beta c}, exactly as the engine's {@code JblasGemm} calls it. */
    private static void dgemm(char ta, char tb, double alpha, DoubleMatrix a, DoubleMatrix b, double beta,
                              DoubleMatrix c) {
        int k = ta == 'T' ? a.rows : a.columns;
        NativeBlas.dgemm(ta, tb, c.rows, c.columns, k, alpha, a.data, 0, a.rows, b.data, 0, b.rows, beta,
                c.data, 0, c.rows);
    }
}
