package nn.data;

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
     * @param alpha the scale α of the smoothed field, in pixels, ≥ 0; 0 leaves images unchanged
     * @param sigma the standard deviation σ of the smoothing Gaussian, in pixels, in (0, 100]
     * @return a new distortion
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

    /**
     * Three arrays of rows of {@code columns + 2·radius}: the random field, each row between {@code radius}
     * zeros; the field smoothed along rows, between {@code radius} zero rows above and below; and the field
     * smoothed both ways. With the zeros in place the convolution needs no bounds tests, and each pass is one loop
     * per kernel weight over the whole image, reading one array and writing another, which the JIT vectorises.
     * The positions between rows then hold values no output uses. The zero padding is never written.
     */
    @Override
    double[][] newScratch(ImageShape shape) {
        int radius = kernel.length - 1;
        int stride = shape.columns() + 2 * radius;
        return new double[][] {
            new double[shape.rows() * stride],
            new double[(shape.rows() + 2 * radius) * stride],
            new double[shape.rows() * stride],
        };
    }

    @Override
    void sourcePositions(ExampleRandom random, ImageShape shape, double[] sourceRow, double[] sourceColumn,
                         double[][] scratch) {
        randomSmoothField(random, shape, scratch, sourceRow);
        randomSmoothField(random, shape, scratch, sourceColumn);
        int p = 0;
        for (int r = 0; r < shape.rows(); r++) {
            for (int c = 0; c < shape.columns(); c++, p++) {
                sourceRow[p] = r + alpha * sourceRow[p];
                sourceColumn[p] = c + alpha * sourceColumn[p];
            }
        }
    }

    /** Draws a field uniform in [−1, 1] and writes it, convolved with the Gaussian, into {@code field}. */
    private void randomSmoothField(ExampleRandom random, ImageShape shape, double[][] scratch, double[] field) {
        int rows = shape.rows();
        int columns = shape.columns();
        int radius = kernel.length - 1;
        int stride = columns + 2 * radius;
        double[] noise = scratch[0];
        double[] alongRows = scratch[1];
        double[] smoothed = scratch[2];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                noise[r * stride + radius + c] = random.uniform(-1, 1);
            }
        }
        // Along rows: position j of the image (rows of stride) is position top + j of alongRows.
        int top = radius * stride;
        int n = rows * stride;
        double w0 = kernel[0];
        for (int j = radius; j < n - radius; j++) {
            alongRows[top + j] = w0 * noise[j];
        }
        for (int k = 1; k <= radius; k++) {
            double w = kernel[k];
            for (int j = radius; j < n - radius; j++) {
                alongRows[top + j] += w * (noise[j - k] + noise[j + k]);
            }
        }
        // Down columns: rows k above and below are k · stride away; the zero rows stand for outside the image.
        for (int j = 0; j < n; j++) {
            smoothed[j] = w0 * alongRows[top + j];
        }
        for (int k = 1; k <= radius; k++) {
            double w = kernel[k];
            int above = top - k * stride;
            int below = top + k * stride;
            for (int j = 0; j < n; j++) {
                smoothed[j] += w * (alongRows[above + j] + alongRows[below + j]);
            }
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(smoothed, r * stride + radius, field, r * columns, columns);
        }
    }

    @Override
    public String toString() {
        return "elastic (alpha " + alpha + ", sigma " + sigma + ")";
    }
}
