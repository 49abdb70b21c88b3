package nn.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import nn.examples.sweep.Trial;
import nn.examples.sweep.TrialData;
import nn.examples.sweep.TrialResult;
import nn.examples.sweep.TrialRunner;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs a sweep's trials as Apache Spark tasks, one trial per task: {@code nn sweep --runner spark}.
 *
 * <p><b>Data.</b> The training and validation images are broadcast: the driver has read them (from {@code --data}),
 * and Spark sends them to each executor once, where they are deserialised once and shared by every task that
 * executor runs ({@link TrialData} builds its datasets once per instance). A broadcast was chosen over a path every
 * executor reads because the machines of a standalone cluster need share no file system with the driver, and
 * because the driver has then checked the data before any task starts. The test images are never sent.
 *
 * <p><b>Results.</b> Each trial is a job of its own with one task, all submitted at once; Spark runs as many at a
 * time as the cluster has cores. Each task returns its {@link TrialResult} as one JSON line (the line the results
 * file gets), and the driver hands each to the sweep as soon as its job has finished, so a driver killed mid-sweep
 * has recorded every trial that had finished. A task that fails is retried by Spark ({@code spark.task.maxFailures});
 * a trial has no side effects beyond the record it returns, so running it again is safe and gives the same record.
 *
 * <p><b>Context.</b> Without a context given to the constructor, the runner makes one from the usual Spark
 * configuration (from {@code spark-submit}, or {@code spark.*} system properties), using {@code local[N]} for N =
 * {@code --parallel} when no master is set, and stops it at the end. It starts making it in {@link #prepare}, on a
 * thread of its own, because a context takes seconds to start and the sweep reads its data meanwhile.
 */
public final class SparkRunner implements TrialRunner {

    /** The name of this runner for {@code --runner}. */
    public static final String NAME = "spark";

    /** How often the driver looks for finished trials. */
    private static final long POLL_MILLIS = 20;

    private final JavaSparkContext given;
    private final TrialTask task;

    /** This runner's own context being started by {@link #prepare}, until {@link #run} or {@link #close} stops it. */
    private CompletableFuture<JavaSparkContext> starting;

    /** The runner {@code --runner spark} finds: its own Spark context, the plain trial. */
    public SparkRunner() {
        this(null, TrialTask.plain());
    }

    /**
     * A runner on an existing context, which it does not stop.
     *
     * @param context the Spark context, or null to make one per sweep
     * @param task    what each task does with its trial
     */
    public SparkRunner(JavaSparkContext context, TrialTask task) {
        this.given = context;
        this.task = task;
    }

    /**
     * The Spark configuration of a sweep: the usual one ({@code spark-submit}'s, or {@code spark.*} system
     * properties), with {@code master} when none is set. In local mode the driver listens on 127.0.0.1 only and
     * starts no web UI (which would listen on every interface), unless configured otherwise.
     *
     * @param master the Spark master to use when {@code spark.master} is not already configured, e.g.
     *               {@code local[4]} for four task threads in this JVM or {@code spark://host:7077}
     * @return a new configuration named {@code nn sweep}
     */
    public static SparkConf conf(String master) {
        SparkConf conf = new SparkConf().setAppName("nn sweep").setIfMissing("spark.master", master);
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1")
                    .setIfMissing("spark.driver.host", "127.0.0.1")
                    .setIfMissing("spark.ui.enabled", "false");
        }
        return conf;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@inheritDoc} Here: starts this runner's own Spark context, unless it was given one. */
    @Override
    public synchronized void prepare(int parallelism) {
        if (given != null || starting != null) {
            return;
        }
        SparkConf conf = conf("local[" + parallelism + "]");
        starting = CompletableFuture.supplyAsync(() -> new JavaSparkContext(conf), start -> {
            Thread t = new Thread(start, "spark-context-start");
            t.setDaemon(true);
            t.start();
        });
    }

    /** The given context, or this runner's own: started now unless {@link #prepare} started it. */
    private synchronized JavaSparkContext context(int parallelism) throws Exception {
        if (given != null) {
            return given;
        }
        prepare(parallelism);
        try {
            return starting.get();
        } catch (ExecutionException e) {
            starting = null;
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** Stops this runner's own context, waiting for it to have started first; no-op for a given one. */
    private synchronized void stopOwn() {
        if (starting == null) {
            return;
        }
        CompletableFuture<JavaSparkContext> own = starting;
        starting = null;
        try {
            own.join().stop();
        } catch (CompletionException | CancellationException e) {
            // it never started, so there is nothing to stop; run reported why it did not
        }
    }

    /** {@inheritDoc} Here: stops the context {@link #prepare} started when no {@link #run} did. */
    @Override
    public void close() {
        stopOwn();
    }

    @Override
    public void run(List<Trial> trials, TrialData data, int parallelism, Sink sink) throws Exception {
        if (trials.isEmpty()) {
            return;
        }
        JavaSparkContext sc = context(parallelism);
        Broadcast<TrialData> shared = sc.broadcast(data);
        List<JavaFutureAction<List<String>>> running = new ArrayList<>();
        try {
            TrialTask work = task;
            for (Trial trial : trials) {
                sc.setJobDescription("trial " + Trial.describe(trial.settings()) + " seed " + trial.seed());
                running.add(sc.parallelize(List.of(trial), 1)
                        .map(t -> work.run(t, shared.value()).toJson())
                        .collectAsync());
            }
            List<JavaFutureAction<List<String>>> pending = new ArrayList<>(running);
            while (!pending.isEmpty()) {
                boolean any = false;
                for (int i = 0; i < pending.size(); i++) {
                    JavaFutureAction<List<String>> f = pending.get(i);
                    if (f.isDone()) {
                        pending.remove(i--);
                        any = true;
                        List<String> lines;
                        try {
                            lines = f.get();
                        } catch (ExecutionException e) {
                            throw new IllegalStateException("a trial failed on Spark after its retries: "
                                    + e.getCause().getMessage(), e.getCause());
                        }
                        for (String line : lines) {
                            sink.finished(TrialResult.fromJson(line));
                        }
                    }
                }
                if (!any) {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } finally {
            for (JavaFutureAction<List<String>> f : running) {
                if (!f.isDone()) {
                    f.cancel(true);
                }
            }
            shared.destroy();
            stopOwn();
        }
    }
}
