package nn.training;

import java.util.List;
import nn.internal.TrainingSession;
import nn.network.Network;

/**
 * Where a training run stands after a completed epoch, everything {@link Sgd} needs to continue it exactly as if
 * it had never stopped: the history (which the learning-rate schedule and early stopping are decided from), the
 * optimiser's state, and, with early stopping, the best network so far. The network's own parameters are saved
 * with it by the caller.
 */
public final class TrainingState {

    private final List<EpochResult> history;
    private final double[][] optimizerState;
    private final Network best;

    /**
     * @param history        the completed epochs, in order
     * @param optimizerState the optimiser's state after the last of them ({@link TrainingSession#optimizerState()})
     * @param best           the network of early stopping's best epoch, or null without early stopping
     */
    public TrainingState(List<EpochResult> history, double[][] optimizerState, Network best) {
        this.history = List.copyOf(history);
        this.optimizerState = deepCopy(optimizerState);
        this.best = best == null ? null : best.copy();
    }

    /**
     * The completed epochs.
     *
     * @return an unmodifiable list, oldest first, element i being epoch i
     */
    public List<EpochResult> history() {
        return history;
    }

    /**
     * The number of completed epochs.
     *
     * @return the size of {@link #history()}, which is also the number (from 0) of the epoch a resumed run trains
     *         next
     */
    public int epochsDone() {
        return history.size();
    }

    /**
     * A copy of the optimiser's state matrices.
     *
     * @return for each layer, the state matrices of its weights, then of its biases, each column-major, as
     *         {@link TrainingSession#optimizerState()} gives them; empty for plain gradient descent. A new copy on
     *         every call
     */
    public double[][] optimizerState() {
        return deepCopy(optimizerState);
    }

    /**
     * A copy of the best network so far.
     *
     * @return a new copy of the network of early stopping's best epoch on every call, or null without early
     *         stopping
     */
    public Network best() {
        return best == null ? null : best.copy();
    }

    private static double[][] deepCopy(double[][] arrays) {
        double[][] copy = new double[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            copy[i] = arrays[i].clone();
        }
        return copy;
    }
}
