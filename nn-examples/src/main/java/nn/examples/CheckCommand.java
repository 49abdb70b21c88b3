package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.NativeLibraryException;
import nn.backend.Precision;
import nn.internal.JblasNatives;
import nn.mnist.MnistFile;
import nn.mnist.MnistLocator;
import nn.network.Activation;
import nn.network.Network;
import nn.network.QuadraticCost;
import nn.network.Sigmoid;
import nn.training.BatchedBackprop;
import nn.training.Gradients;
import org.jblas.DoubleMatrix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nn check}: the self-diagnosis to run when something is off. Reports the machine and the JDK, whether
 * jblas's native library loads (and if not, what to install), which BLAS kernels the CPU gets, which backends
 * load (and why any registered one does not), then for every backend and precision that {@code train} can pick
 * a matrix product against plain Java and one gradient check, and where MNIST is. Exit code 0 when every check
 * passes.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Diagnoses the set-up: OS, JDK, jblas's native BLAS, every backend and precision (a matrix"
                + " product against plain Java and a gradient check on each), and where MNIST is.")
final class CheckCommand implements Callable<Integer> {

    /** The product checked is of two n × n matrices with entries in [−1, 1]. */
    static final int PRODUCT_SIZE = 256;

    /** Agreement required between a float64 backend's and plain Java's product: both sum 256 terms in doubles. */
    static final double PRODUCT_TOLERANCE = 1e-10;

    /**
     * The same for float32: its 256-term sums carry rounding of up to 256·2⁻²⁴·Σ|aᵢbᵢ| ≈ 2·10⁻³ in the worst
     * case and ~10⁻⁵ in practice, while a broken kernel is off by the size of the entries themselves.
     */
    static final double FLOAT32_PRODUCT_TOLERANCE = 2e-3;

    /** Central differences with h = 1e-6 agree with backprop to about 1e-8 relative; 1e-5 leaves a margin. */
    static final double GRADIENT_TOLERANCE = 1e-5;

    /** In float32 backprop itself carries ~10⁻⁶ relative rounding; 10⁻³ still catches any wrong equation. */
    static final double FLOAT32_GRADIENT_TOLERANCE = 1e-3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "Also check this directory for MNIST's files.")
    Path data;

    private PrintWriter out;
    private boolean allPassed = true;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "system   %s %s on %s, %d cores%s", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), cpuModel().map(m -> " (" + m + ")").orElse("")));
        out.println(String.format(Locale.ROOT, "java     %s (%s) at %s", System.getProperty("java.version"),
                System.getProperty("java.vendor"), System.getProperty("java.home")));
        boolean natives = checkNatives();
        checkKernels();
        if (natives) {
            checkBackends();
        } else {
            out.println("product  skipped: jblas's native library does not load");
            out.println("gradient skipped: jblas's native library does not load");
        }
        checkMnist();
        out.println(allPassed ? "all checks passed" : "some checks FAILED: see the lines above");
        out.flush();
        return allPassed ? 0 : CliException.FAILURE;
    }

    private boolean checkNatives() {
        String gfortran = JblasNatives.findGfortran().map(p -> "libgfortran.so.5 at " + p)
                .orElse("libgfortran.so.5 not found");
        try {
            JblasNatives.ensureLoaded();
            out.println("jblas    native BLAS loads (" + gfortran + ")");
            return true;
        } catch (NativeLibraryException e) {
            fail("jblas    FAILED: " + e.getMessage());
            return false;
        }
    }

    /**
     * jblas 1.2.5 bundles an OpenBLAS from 2020 that picks its kernels from the CPU it recognises; newer CPUs (AMD
     * Zen 4 among them) are not recognised and get slow generic kernels unless OPENBLAS_CORETYPE names a
     * compatible core, which the launcher sets for CPUs with AVX-512.
     */
    private void checkKernels() {
        String coretype = System.getenv("OPENBLAS_CORETYPE");
        String flags = cpuFlags();
        String simd = flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2"
                : flags.contains(" avx") ? "AVX" : flags.isEmpty() ? "unknown" : "SSE only";
        if (coretype != null && !coretype.isEmpty()) {
            out.println("kernels  OPENBLAS_CORETYPE=" + coretype + " (forced); the CPU has " + simd);
        } else {
            out.println("kernels  chosen by OpenBLAS's CPU detection (OPENBLAS_CORETYPE not set); the CPU has " + simd
                    + (simd.equals("AVX-512") ? "; if products are slow, run through ./nn, which sets"
                    + " OPENBLAS_CORETYPE=SKYLAKEX" : ""));
        }
    }

    private void checkBackends() {
        List<Blas> backends = Blas.availableInEveryPrecision();
        for (String failure : Blas.unavailable()) {
            out.println("backend  " + failure);
        }
        out.println("backend  train picks " + Blas.best().description() + " (--precision float32: "
                + backends.stream().filter(b -> b.precision() == Precision.FLOAT32).findFirst()
                        .map(Blas::description).orElse("none here; it needs nn-openblas") + ")");
        double[][] ab = randomProductInputs(PRODUCT_SIZE);
        double[] plain = plainProduct(ab[0], ab[1], PRODUCT_SIZE);
        for (Blas blas : backends) {
            checkProduct(blas, ab[0], ab[1], plain);
            checkGradient(blas);
        }
    }

    private static double[][] randomProductInputs(int n) {
        SplittableRandom random = new SplittableRandom(1);
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            a[i] = random.nextDouble(-1, 1);
            b[i] = random.nextDouble(-1, 1);
        }
        return new double[][] {a, b};
    }

    private static double[] plainProduct(double[] a, double[] b, int n) {
        double[] plain = new double[n * n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double bkj = b[j * n + k];
                for (int i = 0; i < n; i++) {
                    plain[j * n + i] += a[k * n + i] * bkj;
                }
            }
        }
        return plain;
    }

    /** One product on {@code blas} against plain Java in doubles, and its speed. */
    private void checkProduct(Blas blas, double[] a, double[] b, double[] plain) {
        int n = PRODUCT_SIZE;
        BlasMatrix ma = blas.mirror(n, n, a.clone());
        BlasMatrix mb = blas.mirror(n, n, b.clone());
        BlasMatrix mc = blas.allocate(n, n);
        blas.gemm(false, false, 1.0, ma, mb, 0.0, mc); // warm-up: the first call pays for loading and threads
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) { // the best of five, as a quick speed figure on a busy machine
            long start = System.nanoTime();
            blas.gemm(false, false, 1.0, ma, mb, 0.0, mc);
            best = Math.min(best, System.nanoTime() - start);
        }
        double[] product = mc.toArray();
        double worst = 0;
        for (int i = 0; i < plain.length; i++) {
            worst = Math.max(worst, Math.abs(plain[i] - product[i]) / Math.max(1.0, Math.abs(plain[i])));
        }
        double tolerance = blas.precision() == Precision.FLOAT32 ? FLOAT32_PRODUCT_TOLERANCE : PRODUCT_TOLERANCE;
        String line = String.format(Locale.ROOT, "product  %s: %d×%d matrices at %.1f GFLOP/s, largest difference"
                + " from plain Java %.1e", name(blas), n, n, 2.0 * n * n * n / best, worst);
        if (worst <= tolerance) {
            out.println(line + " (ok)");
        } else {
            fail(line + " FAILED: this backend computes wrong products");
        }
    }

    private static String name(Blas blas) {
        return blas.name() + " " + blas.precision();
    }

    /** Backprop's gradient of a small network on {@code blas} against central finite differences of the cost. */
    private void checkGradient(Blas blas) {
        int[] sizes = {4, 5, 3};
        boolean single = blas.precision() == Precision.FLOAT32;
        Network network = Network.builder(sizes).activation(Sigmoid.INSTANCE).cost(QuadraticCost.INSTANCE)
                .seed(1).build();
        SplittableRandom random = new SplittableRandom(2);
        DoubleMatrix x = new DoubleMatrix(4, 3);
        DoubleMatrix y = new DoubleMatrix(3, 3);
        for (int i = 0; i < x.length; i++) {
            x.data[i] = random.nextDouble();
        }
        for (int c = 0; c < 3; c++) {
            y.put(random.nextInt(3), c, 1.0);
        }
        if (single) {
            // The finite differences are taken on the values a float32 backend computes on.
            roundToFloat(x);
            network = roundedCopy(network);
        }
        Gradients gradients = Gradients.zerosFor(network);
        new BatchedBackprop(blas).gradient(network, x, y, gradients);
        double h = 1e-6;
        double worst = 0;
        int checked = 0;
        for (int l = 0; l < sizes.length - 1; l++) {
            for (boolean isWeight : new boolean[] {true, false}) {
                DoubleMatrix analytic = isWeight ? gradients.nablaW(l) : gradients.nablaB(l);
                for (int i = 0; i < analytic.length; i++) {
                    double numeric = (costWith(network, l, isWeight, i, h, x, y)
                            - costWith(network, l, isWeight, i, -h, x, y)) / (2 * h);
                    // Relative error with an absolute floor, so that near-zero gradients do not divide by ~0.
                    double error = Math.abs(numeric - analytic.data[i])
                            / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic.data[i]));
                    worst = Math.max(worst, error);
                    checked++;
                }
            }
        }
        double tolerance = single ? FLOAT32_GRADIENT_TOLERANCE : GRADIENT_TOLERANCE;
        String line = String.format(Locale.ROOT, "gradient %s: backprop against finite differences, %d parameters"
                + " of a [4,5,3] network: largest relative error %.1e", name(blas), checked, worst);
        if (worst <= tolerance) {
            out.println(line + " (ok)");
        } else {
            fail(line + " FAILED");
        }
    }

    /** A copy of {@code network} whose weights and biases {@code change} has changed. */
    private static Network withParameters(Network network, BiConsumer<DoubleMatrix[], DoubleMatrix[]> change) {
        int layers = network.numLayers() - 1;
        DoubleMatrix[] w = new DoubleMatrix[layers];
        DoubleMatrix[] b = new DoubleMatrix[layers];
        Activation[] activations = new Activation[layers];
        for (int l = 0; l < layers; l++) {
            w[l] = network.weights(l); // copies
            b[l] = network.biases(l);
            activations[l] = network.activation(l);
        }
        change.accept(w, b);
        return Network.of(network.sizes(), activations, network.cost(), w, b);
    }

    private static void roundToFloat(DoubleMatrix m) {
        for (int i = 0; i < m.length; i++) {
            m.data[i] = (float) m.data[i];
        }
    }

    /** {@code network} with every parameter rounded to float32. */
    private static Network roundedCopy(Network network) {
        return withParameters(network, (w, b) -> {
            for (int l = 0; l < w.length; l++) {
                roundToFloat(w[l]);
                roundToFloat(b[l]);
            }
        });
    }

    private static double costWith(Network network, int layer, boolean isWeight, int index, double delta,
                                   DoubleMatrix x, DoubleMatrix y) {
        Network shifted = withParameters(network, (w, b) -> (isWeight ? w : b)[layer].data[index] += delta);
        return network.cost().fn(shifted.feedforward(x), y);
    }

    /** Says where MNIST is, without downloading it (train does that when it is nowhere). */
    private void checkMnist() {
        List<String> places = new ArrayList<>();
        if (data != null) {
            places.add(describe(data, "--data"));
        }
        MnistLocator locator = MnistLocator.standard();
        locator.variableDirectory() // empty when $MNIST_DIR is unset or empty, never the current directory
                .ifPresent(directory -> places.add(describe(directory, "$" + MnistLocator.DIRECTORY_VARIABLE)));
        Path cache = locator.cacheDirectory();
        places.add(describe(cache, "cache"));
        boolean found = places.stream().anyMatch(p -> p.endsWith("all four files"));
        out.println("mnist    " + String.join("; ", places)
                + (found ? "" : ". train will download it into " + cache));
    }

    private static String describe(Path directory, String name) {
        if (!Files.isDirectory(directory)) {
            return name + " " + directory + ": no such directory";
        }
        List<String> missing = new ArrayList<>();
        for (MnistFile file : MnistFile.values()) {
            try {
                file.find(directory);
            } catch (java.nio.file.NoSuchFileException e) {
                missing.add(file.fileName());
            }
        }
        return name + " " + directory + ": " + (missing.isEmpty() ? "all four files"
                : "missing " + String.join(", ", missing));
    }

    private void fail(String line) {
        out.println(line);
        allPassed = false;
    }

    private static Optional<String> cpuModel() {
        return cpuInfoLine("model name");
    }

    private static String cpuFlags() {
        return cpuInfoLine("flags").map(f -> " " + f + " ").orElse("");
    }

    private static Optional<String> cpuInfoLine(String key) {
        try {
            Path cpuinfo = Path.of("/proc/cpuinfo");
            if (!Files.isReadable(cpuinfo)) {
                return Optional.empty();
            }
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith(key)) {
                    int colon = line.indexOf(':');
                    return Optional.of(line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            // Not Linux, or not readable: the check simply says less.
        }
        return Optional.empty();
    }
}
