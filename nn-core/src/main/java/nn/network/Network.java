package nn.network;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import nn.data.Dataset;
import nn.data.FeatureScaling;
import nn.internal.JblasNatives;
import nn.io.NetworkJson;
import nn.training.Sgd;
import org.jblas.DoubleMatrix;

/**
 * A feedforward network of fully connected layers: Nielsen's {@code Network} class.
 *
 * <p>Layer 0 is the input layer. {@code weights(l)} is the {@code sizes[l+1] × sizes[l]} matrix w connecting
 * layer {@code l} to layer {@code l+1} (row j holds the weights into neuron j), {@code biases(l)} the
 * {@code sizes[l+1] × 1} column of layer {@code l+1}'s biases, and {@code activation(l)} its σ, so that
 * {@code a^{l+1} = σ(w a^l + b)}.
 *
 * <p>Training ({@link Sgd}) updates the parameters in place. Inference ({@link #feedforward}, {@link #predict},
 * {@link #evaluate}, {@link #accuracy}, {@link #totalCost}) never writes to the network, so a network that is
 * not being trained can be used from many threads at once.
 */
public final class Network {

    private final int[] sizes;
    private final Activation[] activations;
    private final Cost cost;
    /**
     * The live weight matrices, {@code weights[l]} connecting layer l to layer l+1, as {@code network2.py}'s
     * {@code net.weights}: training updates them in place. {@link #weights(int)} gives a copy.
     */
    public final DoubleMatrix[] weights;
    /** The live bias columns, {@code biases[l]} of layer l+1, as {@code net.biases}; {@link #biases(int)} copies. */
    public final DoubleMatrix[] biases;
    /** Applied to raw features by predict(double[]) and probabilities(double[]); null for none. */
    private volatile FeatureScaling inputScaling;

    private Network(int[] sizes, Activation[] activations, Cost cost, DoubleMatrix[] weights,
                    DoubleMatrix[] biases) {
        this.sizes = sizes;
        this.activations = activations;
        this.cost = cost;
        this.weights = weights;
        this.biases = biases;
    }

    /**
     * Starts building a network with the given layer sizes, input layer first, e.g. {@code 784, 30, 10}.
     *
     * @param sizes the number of neurons in each layer, input layer first; at least 2 layers of at least 1 neuron
     *              each, checked by {@link Builder#build()}. Copied.
     * @return a builder with sigmoid activations, the cross-entropy cost, {@link WeightInit#SCALED} and seed 0
     */
    public static Builder builder(int... sizes) {
        return new Builder(sizes);
    }

    /**
     * A network with the given parameters, which are copied.
     *
     * @param sizes       the number of neurons in each layer, input layer first; at least 2 layers
     * @param activations one per layer after the input layer; only the last may be non-elementwise (softmax)
     * @param cost        the cost the network is trained on; it must fit the output activation
     *                    ({@link Cost#checkOutputActivation})
     * @param weights     {@code weights[l]} is the {@code sizes[l+1] × sizes[l]} matrix from layer l to layer l+1
     * @param biases      {@code biases[l]} is the {@code sizes[l+1] × 1} column of layer l+1's biases
     * @return the network, holding copies of {@code weights} and {@code biases}
     * @throws IllegalArgumentException if any count or shape disagrees with {@code sizes}, a parameter is not
     *                                  finite, or the activations and cost do not fit together
     */
    public static Network of(int[] sizes, Activation[] activations, Cost cost, DoubleMatrix[] weights,
                             DoubleMatrix[] biases) {
        return of(sizes, activations, cost, weights, biases, true);
    }

    /**
     * As {@link #of(int[], Activation[], Cost, DoubleMatrix[], DoubleMatrix[])}, taking the matrices without
     * copying them when {@code copy} is false: a reader that built them for the network alone needs no second
     * copy of a model that may take gigabytes.
     *
     * @param sizes       the number of neurons in each layer, input layer first; at least 2 layers
     * @param activations one per layer after the input layer; only the last may be non-elementwise (softmax)
     * @param cost        the cost the network is trained on; it must fit the output activation
     * @param weights     {@code weights[l]} is the {@code sizes[l+1] × sizes[l]} matrix from layer l to layer l+1
     * @param biases      {@code biases[l]} is the {@code sizes[l+1] × 1} column of layer l+1's biases
     * @param copy        false to take {@code weights} and {@code biases} as they are: the caller must not use them
     *                    after
     * @return the network
     * @throws IllegalArgumentException if any count or shape disagrees with {@code sizes}, a parameter is not
     *                                  finite, or the activations and cost do not fit together
     */
    public static Network of(int[] sizes, Activation[] activations, Cost cost, DoubleMatrix[] weights,
                      DoubleMatrix[] biases, boolean copy) {
        checkArchitecture(sizes, activations, cost);
        int layers = sizes.length - 1;
        if (weights.length != layers || biases.length != layers) {
            throw new IllegalArgumentException("a network with " + sizes.length + " layers has " + layers
                    + " weight matrices and bias vectors, got " + weights.length + " and " + biases.length);
        }
        DoubleMatrix[] w = new DoubleMatrix[layers];
        DoubleMatrix[] b = new DoubleMatrix[layers];
        for (int l = 0; l < layers; l++) {
            checkShape("weights[" + l + "]", weights[l], sizes[l + 1], sizes[l]);
            checkShape("biases[" + l + "]", biases[l], sizes[l + 1], 1);
            w[l] = copy ? weights[l].dup() : weights[l];
            b[l] = copy ? biases[l].dup() : biases[l];
        }
        Network network = new Network(sizes.clone(), activations.clone(), cost, w, b);
        String bad = network.firstNonFiniteParameter();
        if (bad != null) {
            throw new IllegalArgumentException("every parameter must be finite, but " + bad);
        }
        return network;
    }

    private static void checkShape(String what, DoubleMatrix m, int rows, int columns) {
        if (m.rows != rows || m.columns != columns) {
            throw new IllegalArgumentException(what + " is " + m.rows + "×" + m.columns + ", expected " + rows
                    + "×" + columns);
        }
    }

    private static void checkArchitecture(int[] sizes, Activation[] activations, Cost cost) {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("a network needs at least 2 layers (input and output), got "
                    + (sizes == null ? "none" : Arrays.toString(sizes)));
        }
        for (int l = 0; l < sizes.length; l++) {
            if (sizes[l] < 1) {
                throw new IllegalArgumentException("layer " + l + " has " + sizes[l]
                        + " neurons; every layer needs at least 1 (sizes " + Arrays.toString(sizes) + ")");
            }
        }
        if (activations.length != sizes.length - 1) {
            throw new IllegalArgumentException("sizes " + Arrays.toString(sizes) + " need "
                    + (sizes.length - 1) + " activations (one per layer after the input), got "
                    + activations.length);
        }
        for (int l = 0; l < activations.length; l++) {
            if (activations[l] == null) {
                throw new IllegalArgumentException("activation of layer " + (l + 1) + " is missing");
            }
            if (l < activations.length - 1 && !activations[l].elementwise()) {
                throw new IllegalArgumentException(activations[l].name() + " can only be the output layer,"
                        + " but was given for hidden layer " + (l + 1));
            }
        }
        if (cost == null) {
            throw new IllegalArgumentException("cost is missing");
        }
        cost.checkOutputActivation(activations[activations.length - 1]);
    }

    /** {@return a copy of the layer sizes, input layer first} */
    public int[] sizes() {
        return sizes.clone();
    }

    /** {@return the number of layers, counting the input layer (the book's {@code num_layers})} */
    public int numLayers() {
        return sizes.length;
    }

    /** {@return the number of neurons in the input layer: the features per example} */
    public int inputSize() {
        return sizes[0];
    }

    /** {@return the number of neurons in the output layer: the classes, for a classifier} */
    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /**
     * The activation of layer {@code l + 1}, the layer {@code weights(l)} feeds.
     *
     * @param l the index of the weight matrix, from 0 to {@code numLayers() − 2}
     * @return the σ of layer {@code l + 1}
     * @throws ArrayIndexOutOfBoundsException if {@code l} is outside that range
     */
    public Activation activation(int l) {
        return activations[l];
    }

    /** {@return the cost the network is trained on} */
    public Cost cost() {
        return cost;
    }

    /**
     * A copy of the weight matrix from layer {@code l} to layer {@code l + 1}.
     *
     * @param l the layer the weights come from, from 0 to {@code numLayers() − 2}
     * @return a new {@code sizes[l+1] × sizes[l]} matrix; row j holds the weights into neuron j of layer l + 1
     * @throws ArrayIndexOutOfBoundsException if {@code l} is outside that range
     */
    public DoubleMatrix weights(int l) {
        return weights[l].dup();
    }

    /**
     * A copy of the biases of layer {@code l + 1}.
     *
     * @param l the index of the weight matrix that feeds the layer, from 0 to {@code numLayers() − 2}
     * @return a new {@code sizes[l+1] × 1} column
     * @throws ArrayIndexOutOfBoundsException if {@code l} is outside that range
     */
    public DoubleMatrix biases(int l) {
        return biases[l].dup();
    }

    /**
     * An independent copy of this network, its input scaling included.
     *
     * @return a network with the same architecture and copies of the parameters; training either leaves the other
     *         as it is
     */
    public Network copy() {
        Network copy = of(sizes, activations, cost, weights, biases);
        copy.inputScaling = inputScaling;
        return copy;
    }

    /**
     * Attaches the scaling that turns raw features into what this network was trained on (see
     * {@link FeatureScaling}): {@link #predict(double[])} and {@link #probabilities(double[])} apply it, and
     * {@link NetworkJson} saves and loads it with the network. The matrix methods ({@link #feedforward},
     * {@link #predict(DoubleMatrix)}, {@link #accuracy}, training) take inputs already scaled, as datasets made with
     * {@link FeatureScaling#apply(Dataset)} are.
     *
     * @param scaling the scaling, or {@code null} for none
     * @throws IllegalArgumentException if it is for another number of features than {@link #inputSize()}
     */
    public void setInputScaling(FeatureScaling scaling) {
        if (scaling != null && scaling.features() != sizes[0]) {
            throw new IllegalArgumentException("the scaling is for " + scaling.features() + " features, the network"
                    + " has " + sizes[0] + " inputs");
        }
        this.inputScaling = scaling;
    }

    /** {@return the scaling applied to raw features, if one is attached} */
    public Optional<FeatureScaling> inputScaling() {
        return Optional.ofNullable(inputScaling);
    }

    /**
     * Feeds inputs forward: {@code a ← σ(w a + b)} layer by layer.
     *
     * @param x one example per column, {@link #inputSize()} rows; one column for a single example
     * @return the output activations, one column per example
     */
    public DoubleMatrix feedforward(DoubleMatrix x) {
        checkInput(x);
        DoubleMatrix a = x;
        for (int l = 0; l < weights.length; l++) {
            DoubleMatrix z = JblasNatives.mmul(weights[l], a).addiColumnVector(biases[l]);
            activations[l].apply(z, z);
            a = z;
        }
        return a;
    }

    /**
     * The predicted class of each column of {@code x}: the index of the most active output neuron.
     *
     * @param x inputs already scaled, one example per column, {@link #inputSize()} rows
     * @return one class per column of {@code x}, each from 0 to {@code outputSize() − 1}
     * @throws IllegalArgumentException if {@code x} does not have {@link #inputSize()} rows or has no columns
     */
    public int[] predict(DoubleMatrix x) {
        DoubleMatrix a = feedforward(x);
        int[] classes = new int[a.columns];
        for (int c = 0; c < a.columns; c++) {
            classes[c] = argmax(a, c);
        }
        return classes;
    }

    /**
     * The predicted class of a single example given as raw features: the {@link #inputScaling()} is applied first,
     * when there is one.
     *
     * @param x the example's features, {@link #inputSize()} of them
     * @return the index of the most active output neuron
     */
    public int predict(double[] x) {
        return predict(new DoubleMatrix(scaled(x)))[0];
    }

    /**
     * The class probabilities of a single example given as raw features (the {@link #inputScaling()} applied
     * first): the output layer's activations, normalised to sum to 1. With a softmax output layer (the
     * log-likelihood cost) they are the softmax's probabilities as they are. With sigmoid outputs (the book's
     * quadratic and cross-entropy networks) each activation is an independent score in (0, 1), and this divides
     * them by their sum: a ranking of confidence that sums to 1, not a calibrated probability. Negative activations
     * (a tanh output layer) count as 0; if none is positive, every class gets the same probability.
     *
     * @param x the example's features, {@link #inputSize()} of them
     * @return one probability per class, summing to 1; the largest is at {@link #predict(double[])}
     */
    public double[] probabilities(double[] x) {
        double[] a = feedforward(new DoubleMatrix(scaled(x))).data;
        if (activations[activations.length - 1] instanceof Softmax) {
            return a;
        }
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(a[i], 0);
            sum += a[i];
        }
        if (!(sum > 0)) {
            Arrays.fill(a, 1.0 / a.length);
            return a;
        }
        for (int i = 0; i < a.length; i++) {
            a[i] /= sum;
        }
        return a;
    }

    private double[] scaled(double[] x) {
        if (x.length != sizes[0]) {
            throw new IllegalArgumentException("expected " + sizes[0] + " features, got " + x.length);
        }
        FeatureScaling scaling = inputScaling;
        return scaling == null ? x : scaling.apply(x);
    }

    /**
     * Cost and accuracy on {@code data} in one feedforward pass: Σ_x C_x without any regularisation term, and
     * the number of examples whose predicted class equals their label. The data goes through in large chunks, one
     * matrix product per layer each, shared out among every core; the figures do not depend on how many cores
     * there are. {@link #totalCost} and {@link #accuracy} are this pass.
     *
     * <p>{@code data}'s {@link Dataset#copyBatch} is called from several threads at once, each with its own
     * destination matrices.
     *
     * @param data examples with inputs already scaled; the label compared with is {@link Dataset#label}
     * @return the summed cost, the correctly classified count and the number of examples
     * @throws IllegalArgumentException if {@code data} is empty or does not fit the network
     */
    public Evaluation evaluate(Dataset data) {
        checkData(data);
        return ChunkedEvaluator.standard().evaluate(this, data);
    }

    /**
     * As {@link #evaluate(Dataset)}, on at most {@code threads} threads (the caller's included), with the same
     * figures for any number.
     *
     * @param data    examples with inputs already scaled; the label compared with is {@link Dataset#label}
     * @param threads the most threads the chunks are shared among, at least 1; 1 evaluates on the calling thread
     * @return the summed cost, the correctly classified count and the number of examples
     * @throws IllegalArgumentException if {@code threads} is below 1, or {@code data} is empty or does not fit
     */
    public Evaluation evaluate(Dataset data, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        checkData(data);
        return ChunkedEvaluator.standard().evaluate(this, data, threads);
    }

    /**
     * The predicted class of every example in {@code data}: the index of the most active output neuron, from the
     * same pass in large chunks on every core as {@link #evaluate(Dataset)} (and so the classes its correct count
     * counts).
     *
     * @param data examples with inputs already scaled
     * @return one class per example, in the dataset's order, each from 0 to {@code outputSize() − 1}
     * @throws IllegalArgumentException if {@code data} is empty or does not fit the network
     */
    public int[] predict(Dataset data) {
        checkData(data);
        int[] predicted = new int[data.size()];
        ChunkedEvaluator.standard().evaluate(this, data, Integer.MAX_VALUE, predicted);
        return predicted;
    }

    /**
     * The number of examples in {@code data} whose predicted class equals their label.
     *
     * @param data examples with inputs already scaled
     * @return the count of correctly classified examples, from 0 to {@code data.size()}
     * @throws IllegalArgumentException if {@code data} is empty or does not fit the network
     */
    public int accuracy(Dataset data) {
        return evaluate(data).correct();
    }

    /**
     * The mean cost over {@code data} plus the L2 term, as {@code network2.py}'s {@code total_cost}:
     * {@code (1/n) Σ_x C_x + (λ/2n) Σ_w w²}.
     *
     * @param data   examples with inputs already scaled; n is its size
     * @param lambda the L2 regularisation parameter λ; 0 for the unregularised mean cost
     * @return the regularised mean cost per example
     * @throws IllegalArgumentException if {@code data} is empty or does not fit the network
     */
    public double totalCost(Dataset data, double lambda) {
        Evaluation e = evaluate(data);
        return e.meanCost() + 0.5 * (lambda / e.size()) * squaredWeights();
    }

    /** Σ w² over every weight (not the biases): the sum in the book's L2 term. */
    double squaredWeights() {
        double squaredWeights = 0.0;
        for (DoubleMatrix w : weights) {
            squaredWeights += w.dot(w);
        }
        return squaredWeights;
    }

    /**
     * Finds the first parameter that is NaN or infinite, layer by layer, weights before biases.
     *
     * @return the parameter and its value as {@code [layer][row][column]}, e.g. {@code "weights[1][0][3] = NaN"}
     *         or {@code "biases[0][5][0] = Infinity"}; null when every parameter is finite
     */
    public String firstNonFiniteParameter() {
        for (int l = 0; l < weights.length; l++) {
            for (int r = 0; r < weights[l].rows; r++) {
                for (int c = 0; c < weights[l].columns; c++) {
                    if (!Double.isFinite(weights[l].get(r, c))) {
                        return "weights[" + l + "][" + r + "][" + c + "] = " + weights[l].get(r, c);
                    }
                }
            }
            for (int r = 0; r < biases[l].rows; r++) {
                if (!Double.isFinite(biases[l].get(r, 0))) {
                    return "biases[" + l + "][" + r + "][0] = " + biases[l].get(r, 0);
                }
            }
        }
        return null;
    }

    /**
     * Checks that {@code x} can be fed to this network.
     *
     * @param x one example per column
     * @throws IllegalArgumentException if it has not {@link #inputSize()} rows or has no columns
     */
    public void checkInput(DoubleMatrix x) {
        if (x.rows != sizes[0]) {
            throw new IllegalArgumentException("input has " + x.rows + " rows, but the network's input layer has "
                    + sizes[0] + " neurons");
        }
        if (x.columns < 1) {
            throw new IllegalArgumentException("input has no columns (examples)");
        }
    }

    /**
     * Checks that {@code data} fits this network: examples, input size and output size.
     *
     * @param data a dataset to train or evaluate on
     * @throws IllegalArgumentException naming what does not fit
     */
    public void checkData(Dataset data) {
        if (data.size() < 1) {
            throw new IllegalArgumentException("the dataset is empty");
        }
        if (data.inputSize() != inputSize() || data.outputSize() != outputSize()) {
            throw new IllegalArgumentException("the dataset has " + data.inputSize() + " inputs and "
                    + data.outputSize() + " outputs per example, but the network has sizes "
                    + Arrays.toString(sizes));
        }
    }

    /**
     * The predicted class of one column of output activations: the row of its largest entry, the first one on
     * ties (as {@code numpy.argmax}).
     *
     * @param a      output activations, one example per column
     * @param column the column (example) to look at
     * @return the row index of the largest entry; 0 when every entry is NaN
     */
    public static int argmax(DoubleMatrix a, int column) {
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < a.rows; r++) {
            double v = a.get(r, column);
            if (v > bestValue) { // first maximum wins, as numpy.argmax
                bestValue = v;
                best = r;
            }
        }
        return best;
    }

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    @Override
    public String toString() {
        return "Network" + Arrays.toString(sizes) + " " + Arrays.toString(activations) + " " + cost;
    }

    /** Builds a new, randomly initialised {@link Network}. */
    public static final class Builder {
        private final int[] sizes;
        private Activation hidden = Sigmoid.INSTANCE;
        private Activation output = Sigmoid.INSTANCE;
        private Activation[] perLayer;
        private Cost cost = CrossEntropyCost.INSTANCE;
        private WeightInit init = WeightInit.SCALED;
        private long seed;

        private Builder(int[] sizes) {
            this.sizes = sizes == null ? null : sizes.clone();
        }

        /**
         * The activation of every layer after the input; sigmoid by default. Replaces any earlier
         * {@link #activations}.
         *
         * @param activation the σ of the hidden layers and of the output layer
         * @return this builder
         */
        public Builder activation(Activation activation) {
            this.hidden = activation;
            this.output = activation;
            this.perLayer = null;
            return this;
        }

        /**
         * The activation of the hidden layers only; sigmoid by default. Replaces any earlier {@link #activations}.
         *
         * @param activation the σ of every layer between the input and the output layer; must be elementwise
         * @return this builder
         */
        public Builder hiddenActivation(Activation activation) {
            this.hidden = activation;
            this.perLayer = null;
            return this;
        }

        /**
         * The activation of the output layer only, e.g. {@link Softmax}; sigmoid by default. Replaces any earlier
         * {@link #activations}.
         *
         * @param activation the σ of the last layer; it must fit the {@link #cost}
         * @return this builder
         */
        public Builder outputActivation(Activation activation) {
            this.output = activation;
            this.perLayer = null;
            return this;
        }

        /**
         * One activation per layer after the input, overriding {@link #activation}, {@link #hiddenActivation} and
         * {@link #outputActivation} until one of them is called again.
         *
         * @param activations {@code sizes.length − 1} activations, in layer order; copied
         * @return this builder
         */
        public Builder activations(Activation... activations) {
            this.perLayer = activations.clone();
            return this;
        }

        /**
         * The cost; {@link CrossEntropyCost} by default, as in {@code network2.py}.
         *
         * @param cost the cost to train on; it must fit the output activation
         * @return this builder
         */
        public Builder cost(Cost cost) {
            this.cost = cost;
            return this;
        }

        /**
         * The initializer; {@link WeightInit#SCALED} by default, as in {@code network2.py}.
         *
         * @param init how the weights and biases are drawn
         * @return this builder
         */
        public Builder init(WeightInit init) {
            this.init = init;
            return this;
        }

        /**
         * The seed of the generator the parameters are drawn from; the same seed gives the same network.
         *
         * @param seed any value; 0 by default
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the network.
         *
         * @return a new network with parameters drawn by the initializer from the seed
         * @throws IllegalArgumentException if the sizes, activations and cost do not make a valid network, or the
         *                                  initializer is null
         * @throws nn.backend.NativeLibraryException if jblas's native library cannot be loaded
         */
        public Network build() {
            if (sizes == null || sizes.length < 2) {
                checkArchitecture(sizes, new Activation[0], cost);
            }
            Activation[] activations = perLayer;
            if (activations == null) {
                activations = new Activation[sizes.length - 1];
                Arrays.fill(activations, hidden);
                activations[activations.length - 1] = output;
            }
            checkArchitecture(sizes, activations, cost);
            if (init == null) {
                throw new IllegalArgumentException("weight initializer is missing");
            }
            JblasNatives.ensureLoaded();
            int layers = sizes.length - 1;
            DoubleMatrix[] w = new DoubleMatrix[layers];
            DoubleMatrix[] b = new DoubleMatrix[layers];
            for (int l = 0; l < layers; l++) {
                w[l] = new DoubleMatrix(sizes[l + 1], sizes[l]);
                b[l] = new DoubleMatrix(sizes[l + 1], 1);
            }
            init.initialize(w, b, new SplittableRandom(seed));
            return new Network(sizes.clone(), activations.clone(), cost, w, b);
        }
    }
}
