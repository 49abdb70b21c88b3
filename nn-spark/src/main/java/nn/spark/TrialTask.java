package nn.spark;

import java.io.Serializable;
import nn.examples.sweep.Trial;
import nn.examples.sweep.TrialData;
import nn.examples.sweep.TrialResult;

/**
 * What a Spark task does with its trial: {@link Trial#run}. An interface of its own so that a test can wrap it
 * (to make a task fail once and see Spark run it again) while production code runs the trial as it is.
 */
@FunctionalInterface
public interface TrialTask extends Serializable {

    /**
     * Runs {@code trial} on {@code data} as a Spark task, on an executor.
     *
     * @param trial the configuration and seed to train
     * @param data  the training and validation images, the executor's copy of the driver's broadcast
     * @return what every epoch of the trial measured on the validation data; the driver records it as one JSON
     *         line
     */
    TrialResult run(Trial trial, TrialData data);

    /** {@return the task that runs the trial itself ({@link Trial#run}), recording it as run by {@code spark}} */
    static TrialTask plain() {
        return (trial, data) -> trial.run(data, SparkRunner.NAME);
    }
}
