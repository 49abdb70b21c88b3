package nn.data;

import java.util.Arrays;
import java.util.Locale;
import nn.io.NetworkJson;
import nn.network.Network;
import org.jblas.DoubleMatrix;

/**
 * A per-feature affine map {@code x'ᵢ = (xᵢ − offsetᵢ) / scaleᵢ}, fitted on the training set: standardisation
 * (offset the mean, scale the standard deviation) or min–max scaling (offset the minimum, scale the range, so that
 * the training set spans [0, 1]).
 *
 * <p>Fit it on the training set only, {@link #apply(Dataset) apply} it to every set the network sees, and attach it
 * to the network with {@link Network#setInputScaling}: {@link NetworkJson} saves it with the network (a field
 * {@code input_scaling} that {@code network2.py}'s loader ignores) and {@link Network#predict(double[])} and
 * {@link Network#probabilities(double[])} apply it to the raw features they are given.
 *
 * <p>A feature that is constant on the training set has scale 1 (it is only shifted): dividing by a zero spread
 * would turn every other value into an infinity.
 */
public final class FeatureScaling {

    /** How the offsets and scales were fitted. */
    public enum Method {
        /** Offset the mean, scale the (population) standard deviation: each feature has mean 0 and variance 1. */
        STANDARDISE("standardise"),
        /** Offset the minimum, scale the range: each feature spans [0, 1] on the training set. */
        MIN_MAX("min_max");

        private final String jsonName;

        Method(String jsonName) {
            this.jsonName = jsonName;
        }

        /**
         * The name in the saved JSON and on the command line.
         *
         * @return {@code standardise} or {@code min_max}, as {@link #ofJsonName} reads it
         */
        public String jsonName() {
            return jsonName;
        }

        /**
         * The method of that name.
         *
         * @param name {@code standardise} or {@code min_max}
         * @return the method
         * @throws IllegalArgumentException for any other name, listing the known ones
         */
        public static Method ofJsonName(String name) {
            for (Method m : values()) {
                if (m.jsonName.equals(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown scaling '" + name + "', expected standardise or min_max");
        }
    }

    private final Method method;
    private final double[] offset;
    private final double[] scale;

    private FeatureScaling(Method method, double[] offset, double[] scale) {
        this.method = method;
        this.offset = offset;
        this.scale = scale;
    }

    /**
     * A scaling with the given parameters (as read back from a saved network).
     *
     * @param method how they were fitted
     * @param offset subtracted from each feature
     * @param scale  each shifted feature is divided by it
     * @return the scaling
     * @throws IllegalArgumentException if the lengths differ, are zero, a value is not finite or a scale is not
     *                                  positive
     */
    public static FeatureScaling of(Method method, double[] offset, double[] scale) {
        if (method == null) {
            throw new IllegalArgumentException("method is missing");
        }
        if (offset.length != scale.length || offset.length == 0) {
            throw new IllegalArgumentException("offset and scale need one value per feature, got " + offset.length
                    + " and " + scale.length);
        }
        for (int i = 0; i < offset.length; i++) {
            if (!Double.isFinite(offset[i])) {
                throw new IllegalArgumentException("offset[" + i + "] is " + offset[i] + ", expected a finite number");
            }
            if (!(scale[i] > 0) || !Double.isFinite(scale[i])) {
                throw new IllegalArgumentException("scale[" + i + "] is " + scale[i]
                        + ", expected a finite number above 0");
            }
        }
        return new FeatureScaling(method, offset.clone(), scale.clone());
    }

    /**
     * Fits a standardisation on {@code training}: each feature's mean and population standard deviation.
     *
     * @param training the training set (only: the validation and test sets must not leak into the fit)
     * @return the fitted scaling
     */
    public static FeatureScaling standardise(Dataset training) {
        DoubleMatrix x = inputsOf(training);
        int n = x.columns;
        double[] mean = new double[x.rows];
        double[] sd = new double[x.rows];
        for (int i = 0; i < x.rows; i++) {
            double sum = 0;
            for (int c = 0; c < n; c++) {
                sum += x.get(i, c);
            }
            mean[i] = sum / n;
            // Two passes: the sum of squared deviations, not E[x²] − E[x]², which cancels catastrophically.
            double squares = 0;
            for (int c = 0; c < n; c++) {
                double d = x.get(i, c) - mean[i];
                squares += d * d;
            }
            double s = Math.sqrt(squares / n);
            sd[i] = s > 0 ? s : 1;
        }
        return new FeatureScaling(Method.STANDARDISE, mean, sd);
    }

    /**
     * Fits a min–max scaling on {@code training}: each feature's minimum and range.
     *
     * @param training the training set (only)
     * @return the fitted scaling
     */
    public static FeatureScaling minMax(Dataset training) {
        DoubleMatrix x = inputsOf(training);
        double[] min = new double[x.rows];
        double[] range = new double[x.rows];
        for (int i = 0; i < x.rows; i++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < x.columns; c++) {
                lo = Math.min(lo, x.get(i, c));
                hi = Math.max(hi, x.get(i, c));
            }
            min[i] = lo;
            range[i] = hi > lo ? hi - lo : 1;
        }
        return new FeatureScaling(Method.MIN_MAX, min, range);
    }

    /**
     * Fits the given method on {@code training}.
     *
     * @param method   standardisation or min–max
     * @param training the training set (only)
     * @return the fitted scaling
     */
    public static FeatureScaling fit(Method method, Dataset training) {
        return method == Method.STANDARDISE ? standardise(training) : minMax(training);
    }

    /** {@return how this scaling was fitted} */
    public Method method() {
        return method;
    }

    /** {@return the number of features this scaling applies to} */
    public int features() {
        return offset.length;
    }

    /** {@return a copy of the offsets, one per feature} */
    public double[] offset() {
        return offset.clone();
    }

    /** {@return a copy of the scales, one per feature} */
    public double[] scale() {
        return scale.clone();
    }

    /**
     * Scales one example's features.
     *
     * @param x the raw features, {@link #features()} of them
     * @return a new array of the scaled features
     * @throws IllegalArgumentException if {@code x} has another length
     */
    public double[] apply(double[] x) {
        if (x.length != offset.length) {
            throw new IllegalArgumentException("expected " + offset.length + " features, got " + x.length);
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = (x[i] - offset[i]) / scale[i];
        }
        return y;
    }

    /**
     * A scaled copy of a dataset, held in memory (the targets are kept as they are).
     *
     * @param data any dataset with {@link #features()} inputs
     * @return a new dataset of the scaled examples
     * @throws IllegalArgumentException if the dataset has another input size
     */
    public MatrixDataset apply(Dataset data) {
        if (data.inputSize() != offset.length) {
            throw new IllegalArgumentException("the scaling was fitted on " + offset.length
                    + " features, the dataset has " + data.inputSize());
        }
        DoubleMatrix x = new DoubleMatrix(data.inputSize(), data.size());
        DoubleMatrix y = new DoubleMatrix(data.outputSize(), data.size());
        int[] all = new int[data.size()];
        Arrays.setAll(all, i -> i);
        data.copyBatch(all, 0, x, y);
        for (int c = 0; c < x.columns; c++) {
            for (int i = 0; i < x.rows; i++) {
                x.put(i, c, (x.get(i, c) - offset[i]) / scale[i]);
            }
        }
        return MatrixDataset.of(x, y);
    }

    private static DoubleMatrix inputsOf(Dataset data) {
        DoubleMatrix x = new DoubleMatrix(data.inputSize(), data.size());
        DoubleMatrix y = new DoubleMatrix(data.outputSize(), data.size());
        int[] all = new int[data.size()];
        Arrays.setAll(all, i -> i);
        data.copyBatch(all, 0, x, y);
        return x;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaling f && f.method == method && Arrays.equals(f.offset, offset)
                && Arrays.equals(f.scale, scale);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * method.hashCode() + Arrays.hashCode(offset)) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s scaling of %d features", method.jsonName(), offset.length);
    }
}
