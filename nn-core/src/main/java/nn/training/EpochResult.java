package nn.training;

import nn.network.Evaluation;
import nn.network.Network;

/**
 * What one training epoch achieved. Figures that were not monitored are {@code NaN} (costs) or −1
 * (accuracies).
 *
 * @param epoch              the epoch, counted from 0
 * @param seconds            wall-clock time of the training part of the epoch (monitoring excluded)
 * @param trainingCost       {@link Network#totalCost} on the training data (plus the L1 term {@code (λ₁/n) Σ |w|}
 *                           when training with λ₁ &gt; 0)
 * @param trainingAccuracy   correctly classified training examples
 * @param trainingSize       number of training examples
 * @param evaluationCost     {@link Network#totalCost} on the evaluation data (with the L1 term likewise)
 * @param evaluationAccuracy correctly classified evaluation examples
 * @param evaluationSize     number of evaluation examples, 0 without evaluation data
 * @param eta                the learning rate η the epoch trained with (a schedule may change it)
 */
public record EpochResult(int epoch, double seconds, double trainingCost, int trainingAccuracy, int trainingSize,
                          double evaluationCost, int evaluationAccuracy, int evaluationSize, double eta) {

    /**
     * Training accuracy as a fraction in [0, 1].
     *
     * @return {@code trainingAccuracy / trainingSize}; negative when the accuracy was not monitored
     */
    public double trainingFraction() {
        return (double) trainingAccuracy / trainingSize;
    }

    /**
     * Evaluation accuracy as a fraction in [0, 1].
     *
     * @return {@code evaluationAccuracy / evaluationSize}; negative when the accuracy was not monitored, and not
     *         finite (−∞) without evaluation data
     */
    public double evaluationFraction() {
        return (double) evaluationAccuracy / evaluationSize;
    }

    /**
     * Whether the training cost was monitored.
     *
     * @return true if {@link #trainingCost()} is a figure, false if it is NaN
     */
    public boolean hasTrainingCost() {
        return !Double.isNaN(trainingCost);
    }

    /**
     * Whether the training accuracy was monitored.
     *
     * @return true if {@link #trainingAccuracy()} is a count, false if it is −1
     */
    public boolean hasTrainingAccuracy() {
        return trainingAccuracy >= 0;
    }

    /**
     * Whether the evaluation cost was monitored.
     *
     * @return true if {@link #evaluationCost()} is a figure, false if it is NaN
     */
    public boolean hasEvaluationCost() {
        return !Double.isNaN(evaluationCost);
    }

    /**
     * Whether the evaluation accuracy was monitored.
     *
     * @return true if {@link #evaluationAccuracy()} is a count, false if it is −1
     */
    public boolean hasEvaluationAccuracy() {
        return evaluationAccuracy >= 0;
    }
}
