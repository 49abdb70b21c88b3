package nn.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nn.internal.OpenBlasCoreType;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the suite and writes its report: {@code BenchMain quick|backends|full [regex]}.
 *
 * <p>jblas's OpenBLAS picks its kernels from {@code OPENBLAS_CORETYPE} when it loads, in every forked JMH JVM;
 * forks inherit this process's environment, which Java cannot change for itself. So when the variable is
 * unset (or empty) and {@link OpenBlasCoreType} recommends a value for this CPU, this runner starts itself
 * again as a child process with the variable set, and that child runs JMH. A value the user set is kept.
 *
 * <p>Results go to {@code target/bench/}: JMH's JSON, and {@code report.md} with the ratio tables, which are
 * also printed.
 */
public final class BenchMain {

    private static final String CHILD = "nn.bench.child";
    private static final Path OUT = Path.of("target", "bench");

    private BenchMain() {
    }

    /**
     * quick: the engine suite (looped vs batched, GEMM bounds, both cores, epoch, inference) in about 3 minutes;
     * backends: jblas vs OpenBLAS and NumPy, quick settings; full: both, with 2 forks and longer iterations.
     */
    private static final List<String> PROFILES = List.of("quick", "backends", "full");

    /**
     * Runs a profile of the suite, or only the benchmarks a regex names, and writes the report; exits with status 2
     * after a usage line when the profile is missing or unknown.
     *
     * @param args {@code quick}, {@code backends} or {@code full}, then optionally a regex of the benchmarks to run
     *             ({@code .} or blank for all of the profile's)
     * @throws IOException          if the results cannot be read or the report written
     * @throws InterruptedException if interrupted while waiting for the child process that sets
     *                              {@code OPENBLAS_CORETYPE}
     * @throws RunnerException      if JMH fails to run the benchmarks
     */
    public static void main(String[] args) throws IOException, InterruptedException, RunnerException {
        if (args.length < 1 || !PROFILES.contains(args[0])) {
            System.err.println("usage: BenchMain quick|backends|full [benchmark regex]");
            System.exit(2);
        }
        OpenBlasCoreType.Finding blas = OpenBlasCoreType.detect();
        if (!blas.isSet() && blas.recommended() != null) {
            System.exit(rerunWith(blas.recommended(), args));
        }
        String profile = args[0];
        boolean quick = !profile.equals("full");
        String only = args.length > 1 && !args[1].isBlank() && !args[1].equals(".") ? args[1] : null;
        Files.createDirectories(OUT);
        List<String> environment = environment(blas, args[0]);
        String loadBefore = loadAverage();

        Path timed = OUT.resolve("timed.json");
        Path epochs = OUT.resolve("epochs.json");
        Files.deleteIfExists(timed);
        Files.deleteIfExists(epochs);
        String timedClasses = "nn\\.bench\\.(" + switch (profile) {
            case "quick" -> "Gradient|ParallelGradient|Inference";
            case "backends" -> "BackendGradient|OpenBlasThreads";
            default -> "Gradient|ParallelGradient|BackendGradient|OpenBlasThreads|Inference";
        } + ")Benchmark\\.";
        String epochClasses = "nn\\.bench\\." + switch (profile) {
            case "quick" -> "EpochBenchmark\\.";
            case "backends" -> "BackendEpochBenchmark\\.";
            default -> "(Backend)?EpochBenchmark\\.";
        };
        String allEpochClasses = "nn\\.bench\\.(Backend)?EpochBenchmark\\.";
        if (only == null || matchesAny(only, "Gradient", "Inference", "Threads")) {
            ChainedOptionsBuilder options = common(quick, timed, only == null ? timedClasses : only)
                    .exclude(allEpochClasses) // a regex given by -Dbench.only runs each benchmark in its own mode
                    .warmupIterations(quick ? 2 : 5)
                    .warmupTime(TimeValue.seconds(1))
                    .measurementIterations(quick ? 3 : 5)
                    .measurementTime(TimeValue.seconds(quick ? 1 : 2));
            new Runner(options.build()).run();
        }
        if (only == null || matchesAny(only, "Epoch")) {
            ChainedOptionsBuilder options = common(quick, epochs, only == null ? epochClasses : only)
                    .exclude("nn\\.bench\\.(Gradient|ParallelGradient|BackendGradient|OpenBlasThreads|Inference)"
                            + "Benchmark\\.")
                    .warmupIterations(quick ? 1 : 2)
                    .measurementIterations(quick ? 3 : 5);
            new Runner(options.build()).run();
        }
        List<Report.Result> numpy = new ArrayList<>();
        if (only == null ? !profile.equals("quick") : matchesAny(only, "Epoch", "NumPy")) {
            numpy.addAll(NumpyEpoch.run(quick ? 3 : 5, environment));
        }
        environment.add("Load average (1, 5, 15 min) before the run: " + loadBefore + "; after: " + loadAverage());
        List<Path> results = new ArrayList<>();
        for (Path p : List.of(timed, epochs)) {
            if (Files.exists(p)) {
                results.add(p);
            }
        }
        List<Report.Result> all = new ArrayList<>(Report.read(results));
        all.addAll(numpy);
        String report = Report.render(environment, all);
        Files.writeString(OUT.resolve("report.md"), report);
        System.out.println();
        System.out.println(report);
        System.out.println("(written to " + OUT.resolve("report.md").toAbsolutePath() + ")");
    }

    private static boolean matchesAny(String regex, String... words) {
        for (String w : words) {
            if (regex.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private static ChainedOptionsBuilder common(boolean quick, Path result, String include) {
        return new OptionsBuilder()
                .include(include)
                .forks(quick ? 1 : 2)
                // The epoch's 50,000 examples take 314 MB as doubles, read in shuffled order: with 4 KiB pages
                // nearly every example is a TLB miss (225 → 185 ms per epoch measured). NumPy madvises its large
                // arrays into huge pages itself; the JVM does it for its heap with this flag.
                .jvmArgs("-Xms3g", "-Xmx3g", "-XX:+UseTransparentHugePages")
                .addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString());
    }

    /** Runs this class again with OPENBLAS_CORETYPE set, so that the JMH forks inherit it. */
    private static int rerunWith(String coreType, String[] args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-D" + CHILD + "=true",
                "-cp", System.getProperty("java.class.path"),
                BenchMain.class.getName()));
        command.addAll(Arrays.asList(args));
        ProcessBuilder child = new ProcessBuilder(command).inheritIO();
        child.environment().put(OpenBlasCoreType.VARIABLE, coreType);
        System.err.println("nn-bench: " + OpenBlasCoreType.VARIABLE + " is unset; running with "
                + OpenBlasCoreType.VARIABLE + "=" + coreType + " for this CPU");
        return child.start().waitFor();
    }

    private static List<String> environment(OpenBlasCoreType.Finding blas, String profile) {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + blas.cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        lines.add("JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        if (!blas.isSet()) {
            lines.add(OpenBlasCoreType.VARIABLE + " unset: OpenBLAS's own detection, trusted for this CPU");
        } else {
            lines.add(OpenBlasCoreType.VARIABLE + "=" + blas.current() + (Boolean.getBoolean(CHILD)
                    ? " (chosen for this CPU by the runner)" : " (set by the user)"));
        }
        lines.add("Profile: " + profile);
        return lines;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
