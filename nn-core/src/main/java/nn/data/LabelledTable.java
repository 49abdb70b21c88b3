package nn.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Labelled examples one per row, as a table holds them: numeric features, a class per row, the names of the
 * features and of the classes. {@link CsvTableReader} reads one from a CSV file; {@link #dataset()} gives the
 * {@link MatrixDataset} to train on, and {@link #split} the training, validation and test sets a user expects.
 */
public final class LabelledTable {

    private final double[][] rows;
    private final int[] labels;
    private final List<String> featureNames;
    private final List<String> classNames;
    private final String source;

    /**
     * A table of the given rows, which are kept, not copied.
     *
     * @param rows         the features, one example per row, every row as long as {@code featureNames}
     * @param labels       each row's class, an index into {@code classNames}
     * @param featureNames the name of each feature (column)
     * @param classNames   the name of each class, in the order of their indices
     * @param source       where the rows came from, for messages (e.g. the file name)
     * @throws IllegalArgumentException if the counts disagree or a label is out of range
     */
    public LabelledTable(double[][] rows, int[] labels, List<String> featureNames, List<String> classNames,
                         String source) {
        if (rows.length != labels.length) {
            throw new IllegalArgumentException(source + ": " + rows.length + " rows but " + labels.length + " labels");
        }
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != featureNames.size()) {
                throw new IllegalArgumentException(source + ": row " + r + " has " + rows[r].length
                        + " features, expected " + featureNames.size());
            }
            if (labels[r] < 0 || labels[r] >= classNames.size()) {
                throw new IllegalArgumentException(source + ": row " + r + " has class " + labels[r] + ", expected 0 to "
                        + (classNames.size() - 1));
            }
        }
        this.rows = rows;
        this.labels = labels;
        this.featureNames = List.copyOf(featureNames);
        this.classNames = List.copyOf(classNames);
        this.source = source;
    }

    /** {@return the number of rows (examples)} */
    public int size() {
        return rows.length;
    }

    /** {@return the names of the features, in column order} */
    public List<String> featureNames() {
        return featureNames;
    }

    /** {@return the names of the classes: class i is {@code classNames().get(i)}} */
    public List<String> classNames() {
        return classNames;
    }

    /** {@return where the rows came from} */
    public String source() {
        return source;
    }

    /**
     * The features of one row.
     *
     * @param row the row, from 0
     * @return a copy of its features
     */
    public double[] features(int row) {
        return rows[row].clone();
    }

    /**
     * The class of one row.
     *
     * @param row the row, from 0
     * @return its class index
     */
    public int label(int row) {
        return labels[row];
    }

    /**
     * The rows as a dataset to train on: one input per feature, one output per class (one-hot targets).
     *
     * @return a new dataset of every row
     * @throws IllegalArgumentException if the table has no rows
     */
    public MatrixDataset dataset() {
        return MatrixDataset.ofRows(rows, labels, classNames.size());
    }

    /**
     * The three sets of a held-out evaluation, drawn at random but stratified: each class is shuffled (with
     * {@code seed}) and dealt out in proportion, so that a small table keeps its class balance in every set and
     * every class with enough rows appears in each. The same seed gives the same split.
     *
     * @param validationFraction the share of each class held out for validation (watched after every epoch)
     * @param testFraction       the share of each class held out for the test (measured once, at the end)
     * @param seed               the seed of the shuffles
     * @return training, validation and test tables, in this order
     * @throws IllegalArgumentException if a fraction is outside [0, 1) or the two leave no training row
     */
    public Split split(double validationFraction, double testFraction, long seed) {
        if (!(validationFraction >= 0 && validationFraction < 1) || !(testFraction >= 0 && testFraction < 1)
                || !(validationFraction + testFraction < 1)) {
            throw new IllegalArgumentException("the validation and test fractions must be ≥ 0 and add up to less"
                    + " than 1, got " + validationFraction + " and " + testFraction);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> training = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            int[] members = members(c);
            shuffle(members, random);
            int inTest = (int) Math.round(members.length * testFraction);
            int inValidation = (int) Math.round(members.length * validationFraction);
            if (inTest + inValidation >= members.length) {
                // A rare class keeps at least one training row: a class never trained on cannot be predicted.
                inValidation = Math.max(0, members.length - 1 - inTest);
                inTest = Math.min(inTest, members.length - 1);
            }
            for (int i = 0; i < members.length; i++) {
                (i < inTest ? test : i < inTest + inValidation ? validation : training).add(members[i]);
            }
        }
        return new Split(subset(training, "training"), subset(validation, "validation"), subset(test, "test"));
    }

    /**
     * A table's training, validation and test sets.
     *
     * @param training   the rows trained on
     * @param validation the rows measured after every epoch
     * @param test       the rows measured once, at the end
     */
    public record Split(LabelledTable training, LabelledTable validation, LabelledTable test) {
    }

    private int[] members(int c) {
        return java.util.stream.IntStream.range(0, rows.length).filter(r -> labels[r] == c).toArray();
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** The rows at the given indices, in ascending order (so a split does not depend on the order of classes). */
    private LabelledTable subset(List<Integer> indices, String what) {
        int[] sorted = indices.stream().mapToInt(Integer::intValue).sorted().toArray();
        double[][] r = new double[sorted.length][];
        int[] l = new int[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            r[i] = rows[sorted[i]];
            l[i] = labels[sorted[i]];
        }
        return new LabelledTable(r, l, featureNames, classNames, source + " (" + what + ")");
    }

    @Override
    public String toString() {
        return source + ": " + rows.length + " rows, " + featureNames.size() + " features, " + classNames.size()
                + " classes " + classNames;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelledTable t && Arrays.deepEquals(t.rows, rows) && Arrays.equals(t.labels, labels)
                && t.featureNames.equals(featureNames) && t.classNames.equals(classNames);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(rows) + Arrays.hashCode(labels);
    }
}
