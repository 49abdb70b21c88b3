package nn.data;

import java.util.Objects;
import nn.backend.BlasMatrix;

/**
 * A {@link Distortion} applied to a dataset: example i is image i distorted by the draw of (seed, epoch, i),
 * computed when it is copied into a mini-batch, into scratch arrays allocated once.
 */
final class DistortedDataset implements Dataset {

    private final Dataset source;
    private final ImageShape shape;
    private final Distortion distortion;
    private final long seed;
    private final ExampleReader reader;
    private final ExampleRandom random = new ExampleRandom();
    private final double[] sourceRow;
    private final double[] sourceColumn;
    private final double[][] scratch;
    /** The image with a border of one zero pixel all round, so that sampling needs no bounds tests. */
    private final double[] padded;
    private final int paddedColumns;

    /** Written by the training thread with no copy in flight; volatile so the copying thread sees it anyway. */
    private volatile int epoch;

    DistortedDataset(Dataset source, ImageShape shape, Distortion distortion, long seed) {
        this.source = source;
        this.shape = shape;
        this.distortion = distortion;
        this.seed = seed;
        this.reader = new ExampleReader(source);
        this.sourceRow = new double[shape.pixels()];
        this.sourceColumn = new double[shape.pixels()];
        this.scratch = distortion.newScratch(shape);
        this.paddedColumns = shape.columns() + 2;
        this.padded = new double[(shape.rows() + 2) * paddedColumns];
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public int inputSize() {
        return source.inputSize();
    }

    @Override
    public int outputSize() {
        return source.outputSize();
    }

    @Override
    public void copyBatch(int[] order, int from, int count, BlasMatrix x, BlasMatrix y) {
        Objects.checkFromIndexSize(from, count, order.length);
        int pixels = shape.pixels();
        int outputs = source.outputSize();
        Objects.checkFromIndexSize(0, count * pixels, x.length());
        Objects.checkFromIndexSize(0, count * outputs, y.length());
        int e = epoch;
        for (int j = 0; j < count; j++) {
            int example = Objects.checkIndex(order[from + j], size());
            reader.read(example);
            random.restart(seed, e, example);
            distortion.sourcePositions(random, shape, sourceRow, sourceColumn, scratch);
            double[] image = reader.input();
            for (int r = 0; r < shape.rows(); r++) {
                System.arraycopy(image, r * shape.columns(), padded, (r + 1) * paddedColumns + 1, shape.columns());
            }
            int column0 = j * pixels;
            for (int p = 0; p < pixels; p++) {
                x.set(column0 + p, sample(sourceRow[p], sourceColumn[p]));
            }
            y.put(j * outputs, reader.target(), 0, outputs);
        }
    }

    /**
     * The image at (row, column) by bilinear interpolation, 0 outside. A convex combination of pixels in [0, 1] is
     * in [0, 1]; the clamp only removes rounding's last bit. Written as a + t·(b − a), so that a weight of
     * exactly 0 returns the pixel itself, bit for bit.
     */
    private double sample(double row, double column) {
        // Outside (−1, rows) × (−1, columns) every neighbour is outside the image or weighs 0; so is NaN.
        if (!(row > -1 && row < shape.rows() && column > -1 && column < shape.columns())) {
            return 0.0;
        }
        // row + 1 > 0, so truncating it floors it: r (0 to rows) is the padded row at or above the point.
        int r = (int) (row + 1);
        int c = (int) (column + 1);
        double down = row + 1 - r;
        double right = column + 1 - c;
        int i = r * paddedColumns + c;
        double top = padded[i] + right * (padded[i + 1] - padded[i]);
        double bottom = padded[i + paddedColumns] + right * (padded[i + paddedColumns + 1] - padded[i + paddedColumns]);
        double value = top + down * (bottom - top);
        // Not Math.min/max: their NaN and −0.0 rules make them twice as slow here on Java 17, for nothing.
        return value > 1.0 ? 1.0 : value < 0.0 ? 0.0 : value;
    }

    @Override
    public int label(int index) {
        return source.label(index);
    }

    /** Selects epoch {@code epoch}'s distortions, and passes the epoch on to the images. */
    @Override
    public void startEpoch(int epoch) {
        this.epoch = epoch;
        source.startEpoch(epoch);
    }
}
