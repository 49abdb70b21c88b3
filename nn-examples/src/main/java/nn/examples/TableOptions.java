package nn.examples;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of {@code nn train --dataset table}: which column is the label, and how the rows are split. */
final class TableOptions {

    @Option(names = "--label", paramLabel = "COLUMN",
            description = "With --dataset table: the label column, by header name or by index from 0 (-1 for the"
                    + " last). Its values are the classes, numbers or names.")
    String label;

    @Option(names = "--no-header", description = "With --dataset table: the first line is data, not column names.")
    boolean noHeader;

    @Option(names = "--scale", paramLabel = "HOW", defaultValue = "standardise",
            description = "With --dataset table: standardise (default; each feature to mean 0, variance 1), min_max"
                    + " (each to [0, 1]) or none. Fitted on the training rows only and saved with the network.")
    String scale;

    @Option(names = "--validation-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "With --dataset table: the share of each class held out for validation (default"
                    + " ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "With --dataset table: the share of each class held out for the final test (default"
                    + " ${DEFAULT-VALUE}), unless --test names a test file.")
    double testFraction;

    @Option(names = "--test", paramLabel = "FILE",
            description = "With --dataset table: a separate test file with the same columns; then --data is split into"
                    + " training and validation only.")
    Path test;
}
