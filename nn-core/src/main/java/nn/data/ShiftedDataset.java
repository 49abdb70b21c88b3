package nn.data;

import java.util.Objects;
import nn.backend.BlasMatrix;

/** {@link PixelShifts} applied to a dataset: each image and its four one-pixel shifts, computed when copied. */
final class ShiftedDataset implements Dataset {

    /** Row and column displacement of each copy: unmoved, down, up, right, left. */
    private static final int[] DOWN = {0, 1, -1, 0, 0};
    private static final int[] RIGHT = {0, 0, 0, 1, -1};

    private final Dataset source;
    private final ImageShape shape;
    private final ExampleReader reader;

    ShiftedDataset(Dataset source, ImageShape shape) {
        if ((long) source.size() * PixelShifts.COPIES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source.size() + " images make " + (long) source.size()
                    * PixelShifts.COPIES + " shifted examples, more than a dataset can index (2^31 - 1)");
        }
        this.source = source;
        this.shape = shape;
        this.reader = new ExampleReader(source);
    }

    @Override
    public int size() {
        return source.size() * PixelShifts.COPIES;
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
        int rows = shape.rows();
        int columns = shape.columns();
        int outputs = source.outputSize();
        Objects.checkFromIndexSize(0, count * pixels, x.length());
        Objects.checkFromIndexSize(0, count * outputs, y.length());
        for (int j = 0; j < count; j++) {
            int example = Objects.checkIndex(order[from + j], size());
            reader.read(example / PixelShifts.COPIES);
            double[] image = reader.input();
            int down = DOWN[example % PixelShifts.COPIES];
            int right = RIGHT[example % PixelShifts.COPIES];
            int column0 = j * pixels;
            for (int r = 0; r < rows; r++) {
                int sr = r - down;
                for (int c = 0; c < columns; c++) {
                    int sc = c - right;
                    boolean inside = sr >= 0 && sr < rows && sc >= 0 && sc < columns;
                    x.set(column0 + r * columns + c, inside ? image[sr * columns + sc] : 0.0);
                }
            }
            y.put(j * outputs, reader.target(), 0, outputs);
        }
    }

    @Override
    public int label(int index) {
        return source.label(Objects.checkIndex(index, size()) / PixelShifts.COPIES);
    }

    /** Passes the epoch on, in case the images are themselves augmented. */
    @Override
    public void startEpoch(int epoch) {
        source.startEpoch(epoch);
    }
}
