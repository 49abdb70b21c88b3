package nn.examples;

import java.util.function.IntConsumer;
import nn.core.Dataset;
import nn.core.Network;
import org.jblas.DoubleMatrix;

/**
 * Measures a network's cost and accuracy on a dataset in one feedforward pass: nn-core's
 * {@code Network.totalCost} and {@code Network.accuracy} would each feed the data forward, and the trainer wants
 * both after every epoch for the training and the validation data.
 */
final class Evaluator {

    /** Examples fed forward at a time: large enough for fast matrix products, small enough to bound memory. */
    static final int CHUNK = 1000;

    private Evaluator() {
    }

    /** Evaluates without reporting progress. */
    static Evaluation evaluate(Network network, Dataset data, double lambda) {
        return evaluate(network, data, lambda, done -> { });
    }

    /**
     * Evaluates {@code network} on {@code data}.
     *
     * @param lambda   the L2 parameter λ of the cost, 0 for none
     * @param progress told the number of examples done after every chunk, so a caller can show that it is alive
     */
    static Evaluation evaluate(Network network, Dataset data, double lambda, IntConsumer progress) {
        int n = data.size();
        int[] order = identity(n);
        double sum = 0.0;
        int correct = 0;
        DoubleMatrix x = null;
        DoubleMatrix y = null;
        for (int from = 0; from < n; from += CHUNK) {
            int m = Math.min(CHUNK, n - from);
            if (x == null || x.columns != m) {
                x = new DoubleMatrix(data.inputSize(), m);
                y = new DoubleMatrix(data.outputSize(), m);
            }
            data.copyBatch(order, from, x, y);
            DoubleMatrix a = network.feedforward(x);
            sum += network.cost().fn(a, y);
            for (int i = 0; i < m; i++) {
                if (Network.argmax(a, i) == data.label(from + i)) {
                    correct++;
                }
            }
            progress.accept(from + m);
        }
        return new Evaluation(sum / n + 0.5 * (lambda / n) * squaredWeights(network), correct, n);
    }

    /** Σ w² over every weight (not the biases), as in the book's L2 term. */
    static double squaredWeights(Network network) {
        double total = 0.0;
        for (int l = 0; l < network.numLayers() - 1; l++) {
            DoubleMatrix w = network.weights(l);
            total += w.dot(w);
        }
        return total;
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }
}
