package nn.bench;

import java.util.Locale;
import java.util.SplittableRandom;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Elementwise;
import nn.backend.Precision;
import nn.internal.MiniBatch;
import nn.internal.TrainingSession;
import nn.network.Network;
import nn.training.BatchedBackprop;
import nn.training.Optimizer;
import nn.training.UpdateRule;

/**
 * Where a config C step's time goes: 391 training-session steps of [784,800,800,10] at m = 128 on one
 * mini-batch (no data copying), timing every product through a backend that wraps OpenBLAS; what is not in a
 * product is σ, σ′, BP1 and the engine's own work. Not a JMH benchmark: a breakdown to read beside one.
 *
 * <pre>
 *   java -cp nn-bench/target/classes:$(cat nn-bench/target/classpath.txt) \
 *       nn.bench.StepBreakdown float32 [rounds] [momentum]
 * </pre>
 * ({@code momentum}: the step of momentum SGD with μ = 0.9 instead of the plain one, so that the optimiser's
 * update, an elementwise step over every parameter, is in "the rest")
 * (the class path as {@code precision.sh} builds it; run with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset).
 */
public final class StepBreakdown {

    private StepBreakdown() {
    }

    /**
     * Prints, per round, the time of 391 steps and how much of it the products took.
     *
     * @param args the precision, {@code float32} (default) or {@code float64}, the number of rounds (default 5), and
     *             optionally {@code momentum}
     */
    public static void main(String[] args) {
        Precision precision = Precision.byName(args.length > 0 ? args[0] : "float32");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        TimedBlas blas = new TimedBlas(Blas.byName("openblas").withPrecision(precision));
        Network network = Network.builder(784, 800, 800, 10).seed(BenchCase.SEED).build();
        boolean momentum = args.length > 2 && args[2].equals("momentum");
        String label = momentum ? ", momentum" : "";
        UpdateRule rule = momentum
                ? new UpdateRule(Optimizer.momentum(0.9), 0.0, 0.0, new double[0], 50_000)
                : UpdateRule.plain(0.0, 50_000);
        try (TrainingSession session = new BatchedBackprop(blas).session(network, rule)) {
            MiniBatch batch = session.newMiniBatch(128);
            SplittableRandom random = new SplittableRandom(BenchCase.SEED);
            for (int i = 0; i < batch.inputs().length(); i++) {
                batch.inputs().set(i, random.nextDouble());
            }
            for (int c = 0; c < 128; c++) {
                batch.targets().set(c * 10 + random.nextInt(10), 1.0);
            }
            System.out.println(blas.description());
            for (int round = 0; round < rounds; round++) {
                blas.productNanos = 0;
                long start = System.nanoTime();
                for (int k = 0; k < 391; k++) {
                    session.step(batch, 0.5, round * 391L + k + 1, random);
                }
                long all = System.nanoTime() - start;
                System.out.printf(Locale.ROOT, "%s%s, 391 steps: %.3f s, of which products %.3f s, the rest %.3f s%n",
                        precision, label, all / 1e9, blas.productNanos / 1e9, (all - blas.productNanos) / 1e9);
            }
        }
    }

    /** A backend that times every product of the one it wraps. */
    private static final class TimedBlas implements Blas {
        private final Blas inner;
        long productNanos;

        TimedBlas(Blas inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public String description() {
            return inner.description();
        }

        @Override
        public Precision precision() {
            return inner.precision();
        }

        @Override
        public BlasMatrix allocate(int rows, int columns) {
            return inner.allocate(rows, columns);
        }

        @Override
        public Elementwise elementwise() {
            return inner.elementwise();
        }

        @Override
        public void gemm(boolean transposeA, boolean transposeB, double alpha, BlasMatrix a, BlasMatrix b,
                         double beta, BlasMatrix c) {
            long start = System.nanoTime();
            inner.gemm(transposeA, transposeB, alpha, a, b, beta, c);
            productNanos += System.nanoTime() - start;
        }
    }
}
