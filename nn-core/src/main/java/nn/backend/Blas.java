package nn.backend;

import java.util.ArrayList;
import java.util.List;
import nn.internal.BlasBackends;
import nn.internal.GemmShapes;
import nn.internal.JblasBlas;
import nn.training.Sgd;

/**
 * The backend the batched engine runs on: it owns the matrices' storage, in its {@link Precision}, and every
 * kernel the engine uses. That is general matrix multiply, {@code C ← α·op(A)·op(B) + β·C} where op(X) is X or
 * Xᵀ, and the elementwise steps of {@link #elementwise()}: bias broadcast, σ and σ′, the output error, row sums
 * and the vector update. With β = 1 one GEMM applies an SGD step, {@code W ← (1 − ηλ/n)·W − (η/m)·Δ·Aᵀ},
 * without a gradient matrix in between.
 *
 * <p>The seam abstracts storage as well as the calls because native BLAS bindings that take Java arrays copy
 * them in and out on every call; a backend that keeps its matrices in native memory avoids that. Nothing above
 * it names an element type: {@link BlasMatrix} reads and writes entries as {@code double} and stores them in
 * the backend's precision.
 *
 * <p>{@link #jblas()} is the default and the reference (float64 only). Other backends register themselves as
 * services of this interface ({@code META-INF/services/nn.backend.Blas}) and are found by {@link #available()} and
 * {@link #best()}; an implementation's public no-argument constructor should throw (any {@link LinkageError} or
 * {@link RuntimeException}) when its native code cannot load here.
 *
 * <p>Implementations may be shared, but a call must not run concurrently with another on the same matrices.
 */
public interface Blas {

    /** A short name for the command line, e.g. {@code "jblas"} or {@code "openblas"}. */
    String name();

    /** What runs, for a log line, e.g. {@code "OpenBLAS 0.3.31 (SKYLAKEX), float32, 1 thread"}. */
    String description();

    /** The precision this backend's matrices are stored and multiplied in. */
    Precision precision();

    /** A new zeroed {@code rows × columns} matrix in this backend's storage and precision. */
    BlasMatrix allocate(int rows, int columns);

    /**
     * A matrix holding the values of the column-major array {@code heap}: {@code heap} itself when this backend
     * computes on Java {@code double} arrays (so writes reach it at once), otherwise a new matrix with a copy, to
     * be copied back with {@link BlasMatrix#copyInto} when the heap values are needed.
     *
     * @throws IllegalArgumentException if {@code heap} does not have {@code rows · columns} values
     */
    default BlasMatrix mirror(int rows, int columns, double[] heap) {
        if (heap.length != (long) rows * columns) {
            throw new IllegalArgumentException(heap.length + " values do not make a " + rows + "×" + columns
                    + " matrix");
        }
        BlasMatrix m = allocate(rows, columns);
        m.copyFrom(heap);
        return m;
    }

    /**
     * {@code c ← alpha·op(a)·op(b) + beta·c}; with {@code beta = 0} the old contents of {@code c} are ignored.
     *
     * @throws IllegalArgumentException if the shapes do not fit, {@code c} is the same matrix as an input, or a
     *                                  matrix is not in this backend's storage and precision
     */
    void gemm(boolean transposeA, boolean transposeB, double alpha, BlasMatrix a, BlasMatrix b, double beta,
              BlasMatrix c);

    /**
     * The elementwise kernels, run the way this backend's products run: on one thread by default, in column
     * panels on as many threads as the products use for a backend that uses several.
     */
    default Elementwise elementwise() {
        return Elementwise.SINGLE_THREADED;
    }

    /**
     * This backend with each product on up to {@code threads} threads (1: every product on one), for using
     * several cores for one mini-batch ({@link Sgd.Builder#threads}).
     *
     * @throws IllegalArgumentException if {@code threads} is less than 1
     * @throws UnsupportedOperationException if this backend cannot use more than one thread, saying why; by
     *                                       default, for any count but 1
     */
    default Blas withThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (threads > 1) {
            throw new UnsupportedOperationException("the " + name() + " backend runs on one thread only");
        }
        return this;
    }

    /**
     * This backend computing in {@code precision}.
     *
     * @throws UnsupportedOperationException if this backend has no such precision, naming one that has; by
     *                                       default, for any precision but its own
     */
    default Blas withPrecision(Precision precision) {
        if (precision != precision()) {
            throw new UnsupportedOperationException("the " + name() + " backend computes in " + precision()
                    + " only; " + precision + " needs the openblas backend (nn-openblas on the class path)");
        }
        return this;
    }

    /** jblas's bundled OpenBLAS, float64, single-threaded: the default and the reference. */
    static Blas jblas() {
        return JblasBlas.INSTANCE;
    }

    /** Every backend that loads here, jblas last: jblas and each registered service that could be created. */
    static List<Blas> available() {
        return BlasBackends.available();
    }

    /**
     * {@link #available()}, each backend in every precision it has ({@link #withPrecision}), float64 first: what
     * a diagnosis or a test runs through.
     */
    static List<Blas> availableInEveryPrecision() {
        List<Blas> all = new ArrayList<>();
        for (Blas blas : available()) {
            for (Precision p : Precision.values()) {
                try {
                    all.add(blas.withPrecision(p));
                } catch (UnsupportedOperationException e) {
                    // This backend has no such precision.
                }
            }
        }
        return all;
    }

    /**
     * The fastest backend that loads here: a registered one (e.g. OpenBLAS from nn-openblas) when it is on the
     * class path and loads, otherwise jblas. When a registered backend fails to load, logs one WARNING (on the
     * {@code nn.internal.BlasBackends} {@link System.Logger}) saying why and that jblas is used instead.
     */
    static Blas best() {
        return BlasBackends.best();
    }

    /**
     * The registered backends that did not load here, each with the reason, e.g. for a diagnosis; empty when
     * every one loaded.
     */
    static List<String> unavailable() {
        return BlasBackends.unavailable();
    }

    /**
     * The backend with the given {@link #name()}.
     *
     * @throws IllegalArgumentException naming the backends that are available, if it is not one of them
     */
    static Blas byName(String name) {
        return BlasBackends.byName(name);
    }

    /**
     * Checks shapes, precision and aliasing for {@link #gemm}; shared by every implementation.
     *
     * @throws IllegalArgumentException if the shapes do not fit, a matrix is not in {@code precision}, or
     *                                  {@code c} is one of the inputs
     */
    static void checkGemm(Precision precision, boolean transposeA, boolean transposeB, BlasMatrix a, BlasMatrix b,
                          BlasMatrix c) {
        GemmShapes.check(transposeA, transposeB, a.rows, a.columns, b.rows, b.columns, c.rows, c.columns);
        if (a.precision() != precision || b.precision() != precision || c.precision() != precision) {
            throw new IllegalArgumentException("gemm in " + precision + " was given a " + a + ", a " + b + " and a "
                    + c);
        }
        if (c == a || c == b || c.handle() == a.handle() || c.handle() == b.handle()) {
            throw new IllegalArgumentException("gemm output C must not be one of its inputs");
        }
    }
}
