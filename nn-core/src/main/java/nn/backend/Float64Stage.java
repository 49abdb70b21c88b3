package nn.backend;

import java.nio.DoubleBuffer;
import java.util.Arrays;

/**
 * Where {@link Elementwise} runs the elementwise formulas ({@link nn.network.Activation},
 * {@link nn.network.Cost#delta}) on float32 matrices: float64 copies of a few columns at a time. The columns are
 * widened into heap arrays in one loop, the formula runs on heap float64 matrices over those arrays, and the
 * results are rounded back in one loop. An entry gets the bits the formula computing on the float32 matrices
 * directly would give, since that too widens each entry, computes in double and rounds once; the exception is a
 * formula that stores an intermediate and reads it back, such as the quadratic cost's δ = (a − y) ⊙ σ′(z), whose
 * a − y is kept in double here instead of being rounded to float first.
 *
 * <p>Why: on the JDK 17 this project builds with, config C's float32 step spent 3.2–3.4 s of 391 steps outside
 * its products, float64's 0.9–1.3 s, and float32's 1.2–2.1 s on JDK 25: JDK 17 compiles the formulas' loops over
 * float32 entries, each widened to double and narrowed back in the loop body, into slow code. Staged, that part
 * took 1.7–2.8 s on JDK 17 (nn-bench/README.md, "float32 on JDK 17", {@code breakdown_old_vs_new.sh}). Float64
 * matrices are not staged: their loops are fast as they are, and the copies would only add work.
 *
 * <p>One stage per thread: four arrays of {@value #ENTRIES} entries (or of one column of the tallest layer it has
 * seen), and for each row count it has seen four views over them, a few hundred bytes; after a network's first
 * step no call allocates.
 */
final class Float64Stage {

    /** Entries staged at once: one column of an 800-neuron layer, 102 of a 10-neuron one; 4 × 8 KiB in L1. */
    static final int ENTRIES = 1024;

    private static final ThreadLocal<Float64Stage> OWN = ThreadLocal.withInitial(Float64Stage::new);

    private final double[][] arrays = new double[4][ENTRIES];
    private Columns[] shapes = new Columns[0];

    private Float64Stage() {
    }

    /**
     * This thread's four float64 matrices for matrices of {@code rows} rows, made on the first call for that row
     * count over this thread's four arrays, which grow (and the views are made again) only for a layer taller
     * than {@value #ENTRIES} rows.
     *
     * @param rows the rows of the matrices staged
     * @return four {@code rows} × {@link Columns#width} matrices over this thread's arrays
     */
    static Columns forRows(int rows) {
        return OWN.get().columns(rows);
    }

    private Columns columns(int rows) {
        for (Columns s : shapes) {
            if (s.rows == rows) {
                return s;
            }
        }
        int width = Math.max(1, ENTRIES / Math.max(1, rows));
        if (rows * width > arrays[0].length) {
            for (int i = 0; i < arrays.length; i++) {
                arrays[i] = new double[rows * width];
            }
            shapes = new Columns[0]; // their views wrap the arrays just replaced
        }
        Columns s = new Columns(rows, width, arrays);
        shapes = Arrays.copyOf(shapes, shapes.length + 1);
        shapes[shapes.length - 1] = s;
        return s;
    }

    /** Four float64 matrices of {@code rows} × {@code width} over the stage's arrays. */
    static final class Columns {
        /** The rows of every view. */
        final int rows;
        /** The columns of every view: how many columns are staged at once. */
        final int width;
        /** The four views, one per matrix a step touches. */
        final BlasMatrix[] views = new BlasMatrix[4];
        private final double[][] arrays;

        private Columns(int rows, int width, double[][] arrays) {
            this.rows = rows;
            this.width = width;
            this.arrays = arrays.clone(); // the arrays of this moment: a later growth makes new views
            for (int i = 0; i < views.length; i++) {
                views[i] = BlasMatrix.ofDoubles(rows, width, DoubleBuffer.wrap(this.arrays[i]), this.arrays[i]);
            }
        }

        /** Widens entries {@code index ..} of {@code m} into view {@code view}. */
        void read(int view, BlasMatrix m, int index, int count) {
            m.get(index, arrays[view], 0, count);
        }

        /** Rounds view {@code view}'s first {@code count} entries into {@code m} from entry {@code index} on. */
        void write(int view, BlasMatrix m, int index, int count) {
            m.put(index, arrays[view], 0, count);
        }
    }
}
