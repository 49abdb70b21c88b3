package nn.network;

import org.jblas.DoubleMatrix;

/** The shape check every {@link Cost#fn} makes before it reads the two matrices entry by entry. */
final class CostShapes {

    private CostShapes() {
    }

    /**
     * Checks that the targets have the shape of the outputs, since {@code fn} pairs their entries by index.
     *
     * @param cost the cost's name, for the message
     * @param a    the output activations
     * @param y    the targets
     * @throws IllegalArgumentException naming both shapes when they differ
     */
    static void checkSameShape(String cost, DoubleMatrix a, DoubleMatrix y) {
        if (a.rows != y.rows || a.columns != y.columns) {
            throw new IllegalArgumentException(cost + ": the targets y are " + y.rows + "×" + y.columns
                    + ", expected the shape of the outputs a, " + a.rows + "×" + a.columns);
        }
    }
}
