package nn.examples.sweep;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Runs a sweep's trials somewhere: {@link LocalRunner} on this machine's cores; nn-spark's runner as Spark tasks.
 * Runners other than the local one register as services of this interface ({@code META-INF/services}), so that
 * {@code nn sweep --runner spark} finds Spark's when nn-spark's jar is on the class path, and nobody else needs
 * Spark.
 */
public interface TrialRunner extends AutoCloseable {

    /** Receives each trial's result as it finishes, one at a time, on the thread that called {@link #run}. */
    @FunctionalInterface
    interface Sink {
        /**
         * Takes one finished trial's result, e.g. to append it to the results file.
         *
         * @param result what the trial gave
         * @throws java.io.IOException if the result cannot be recorded; the runner stops and rethrows it
         */
        void finished(TrialResult result) throws java.io.IOException;
    }

    /** {@return the name given to {@code --runner}, e.g. {@code local}} */
    String name();

    /**
     * Starts, in the background, whatever this runner needs before its first trial, so that a slow start (Spark's
     * context takes seconds) overlaps the sweep's reading of its data. The sweep calls it only when it has trials to
     * run, before reading the data; {@link #run} waits for the start to finish, and {@link #close} undoes it when no
     * trial ran. The default does nothing.
     *
     * @param parallelism how many trials to run at once, as {@link #run} will be given it
     */
    default void prepare(int parallelism) {
    }

    /** Releases what {@link #prepare} started and {@link #run} did not; the default has nothing to release. */
    @Override
    default void close() {
    }

    /**
     * Runs every trial on {@code data} and hands each result to {@code sink} as soon as it has finished.
     *
     * @param trials      the trials to run, in the order they are submitted; results arrive in the order they finish
     * @param data        the training and validation images every trial uses
     * @param parallelism how many trials to run at once where the runner decides that (the local runner)
     * @param sink        receives each result on the calling thread
     * @throws Exception if a trial fails for good or the sink throws; results handed over before that stay handed
     *                   over
     */
    void run(List<Trial> trials, TrialData data, int parallelism, Sink sink) throws Exception;

    /**
     * The runner called {@code name}.
     *
     * @param name {@code local}, or the name of a runner registered as a service, e.g. {@code spark}
     * @return a {@link LocalRunner} for {@code local}, otherwise the first registered runner of that name
     * @throws IllegalArgumentException naming the runners there are, if there is none of that name
     */
    static TrialRunner named(String name) {
        if (name.equals("local")) {
            return new LocalRunner();
        }
        for (TrialRunner r : ServiceLoader.load(TrialRunner.class)) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("--runner " + name + ": " + (name.equals("spark")
                ? "Spark's runner is in nn-spark's jar, which is not on the class path: use ./nn spark-sweep, or"
                + " spark-submit nn-spark/target/nn-spark.jar" : "expected local or spark"));
    }
}
