package nn.core;

import java.util.List;
import org.jblas.DoubleMatrix;

/**
 * The linear algebra the batched engine is built on: matrices in the backend's own storage and general matrix
 * multiply on them, {@code C ← α·op(A)·op(B) + β·C}, where op(X) is X or Xᵀ. With β = 1 one call applies an SGD
 * step, {@code W ← (1 − ηλ/n)·W − (η/m)·Δ·Aᵀ}, without a gradient matrix in between.
 *
 * <p>The seam abstracts storage as well as the call because native BLAS bindings that take Java arrays copy
 * them in and out on every call; a backend that keeps its matrices in native memory avoids that. {@link #jblas()}
 * is the default and the reference. Other backends register themselves as services of this interface
 * ({@code META-INF/services/nn.core.Blas}) and are found by {@link #available()} and {@link #best()}; an
 * implementation's public no-argument constructor should throw (any {@link LinkageError} or
 * {@link RuntimeException}) when its native code cannot load here.
 *
 * <p>Implementations may be shared, but a call must not run concurrently with another on the same matrices.
 */
public interface Blas {

    /** A short name for the command line, e.g. {@code "jblas"} or {@code "openblas"}. */
    String name();

    /** What runs, for a log line, e.g. {@code "OpenBLAS 0.3.31 (SKYLAKEX), 1 thread"}. */
    String description();

    /** A new zeroed {@code rows × columns} matrix in this backend's storage. */
    BlasMatrix allocate(int rows, int columns);

    /**
     * A matrix holding {@code heap}'s values: {@code heap}'s own storage when this backend computes on Java arrays
     * (so writes reach {@code heap} at once), otherwise a new matrix with a copy, to be copied back with
     * {@link BlasMatrix#copyInto} when the heap values are needed.
     */
    BlasMatrix mirror(DoubleMatrix heap);

    /**
     * {@code c ← alpha·op(a)·op(b) + beta·c}; with {@code beta = 0} the old contents of {@code c} are ignored.
     *
     * @throws IllegalArgumentException if the shapes do not fit or {@code c} is the same matrix as an input
     */
    void gemm(boolean transposeA, boolean transposeB, double alpha, BlasMatrix a, BlasMatrix b, double beta,
              BlasMatrix c);

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

    /** jblas's bundled OpenBLAS, single-threaded: the default and the reference. */
    static Blas jblas() {
        return JblasBlas.INSTANCE;
    }

    /** Every backend that loads here, jblas last: jblas and each registered service that could be created. */
    static List<Blas> available() {
        return BlasBackends.available();
    }

    /**
     * The fastest backend that loads here: a registered one (e.g. OpenBLAS from nn-openblas) when it is on the
     * class path and loads, otherwise jblas. When a registered backend fails to load, prints one line to
     * stderr saying why and that jblas is used instead.
     */
    static Blas best() {
        return BlasBackends.best();
    }

    /**
     * The backend with the given {@link #name()}.
     *
     * @throws IllegalArgumentException naming the backends that are available, if it is not one of them
     */
    static Blas byName(String name) {
        return BlasBackends.byName(name);
    }

    /** Checks shapes and aliasing for {@link #gemm}; shared by every implementation. */
    static void checkShapes(boolean transposeA, boolean transposeB, BlasMatrix a, BlasMatrix b, BlasMatrix c) {
        GemmShapes.check(transposeA, transposeB, a.rows, a.columns, b.rows, b.columns, c.rows, c.columns);
        if (c == a || c == b || c.handle() == a.handle() || c.handle() == b.handle()) {
            throw new IllegalArgumentException("gemm output C must not be one of its inputs");
        }
    }
}
