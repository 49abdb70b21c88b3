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

    /** Runs {@code trial} on {@code data} as a Spark task. */
    TrialResult run(Trial trial, TrialData data);

    /** The trial itself, recorded as run by Spark. */
    static TrialTask plain() {
        return (trial, data) -> trial.run(data, SparkRunner.NAME);
    }
}
