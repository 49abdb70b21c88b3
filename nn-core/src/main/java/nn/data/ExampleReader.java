package nn.data;

import nn.backend.BlasMatrix;
import nn.internal.HeapMatrix;
import org.jblas.DoubleMatrix;

/**
 * Reads one example of a dataset at a time into heap arrays allocated once, for the augmented datasets, which
 * alter an image before writing it into the mini-batch. Not thread-safe: one per augmented dataset, whose copies
 * run one at a time.
 */
final class ExampleReader {

    private final Dataset source;
    private final int[] index = new int[1];
    private final DoubleMatrix input;
    private final DoubleMatrix target;
    private final BlasMatrix inputView;
    private final BlasMatrix targetView;

    ExampleReader(Dataset source) {
        this.source = source;
        this.input = new DoubleMatrix(source.inputSize(), 1);
        this.target = new DoubleMatrix(source.outputSize(), 1);
        this.inputView = HeapMatrix.wrap(input);
        this.targetView = HeapMatrix.wrap(target);
    }

    /** Reads example {@code example}: its input into {@link #input()}, its target into {@link #target()}. */
    void read(int example) {
        index[0] = example;
        source.copyBatch(index, 0, 1, inputView, targetView);
    }

    /** The last example's input vector; overwritten by the next {@link #read}. */
    double[] input() {
        return input.data;
    }

    /** The last example's target vector; overwritten by the next {@link #read}. */
    double[] target() {
        return target.data;
    }
}
