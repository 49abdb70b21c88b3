package nn.data;

/**
 * The whole image rotated about its centre, scaled and moved, by amounts drawn uniformly from the given ranges:
 * small enough that a digit stays the same digit.
 */
public final class AffineDistortion extends Distortion {

    /** Rotation ±15°, scale 0.9–1.1, shift ±2 pixels each way. */
    public static final AffineDistortion DEFAULT = new AffineDistortion(15, 0.9, 1.1, 2);

    private final double maxDegrees;
    private final double minScale;
    private final double maxScale;
    private final double maxShift;

    private AffineDistortion(double maxDegrees, double minScale, double maxScale, double maxShift) {
        this.maxDegrees = maxDegrees;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.maxShift = maxShift;
    }

    /**
     * An affine distortion drawing its rotation from [−maxDegrees, maxDegrees], its scale from
     * [minScale, maxScale] and its shift, in rows and in columns independently, from [−maxShift, maxShift] pixels.
     *
     * @param maxDegrees the largest rotation either way, in degrees, in [0, 180]; 0 for none
     * @param minScale   the smallest scale factor, above 0 (below 1 shrinks the image)
     * @param maxScale   the largest scale factor, at least {@code minScale}; equal to it for a fixed scale
     * @param maxShift   the largest shift either way, in pixels, ≥ 0; 0 for none
     * @return a new distortion
     * @throws IllegalArgumentException if {@code maxDegrees} is not in [0, 180], the scales are not
     *                                  0 &lt; minScale ≤ maxScale, or {@code maxShift} is negative (or any is not
     *                                  finite)
     */
    public static AffineDistortion of(double maxDegrees, double minScale, double maxScale, double maxShift) {
        if (!(maxDegrees >= 0 && maxDegrees <= 180)) {
            throw new IllegalArgumentException("maxDegrees must be in [0, 180], got " + maxDegrees);
        }
        if (!(minScale > 0 && minScale <= maxScale && Double.isFinite(maxScale))) {
            throw new IllegalArgumentException("scales must be finite with 0 < minScale ≤ maxScale, got " + minScale
                    + " and " + maxScale);
        }
        if (!(maxShift >= 0 && Double.isFinite(maxShift))) {
            throw new IllegalArgumentException("maxShift must be a finite number ≥ 0, got " + maxShift);
        }
        return new AffineDistortion(maxDegrees, minScale, maxScale, maxShift);
    }

    /**
     * Output pixel p = centre + s·R(θ)·(q − centre) + t comes from the original's point
     * q = centre + R(−θ)·(p − centre − t) / s, the inverse map, so that every output pixel is read exactly once.
     */
    @Override
    void sourcePositions(ExampleRandom random, ImageShape shape, double[] sourceRow, double[] sourceColumn,
                         double[][] scratch) {
        double theta = Math.toRadians(random.uniform(-maxDegrees, maxDegrees));
        double scale = random.uniform(minScale, maxScale);
        double shiftRow = random.uniform(-maxShift, maxShift);
        double shiftColumn = random.uniform(-maxShift, maxShift);
        double cos = Math.cos(theta) / scale;
        double sin = Math.sin(theta) / scale;
        double centreRow = (shape.rows() - 1) / 2.0;
        double centreColumn = (shape.columns() - 1) / 2.0;
        int p = 0;
        for (int r = 0; r < shape.rows(); r++) {
            double dr = r - centreRow - shiftRow;
            for (int c = 0; c < shape.columns(); c++, p++) {
                double dc = c - centreColumn - shiftColumn;
                sourceRow[p] = centreRow + cos * dr + sin * dc;
                sourceColumn[p] = centreColumn - sin * dr + cos * dc;
            }
        }
    }

    @Override
    double[][] newScratch(ImageShape shape) {
        return new double[0][];
    }

    @Override
    public String toString() {
        return "affine (rotation ±" + maxDegrees + "°, scale " + minScale + "–" + maxScale + ", shift ±" + maxShift
                + " px)";
    }
}
