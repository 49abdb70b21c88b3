package nn.core;

import java.util.Objects;

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
    private final double[] scratch;

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
        this.scratch = new double[shape.pixels()];
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
            int column0 = j * pixels;
            for (int p = 0; p < pixels; p++) {
                x.set(column0 + p, sample(image, sourceRow[p], sourceColumn[p]));
            }
            y.put(j * outputs, reader.target(), 0, outputs);
        }
    }

    /**
     * The image at (row, column) by bilinear interpolation, 0 outside. A convex combination of pixels in [0, 1] is
     * in [0, 1]; the clamp only removes rounding's last bit.
     */
    private double sample(double[] image, double row, double column) {
        double floorRow = Math.floor(row);
        double floorColumn = Math.floor(column);
        int r = (int) floorRow;
        int c = (int) floorColumn;
        double down = row - floorRow;
        double right = column - floorColumn;
        double top = (1 - right) * pixel(image, r, c) + right * pixel(image, r, c + 1);
        double bottom = (1 - right) * pixel(image, r + 1, c) + right * pixel(image, r + 1, c + 1);
        return Math.min(1.0, Math.max(0.0, (1 - down) * top + down * bottom));
    }

    private double pixel(double[] image, int r, int c) {
        return r >= 0 && r < shape.rows() && c >= 0 && c < shape.columns() ? image[r * shape.columns() + c] : 0.0;
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
