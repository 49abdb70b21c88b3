package nn.internal;

import java.util.SplittableRandom;
import nn.backend.BlasMatrix;
import nn.network.Network;
import nn.training.Gradients;
import nn.training.LoopedBackprop;
import nn.training.Optimizer;
import nn.training.UpdateRule;
import org.jblas.DoubleMatrix;

/**
 * The looped engine's {@link TrainingSession}: it works on the network's own heap matrices, draws dropout masks
 * as the batched engine does (layer by layer, column-major, from the same generator), sums the gradient example
 * by example and applies the same {@link UpdateRule} with the same kernels, so that the two engines agree.
 */
public final class HeapTrainingSession implements TrainingSession {

    private static final String OWNER = "this training session, which trains on heap matrices";

    private final LoopedBackprop engine;
    private final Network network;
    private final UpdateRule rule;
    private final Gradients nabla;
    private final BlasMatrix[][] weightState;
    private final BlasMatrix[][] biasState;
    private final DoubleMatrix[] givenW;
    private final DoubleMatrix[] givenB;
    private DoubleMatrix[] masks;

    /**
     * A session training {@code network}'s own matrices in place, with zeroed optimiser state.
     *
     * @param engine  the looped engine that computes each mini-batch's gradient
     * @param network the network to train; its weights and biases are updated at every step
     * @param rule    the optimiser, regularisation (λ, λ₁, n) and dropout of the run
     */
    public HeapTrainingSession(LoopedBackprop engine, Network network, UpdateRule rule) {
        this.engine = engine;
        this.network = network;
        this.rule = rule;
        this.nabla = Gradients.zerosFor(network);
        int layers = network.numLayers() - 1;
        int k = rule.optimizer().stateMatrices();
        weightState = new BlasMatrix[layers][k];
        biasState = new BlasMatrix[layers][k];
        givenW = new DoubleMatrix[layers];
        givenB = new DoubleMatrix[layers];
        for (int l = 0; l < layers; l++) {
            DoubleMatrix w = network.weights[l];
            for (int s = 0; s < k; s++) {
                weightState[l][s] = HeapMatrix.wrap(new DoubleMatrix(w.rows, w.columns));
                biasState[l][s] = HeapMatrix.wrap(new DoubleMatrix(w.rows, 1));
            }
            givenW[l] = new DoubleMatrix(w.rows, w.columns);
            givenB[l] = new DoubleMatrix(w.rows, 1);
        }
    }

    @Override
    public MiniBatch newMiniBatch(int m) {
        if (m < 1) {
            throw new IllegalArgumentException("a mini-batch needs at least 1 example, got " + m);
        }
        return new MiniBatch(HeapMatrix.wrap(new DoubleMatrix(network.inputSize(), m)),
                HeapMatrix.wrap(new DoubleMatrix(network.outputSize(), m)));
    }

    @Override
    public void step(MiniBatch batch, double eta, long t, SplittableRandom random) {
        DoubleMatrix x = batch.inputs().handle(DoubleMatrix.class, OWNER);
        DoubleMatrix y = batch.targets().handle(DoubleMatrix.class, OWNER);
        int m = x.columns;
        engine.gradient(network, x, y, drawMasks(m, random), nabla);
        Optimizer optimizer = rule.optimizer();
        for (int l = 0; l < nabla.layers(); l++) {
            DoubleMatrix w = network.weights[l];
            DoubleMatrix b = network.biases[l];
            switch (optimizer.input()) {
                case GRADIENT:
                    // ∇C_w: the mean gradient. Not givenW[l].copy(…).muli(…): jblas's copy returns its argument.
                    givenW[l].copy(nabla.nablaW(l));
                    givenW[l].muli(1.0 / m);
                    givenB[l].copy(nabla.nablaB(l));
                    givenB[l].muli(1.0 / m);
                    ParameterKernels.addRegularisation(HeapMatrix.wrap(givenW[l]), HeapMatrix.wrap(w),
                            rule.lambda() / rule.n(), rule.lambda1() / rule.n());
                    break;
                case PREVIOUS_PARAMETERS:
                    givenW[l].copy(w);
                    givenB[l].copy(b);
                    LoopedBackprop.plainStep(w, b, nabla.nablaW(l), nabla.nablaB(l), eta, rule.lambda(),
                            rule.lambda1(), rule.n(), m);
                    break;
                default:
                    LoopedBackprop.plainStep(w, b, nabla.nablaW(l), nabla.nablaB(l), eta, rule.lambda(),
                            rule.lambda1(), rule.n(), m);
            }
            optimizer.update(HeapMatrix.wrap(w), HeapMatrix.wrap(givenW[l]), weightState[l], eta, t, 0, w.length);
            optimizer.update(HeapMatrix.wrap(b), HeapMatrix.wrap(givenB[l]), biasState[l], eta, t, 0, b.length);
        }
    }

    /** This step's masks, drawn in the batched engine's order; null without dropout. */
    private DoubleMatrix[] drawMasks(int m, SplittableRandom random) {
        if (!rule.hasDropout()) {
            return null;
        }
        int hidden = network.numLayers() - 2;
        if (masks == null || masks.length != hidden || (hidden > 0 && firstColumns() != m)) {
            masks = new DoubleMatrix[hidden];
            for (int l = 0; l < hidden; l++) {
                if (rule.dropout(l) > 0) {
                    masks[l] = new DoubleMatrix(network.weights[l].rows, m);
                }
            }
        }
        for (int l = 0; l < hidden; l++) {
            if (masks[l] != null) {
                ParameterKernels.drawMask(HeapMatrix.wrap(masks[l]), rule.dropout(l), random);
            }
        }
        return masks;
    }

    private int firstColumns() {
        for (DoubleMatrix mask : masks) {
            if (mask != null) {
                return mask.columns;
            }
        }
        return -1;
    }

    @Override
    public boolean updatesNetworkInPlace() {
        return true;
    }

    @Override
    public void sync() {
        // The engine updated the network's own matrices.
    }

    @Override
    public double[][] optimizerState() {
        return OptimizerStates.toArrays(weightState, biasState);
    }

    @Override
    public void restoreOptimizerState(double[][] state) {
        OptimizerStates.restore(state, weightState, biasState);
    }

    @Override
    public void close() {
        // Nothing is held outside the heap.
    }
}
