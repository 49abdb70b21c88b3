package nn.mnist;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The content of one IDX file of unsigned bytes: its dimensions (e.g. {@code [60000, 28, 28]} for MNIST's
 * training images) and its data, row-major, as the file stores it.
 */
public final class IdxArray {

    private final Path file;
    private final int magic;
    private final int[] dimensions;
    private final byte[] data;
    private final boolean gzipped;

    IdxArray(Path file, boolean gzipped, int magic, int[] dimensions, byte[] data) {
        this.file = file;
        this.gzipped = gzipped;
        this.magic = magic;
        this.dimensions = dimensions;
        this.data = data;
    }

    /** {@return the file this was read from} */
    public Path file() {
        return file;
    }

    /** {@return whether the file was gzipped (recognised from its first bytes)} */
    public boolean isGzipped() {
        return gzipped;
    }

    /** Describes byte {@code offset} of the (decompressed) content, for error messages. */
    String locationOf(long offset) {
        return (gzipped ? "decompressed byte " : "byte ") + offset;
    }

    /** Number of header bytes before {@link #data()}. */
    int headerBytes() {
        return 4 + 4 * dimensions.length;
    }

    /** {@return the magic number: 2049 ({@code 0x0801}) for labels, 2051 ({@code 0x0803}) for images} */
    public int magic() {
        return magic;
    }

    /** {@return the number of dimensions: 1 for labels, 3 for images} */
    public int rank() {
        return dimensions.length;
    }

    /**
     * The size of one dimension.
     *
     * @param i the dimension, 0 to {@link #rank()} - 1; for images 0 is the item, 1 the row and 2 the column
     * @return the size of dimension {@code i}; dimension 0 counts the items (images or labels)
     * @throws ArrayIndexOutOfBoundsException if {@code i} is not a dimension
     */
    public int dimension(int i) {
        return dimensions[i];
    }

    /** {@return a copy of all dimensions, e.g. {@code [60000, 28, 28]} for MNIST's training images} */
    public int[] dimensions() {
        return dimensions.clone();
    }

    /**
     * The data, unsigned bytes in row-major order. This is the array itself, not a copy: the datasets built on
     * it share it rather than duplicate 47 MB.
     *
     * @return the data without the header, {@code dimension(0) × … × dimension(rank() - 1)} bytes, each read as
     *         {@code b & 0xFF} (0–255)
     */
    public byte[] data() {
        return data;
    }

    @Override
    public String toString() {
        return file + " " + Arrays.toString(dimensions);
    }
}
