package nn.data;

/**
 * The height and width of the images a dataset's input vectors hold, row by row.
 *
 * @param rows    image height
 * @param columns image width
 */
record ImageShape(int rows, int columns) {

    /**
     * The shape of {@code images}' inputs.
     *
     * @throws IllegalArgumentException if {@code rows × columns} is not their input size
     */
    static ImageShape of(Dataset images, int rows, int columns) {
        if (rows < 1 || columns < 1 || (long) rows * columns != images.inputSize()) {
            throw new IllegalArgumentException("images of " + rows + " × " + columns + " pixels need an input size"
                    + " of " + (long) rows * columns + ", but the dataset's is " + images.inputSize());
        }
        return new ImageShape(rows, columns);
    }

    /** Pixels per image. */
    int pixels() {
        return rows * columns;
    }
}
