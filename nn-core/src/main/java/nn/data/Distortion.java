package nn.data;

/**
 * A random geometric distortion of an image, drawn afresh for every example in every epoch: each pixel of the
 * distorted image is read from a displaced position of the original, by bilinear interpolation between the four
 * pixels around it, with 0 (background) outside the image. Interpolating pixels in [0, 1] gives pixels in [0, 1].
 *
 * <p>The two kinds are {@link AffineDistortion} (the whole image rotated, scaled and moved) and
 * {@link ElasticDistortion} (a smooth random warp, Simard et al. 2003).
 */
public abstract sealed class Distortion implements Augmentation permits AffineDistortion, ElasticDistortion {

    Distortion() {
    }

    /**
     * {@inheritDoc} The result has as many examples as {@code images}; example i in epoch e is image i distorted
     * by a draw that depends only on ({@code seed}, e, i). The epoch is the one {@link Dataset#startEpoch} last
     * named (0 before any).
     */
    @Override
    public final Dataset applyTo(Dataset images, int rows, int columns, long seed) {
        return new DistortedDataset(images, ImageShape.of(images, rows, columns), this, seed);
    }

    /**
     * Draws one distortion from {@code random} and writes, for each pixel p (row by row) of the distorted image,
     * the position in the original it is read from: row {@code sourceRow[p]}, column {@code sourceColumn[p]}.
     * Must not allocate.
     *
     * @param scratch arrays from {@link #newScratch}, for this distortion only
     */
    abstract void sourcePositions(ExampleRandom random, ImageShape shape, double[] sourceRow, double[] sourceColumn,
                                  double[][] scratch);

    /** The working arrays {@link #sourcePositions} needs for images of {@code shape}, allocated once per dataset. */
    abstract double[][] newScratch(ImageShape shape);
}
