package nn.examples;

/** The values of {@code --dataset}: which data the files in {@code --data} hold and how they are checked. */
enum DatasetChoice {
    /** LeCun's MNIST digits, verified against their published SHA-256; found or fetched when no directory is given. */
    mnist,
    /** Zalando's Fashion-MNIST, by default from Debian's dataset-fashion-mnist package. */
    fashion,
    /** Any other dataset in MNIST's four-file IDX layout, checked for structure only; needs {@code --data}. */
    idx,
    /** Kaggle-style CSV ({@code label,pixel0,…,pixel783}): {@code --data} names train.csv or its directory. */
    csv,
    /**
     * Any numeric CSV table with a label column ({@code --label}), for {@code nn train} only: split into training,
     * validation and test rows, scaled, and trained on (see {@link TableTraining}).
     */
    table
}
