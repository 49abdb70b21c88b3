package nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import nn.examples.sweep.LocalRunner;
import nn.examples.sweep.ResultsFile;
import nn.examples.sweep.Sweep;
import nn.examples.sweep.SweepSpec;
import nn.examples.sweep.TrialData;
import nn.examples.sweep.TrialResult;
import nn.examples.sweep.TrialRunner;
import org.apache.spark.SparkContext$;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep as Spark tasks in local mode against the local runner, and Spark retrying a failed task. */
class SparkRunnerTest {

    /** Times the injected failure was thrown; tasks run in this JVM in local mode, so they share it. */
    static final AtomicInteger INJECTED = new AtomicInteger();

    @TempDir
    Path temp;

    private static final TrialData DATA = TrialData.of(Shapes.images(300, 11), Shapes.images(100, 12));

    private static SweepSpec spec() {
        return SweepSpec.empty().with(Map.of("--sizes", "64,8,3:64,16,3", "--eta", "0.5,3", "--epochs", "3",
                "--batch", "10"), "1,2", null, null);
    }

    private Map<String, TrialResult> sweep(TrialRunner runner, String name) throws Exception {
        Sweep sweep = new Sweep(spec(), new ResultsFile(temp.resolve(name + ".jsonl")),
                new PrintWriter(new StringWriter()));
        return sweep.run(runner, DATA, 2);
    }

    @Test
    void sparkLocal2GivesTheLocalRunnersFiguresBitForBit() throws Exception {
        Map<String, TrialResult> local = sweep(new LocalRunner(), "local");
        Map<String, TrialResult> spark;
        try (JavaSparkContext sc = new JavaSparkContext(SparkRunner.conf("local[2]"))) {
            spark = sweep(new SparkRunner(sc, TrialTask.plain()), "spark");
        }
        assertEquals(8, local.size());
        assertEquals(local.keySet(), spark.keySet());
        for (String key : local.keySet()) {
            TrialResult l = local.get(key);
            TrialResult s = spark.get(key);
            assertEquals("local", l.runner());
            assertEquals("spark", s.runner());
            assertEquals(3, s.epochs().size(), key);
            assertTrue(l.sameFigures(s), () -> key + ": local " + l.toJson() + "\nspark " + s.toJson());
        }
        // The figures differ between seeds, so the comparison above compares something.
        assertTrue(local.values().stream().map(r -> r.epochs().get(0).trainingCost()).distinct().count() > 4);
    }

    @Test
    void itsOwnContextStartedBeforeTheDataRunsTheSweepAndIsStoppedAfterwards() throws Exception {
        Map<String, TrialResult> local = sweep(new LocalRunner(), "local");
        Map<String, TrialResult> spark;
        try (SparkRunner runner = new SparkRunner()) {
            runner.prepare(2); // as the sweep command does, before it reads the data
            spark = sweep(runner, "prepared");
        }
        assertEquals(local.keySet(), spark.keySet());
        for (String key : local.keySet()) {
            assertTrue(local.get(key).sameFigures(spark.get(key)), key);
        }
        assertAnotherContextCanStart();
    }

    @Test
    void aContextStartedForASweepThatNeverRanIsStoppedOnClose() throws InterruptedException {
        SparkRunner runner = new SparkRunner();
        runner.prepare(2);
        // Spark's own record of the running context (private to Spark in Scala, public in its bytecode): without
        // waiting for it, a context still starting could lose the race to the one below and hide a missing stop.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (SparkContext$.MODULE$.getActive().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(SparkContext$.MODULE$.getActive().isDefined(), "the prepared context started");
        runner.close();
        assertTrue(SparkContext$.MODULE$.getActive().isEmpty(), "close stopped it");
        assertAnotherContextCanStart();
    }

    /** Spark allows one running context per JVM, so a new one starts only when the runner stopped its own. */
    private static void assertAnotherContextCanStart() {
        assertTrue(SparkContext$.MODULE$.getActive().isEmpty(), "no context is running");
        try (JavaSparkContext next = new JavaSparkContext(SparkRunner.conf("local[1]"))) {
            assertFalse(next.sc().isStopped());
        }
    }

    @Test
    void aTaskThatFailsIsRunAgainAndTheSweepCompletes() throws Exception {
        INJECTED.set(0);
        TrialTask failsOnce = (trial, data) -> {
            if (trial.seed() == 2 && trial.settings().get("eta").equals("3")
                    && trial.settings().get("sizes").equals("64,8,3") && TaskContext.get().attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of the first attempt");
            }
            return TrialTask.plain().run(trial, data);
        };
        Map<String, TrialResult> retried;
        // local[2, 2]: two threads, and a task may fail twice before its job fails.
        try (JavaSparkContext sc = new JavaSparkContext(SparkRunner.conf("local[2,2]"))) {
            retried = sweep(new SparkRunner(sc, failsOnce), "retried");
        }
        assertEquals(1, INJECTED.get(), "the failure was injected once");
        Map<String, TrialResult> local = sweep(new LocalRunner(), "reference");
        assertEquals(local.keySet(), retried.keySet());
        for (String key : local.keySet()) {
            assertNotNull(retried.get(key));
            assertTrue(local.get(key).sameFigures(retried.get(key)), key);
        }
    }
}
