package nn.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import nn.backend.BlasMatrix;
import nn.openblas.OpenBlas;
import org.jblas.DoubleMatrix;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One OpenBLAS product {@code Z ← W A + Z} (W rows × k, A k × m) on one thread and on every core, at the
 * shapes training meets: where the second thread starts to pay is {@code OpenBlas.TWO_THREAD_MIN_WORK}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OpenBlasThreadsBenchmark {

    /** The product's shape, rows × k × m: W is rows × k, A is k × m. */
    @Param({"30x784x10", "100x784x10", "10x800x128", "30x784x100", "100x784x100", "800x784x128"})
    public String product;

    /** {@code 1} for every product on one thread, {@code all} for every product on every core. */
    @Param({"1", "all"})
    public String threads;

    private OpenBlas blas;
    private BlasMatrix w;
    private BlasMatrix a;
    private BlasMatrix z;

    /** Allocates W and A with uniform entries in [0, 1) and Z of zeros, in OpenBLAS's native memory. */
    @Setup
    public void setUp() {
        String[] dims = product.split("x");
        int rows = Integer.parseInt(dims[0]);
        int k = Integer.parseInt(dims[1]);
        int m = Integer.parseInt(dims[2]);
        blas = OpenBlas.withAllCoresFrom(threads.equals("1") ? Long.MAX_VALUE : 0);
        SplittableRandom random = new SplittableRandom(BenchCase.SEED);
        DoubleMatrix heapW = BenchCase.uniform(rows, k, random);
        DoubleMatrix heapA = BenchCase.uniform(k, m, random);
        w = blas.mirror(rows, k, heapW.data);
        a = blas.mirror(k, m, heapA.data);
        z = blas.allocate(rows, m);
    }

    /**
     * One product {@code Z ← 0.001 W A + Z}.
     *
     * @return Z, which grows by the product on every call
     */
    @Benchmark
    public BlasMatrix product() {
        blas.gemm(false, false, 1e-3, w, a, 1.0, z);
        return z;
    }
}
