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

    /** {@return a short name for the command line and {@link #byName}, e.g. {@code "jblas"} or {@code "openblas"}} */
    String name();

    /**
     * What runs, for a log line.
     *
     * @return the library, its kernels, the precision and the threads, e.g.
     *         {@code "OpenBLAS 0.3.31 (SKYLAKEX), float32, 1 thread"}
     */
    String description();

    /** {@return the precision this backend's matrices are stored and multiplied in} */
    Precision precision();

    /**
     * A new zeroed {@code rows × columns} matrix in this backend's storage and precision.
     *
     * @param rows    the number of rows, at least 0
     * @param columns the number of columns, at least 0 (e.g. the mini-batch size m, one example per column)
     * @return the matrix, every entry 0
     * @throws IllegalArgumentException if a dimension is negative
     */
    BlasMatrix allocate(int rows, int columns);

    /**
     * A matrix holding the values of the column-major array {@code heap}: {@code heap} itself when this backend
     * computes on Java {@code double} arrays (so writes reach it at once), otherwise a new matrix with a copy, to
     * be copied back with {@link BlasMatrix#copyInto} when the heap values are needed.
     *
     * @param rows    the number of rows
     * @param columns the number of columns
     * @param heap    {@code rows · columns} values, column-major (entry (r, c) at {@code c·rows + r}), e.g. a jblas
     *                {@code DoubleMatrix}'s {@code data}
     * @return a matrix holding those values, sharing {@code heap} or holding a copy; check with
     *         {@link BlasMatrix#isBackedBy}
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
     * @param transposeA whether op(a) is aᵀ rather than a
     * @param transposeB whether op(b) is bᵀ rather than b
     * @param alpha      the factor α of the product, e.g. {@code −η/m} for an SGD step
     * @param a          the left operand; op(a) is {@code c.rows × k}
     * @param b          the right operand; op(b) is {@code k × c.columns}
     * @param beta       the factor β of the old {@code c}: 0 to overwrite it, 1 to add to it, {@code 1 − ηλ/n} for
     *                   weight decay
     * @param c          the result, overwritten in place; must not be {@code a} or {@code b}
     * @throws IllegalArgumentException if the shapes do not fit, {@code c} is the same matrix as an input, or a
     *                                  matrix is not in this backend's storage and precision
     */
    void gemm(boolean transposeA, boolean transposeB, double alpha, BlasMatrix a, BlasMatrix b, double beta,
              BlasMatrix c);

    /**
     * The elementwise kernels, run the way this backend's products run: on one thread by default, in column
     * panels on as many threads as the products use for a backend that uses several.
     *
     * @return {@link Elementwise#SINGLE_THREADED} by default; a multi-threaded backend's shared
     *         {@link Elementwise#onThreads} instance
     */
    default Elementwise elementwise() {
        return Elementwise.SINGLE_THREADED;
    }

    /**
     * This backend with each product on up to {@code threads} threads (1: every product on one), for using
     * several cores for one mini-batch ({@link Sgd.Builder#threads}).
     *
     * @param threads the most threads one product may use, at least 1
     * @return a backend with that setting; by default this one itself, for 1 thread
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
     * @param precision the precision to store and multiply in
     * @return a backend in that precision; this one itself when it is already in it
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

    /**
     * jblas's bundled OpenBLAS, float64, single-threaded: the default and the reference.
     *
     * @return the one jblas backend
     */
    static Blas jblas() {
        return JblasBlas.instance();
    }

    /**
     * Every backend that loads here, jblas last: jblas and each registered service that could be created.
     *
     * @return an unmodifiable list of at least one backend, found once per process, each in its default precision
     */
    static List<Blas> available() {
        return BlasBackends.available();
    }

    /**
     * {@link #available()}, each backend in every precision it has ({@link #withPrecision}), float64 first: what
     * a diagnosis or a test runs through.
     *
     * @return a new list, one entry per backend and precision it supports
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
     *
     * @return the first of {@link #available()}
     */
    static Blas best() {
        return BlasBackends.best();
    }

    /**
     * The registered backends that did not load here, each with the reason, e.g. for a diagnosis; empty when
     * every one loaded.
     *
     * @return an unmodifiable list of one-line reasons, e.g. {@code "OpenBlas did not load (…)"}
     */
    static List<String> unavailable() {
        return BlasBackends.unavailable();
    }

    /**
     * The backend with the given {@link #name()}.
     *
     * @param name a backend's name, e.g. {@code "jblas"} or {@code "openblas"}; case-sensitive
     * @return that backend from {@link #available()}, in its default precision
     * @throws IllegalArgumentException naming the backends that are available, if it is not one of them
     */
    static Blas byName(String name) {
        return BlasBackends.byName(name);
    }

    /**
     * Checks shapes, precision and aliasing for {@link #gemm}; shared by every implementation.
     *
     * @param precision  the precision every matrix must be stored in, the calling backend's
     * @param transposeA whether op(a) is aᵀ
     * @param transposeB whether op(b) is bᵀ
     * @param a          the left operand
     * @param b          the right operand
     * @param c          the result, which must be {@code op(a).rows × op(b).columns}
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
