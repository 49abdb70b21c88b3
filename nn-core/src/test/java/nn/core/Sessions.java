package nn.core;

import java.util.SplittableRandom;
import nn.data.MatrixDataset;
import nn.internal.MiniBatch;
import nn.internal.TrainingSession;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.Sgd;
import nn.training.UpdateRule;
import org.jblas.DoubleMatrix;

/** Runs a few steps of an {@link UpdateRule} through an engine's {@link TrainingSession}, as {@link Sgd} does. */
final class Sessions {

    private Sessions() {
    }

    /**
     * Trains {@code network} in place: step t (from 1) on the mini-batch {@code (xs[t − 1], ys[t − 1])} with
     * learning rate {@code eta}, every step's dropout masks drawn from one generator seeded {@code maskSeed} (as
     * {@link Sgd} draws an epoch's), then syncs the parameters back into the network.
     *
     * @return the optimiser's state after the last step
     */
    static double[][] train(Backprop engine, Network network, UpdateRule rule, DoubleMatrix[] xs, DoubleMatrix[] ys,
                            double eta, long maskSeed) {
        SplittableRandom random = new SplittableRandom(maskSeed);
        try (TrainingSession session = engine.session(network, rule)) {
            for (int t = 0; t < xs.length; t++) {
                MiniBatch batch = session.newMiniBatch(xs[t].columns);
                batch.fill(MatrixDataset.of(xs[t], ys[t]), java.util.stream.IntStream.range(0, xs[t].columns).toArray(), 0);
                session.step(batch, eta, t + 1, random);
            }
            session.sync();
            return session.optimizerState();
        }
    }

    /** Every weight and bias of {@code network}, layer by layer, for comparisons. */
    static double[] parameters(Network network) {
        int total = 0;
        for (int l = 0; l < network.numLayers() - 1; l++) {
            total += network.weights[l].length + network.biases[l].length;
        }
        double[] all = new double[total];
        int i = 0;
        for (int l = 0; l < network.numLayers() - 1; l++) {
            System.arraycopy(network.weights[l].data, 0, all, i, network.weights[l].length);
            i += network.weights[l].length;
            System.arraycopy(network.biases[l].data, 0, all, i, network.biases[l].length);
            i += network.biases[l].length;
        }
        return all;
    }
}
