package nn.core;

/**
 * Simard, Steinkraus and Platt's elastic distortion ("Best practices for convolutional neural networks applied
 * to visual document analysis", 2003, section 2): a random displacement field, uniform in [−1, 1] for each pixel
 * and direction, smoothed by a Gaussian of standard deviation σ pixels and scaled by α. A small σ gives random
 * jitter, a large one an almost uniform shift; around σ = 4 the strokes bend as a hand's would.
 *
 * <p>The Gaussian is truncated at 3σ and normalised over what remains; the field outside the image counts as 0
 * (scipy's {@code gaussian_filter(mode="constant")}, which common implementations use), so displacements fade
 * towards the border.
 */
public final class ElasticDistortion extends Distortion {

    /** α = 34, σ = 4: the values Simard et al. used for MNIST. */
    public static final ElasticDistortion DEFAULT = new ElasticDistortion(34, 4);

    private final double alpha;
    private final double sigma;
    /** The Gaussian's weights at offsets 0, 1, … radius, normalised so that the full kernel sums to 1. */
    private final double[] kernel;

    private ElasticDistortion(double alpha, double sigma) {
        this.alpha = alpha;
        this.sigma = sigma;
        int radius = (int) Math.ceil(3 * sigma);
        kernel = new double[radius + 1];
        double sum = 0;
        for (int k = 0; k <= radius; k++) {
            kernel[k] = Math.exp(-k * k / (2 * sigma * sigma));
            sum += k == 0 ? kernel[k] : 2 * kernel[k];
        }
        for (int k = 0; k <= radius; k++) {
            kernel[k] /= sum;
        }
    }

    /**
     * An elastic distortion of strength {@code alpha} (pixels per unit of smoothed field) and smoothness
     * {@code sigma} (pixels).
     *
     * @throws IllegalArgumentException if {@code alpha} is negative, {@code sigma} is not in (0, 100], or either
     *                                  is not finite
     */
    public static ElasticDistortion of(double alpha, double sigma) {
        if (!(alpha >= 0 && Double.isFinite(alpha))) {
            throw new IllegalArgumentException("alpha must be a finite number ≥ 0, got " + alpha);
        }
        // The kernel has 3σ + 1 weights; beyond 100 pixels it would be a uniform shift of any digit-sized image.
        if (!(sigma > 0 && sigma <= 100)) {
            throw new IllegalArgumentException("sigma must be in (0, 100] pixels, got " + sigma);
        }
        return new ElasticDistortion(alpha, sigma);
    }

    @Override
    void sourcePositions(ExampleRandom random, ImageShape shape, double[] sourceRow, double[] sourceColumn,
                         double[] scratch) {
        int pixels = shape.pixels();
        for (int p = 0; p < pixels; p++) {
            sourceRow[p] = random.uniform(-1, 1);
            sourceColumn[p] = random.uniform(-1, 1);
        }
        smooth(sourceRow, scratch, shape);
        smooth(sourceColumn, scratch, shape);
        int p = 0;
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.columns(); c++, p++) {
                sourceRow[p] = r + alpha * sourceRow[p];
                sourceColumn[p] = c + alpha * sourceColumn[p];
            }
        }
    }

    /** Convolves {@code field} with the Gaussian in place, along rows into {@code scratch}, then down columns. */
    private void smooth(double[] field, double[] scratch, ImageShape shape) {
        int rows = shape.rows();
        int columns = shape.columns();
        int radius = kernel.length - 1;
        for (int r = 0; r < rows; r++) {
            int row = r * columns;
            for (int c = 0; c < columns; c++) {
                double sum = 0;
                int from = Math.max(-radius, -c);
                int to = Math.min(radius, columns - 1 - c);
                for (int k = from; k <= to; k++) {
                    sum += kernel[Math.abs(k)] * field[row + c + k];
                }
                scratch[row + c] = sum;
            }
        }
        for (int r = 0; r < rows; r++) {
            int from = Math.max(-radius, -r);
            int to = Math.min(radius, rows - 1 - r);
            for (int c = 0; c < columns; c++) {
                double sum = 0;
                for (int k = from; k <= to; k++) {
                    sum += kernel[Math.abs(k)] * scratch[(r + k) * columns + c];
                }
                field[r * columns + c] = sum;
            }
        }
    }

    @Override
    public String toString() {
        return "elastic (alpha " + alpha + ", sigma " + sigma + ")";
    }
}
