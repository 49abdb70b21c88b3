package nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nn.examples.sweep.LocalRunner;
import nn.examples.sweep.ResultsFile;
import nn.examples.sweep.Sweep;
import nn.examples.sweep.SweepSpec;
import nn.examples.sweep.TrialData;
import nn.examples.sweep.TrialResult;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spark standalone cluster on this machine: a master and a worker started as JVMs of their own on 127.0.0.1 (as
 * {@code start-master.sh} and {@code start-worker.sh} would), the worker starting an executor JVM for the sweep,
 * which gets its trials and the broadcast data over the network like on a real cluster. The figures must equal the
 * local runner's.
 */
class StandaloneClusterTest {

    @TempDir
    Path temp;

    @Test
    void aMasterAndAWorkerOnLoopbackRunASweep() {
        assertTimeoutPreemptively(Duration.ofSeconds(180), this::runOnCluster);
    }

    private void runOnCluster() throws Exception {
        // The worker builds the executor's class path from SPARK_HOME/jars (an empty directory here) and the
        // application's spark.executor.extraClassPath (this test's class path: Spark, nn and the tests).
        Path sparkHome = Files.createDirectories(temp.resolve("spark-home"));
        Files.createDirectories(sparkHome.resolve("jars"));
        int masterPort = freePort();
        List<Process> started = new ArrayList<>();
        try {
            started.add(start(sparkHome, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort())));
            waitForPort(masterPort, started.get(0));
            String master = "spark://127.0.0.1:" + masterPort;
            started.add(start(sparkHome, "worker", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--webui-port", Integer.toString(freePort()), "--cores", "2", "--memory", "1g",
                    "--work-dir", Files.createDirectories(temp.resolve("work")).toString(), master));

            TrialData data = TrialData.of(Shapes.images(300, 11), Shapes.images(100, 12));
            SweepSpec spec = SweepSpec.empty().with(Map.of("--sizes", "64,8,3", "--eta", "0.5,3", "--epochs", "2"),
                    "1,2", null, null);
            SparkConf conf = new SparkConf()
                    .setAppName("nn sweep on a standalone cluster")
                    .setMaster(master)
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.ui.enabled", "false")
                    .set("spark.executor.memory", "512m")
                    .set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            Map<String, TrialResult> cluster;
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                cluster = new Sweep(spec, new ResultsFile(temp.resolve("cluster.jsonl")),
                        new PrintWriter(new StringWriter())).run(new SparkRunner(sc, TrialTask.plain()), data, 2);
            }
            Map<String, TrialResult> local = new Sweep(spec, new ResultsFile(temp.resolve("local.jsonl")),
                    new PrintWriter(new StringWriter())).run(new LocalRunner(), data, 2);
            assertEquals(4, cluster.size());
            assertEquals(local.keySet(), cluster.keySet());
            for (String key : local.keySet()) {
                assertEquals("spark", cluster.get(key).runner());
                assertTrue(local.get(key).sameFigures(cluster.get(key)), key);
            }
            assertTrue(Files.list(temp.resolve("work")).findAny().isPresent(), "the worker ran an executor");
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                Process p = started.get(i);
                p.destroy();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }

    private Process start(Path sparkHome, String name, String mainClass, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "@" + Path.of("java-options").toAbsolutePath(),
                "-Dlog4j2.configurationFile=" + Path.of("log4j2.properties").toAbsolutePath(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve(name + ".log").toFile());
        builder.environment().put("SPARK_HOME", sparkHome.toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1"); // the web UIs too listen on loopback only
        return builder.start();
    }

    private void waitForPort(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the master ended: " + log("master"));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the master did not listen on port " + port + ": " + log("master"));
    }

    private String log(String name) {
        try {
            return Files.readString(temp.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
