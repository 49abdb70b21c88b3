package nn.examples;

/**
 * What one epoch of training achieved, as the trainer prints it and the report draws it.
 *
 * @param epoch              the epoch, counted from 1
 * @param seconds            wall-clock time of the epoch's mini-batches (evaluation excluded)
 * @param trainingCost       network2's {@code total_cost} on the training data, L2 term included
 * @param trainingAccuracy   correctly classified training examples
 * @param trainingSize       number of training examples
 * @param validationCost     {@code total_cost} on the validation data
 * @param validationAccuracy correctly classified validation examples
 * @param validationSize     number of validation examples
 */
public record EpochRecord(int epoch, double seconds, double trainingCost, int trainingAccuracy, int trainingSize,
                          double validationCost, int validationAccuracy, int validationSize) {

    /** Training accuracy as a fraction in [0, 1]. */
    public double trainingFraction() {
        return (double) trainingAccuracy / trainingSize;
    }

    /** Validation accuracy as a fraction in [0, 1]. */
    public double validationFraction() {
        return (double) validationAccuracy / validationSize;
    }
}
