package nn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns JMH's JSON results into the Markdown tables of {@code nn-bench/README.md}, with the ratios the issue
 * sets targets for. {@code Report results.json…} prints the tables of saved results again.
 */
public final class Report {

    private Report() {
    }

    /** One benchmark score: {@code GradientBenchmark.batched} with its parameters. */
    record Result(String name, Map<String, String> params, double score, double error, String unit,
                  double allocBytesPerOp) {

        String param(String key) {
            return params.getOrDefault(key, "");
        }
    }

    /**
     * Prints the Markdown tables of saved results, without the environment lines.
     *
     * @param args the JMH JSON result files, e.g. {@code target/bench/timed.json target/bench/epochs.json}
     * @throws IOException if a file cannot be read or is not JSON
     */
    public static void main(String[] args) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String a : args) {
            paths.add(Path.of(a));
        }
        System.out.println(render(List.of(), read(paths)));
    }

    static List<Result> read(List<Path> paths) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Result> results = new ArrayList<>();
        for (Path path : paths) {
            for (JsonNode run : json.readTree(path.toFile())) {
                String benchmark = run.get("benchmark").asText();
                String[] parts = benchmark.split("\\.");
                String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
                Map<String, String> params = new TreeMap<>();
                JsonNode p = run.get("params");
                if (p != null) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        params.put(e.getKey(), e.getValue().asText());
                    }
                }
                JsonNode primary = run.get("primaryMetric");
                double alloc = Double.NaN;
                JsonNode secondary = run.get("secondaryMetrics");
                if (secondary != null) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = secondary.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
                            alloc = e.getValue().get("score").asDouble();
                        }
                    }
                }
                results.add(new Result(name, params, primary.get("score").asDouble(),
                        primary.get("scoreError").asDouble(), primary.get("scoreUnit").asText(), alloc));
            }
        }
        return results;
    }

    static String render(List<String> environment, List<Result> results) {
        StringBuilder out = new StringBuilder();
        for (String line : environment) {
            out.append("- ").append(line).append('\n');
        }
        gradientTable(results, out);
        backendGradientTable(results, out);
        threadsTable(results, out);
        parallelTable(results, out);
        backendEpochTable(results, out);
        epochTable(results, out);
        inferenceTable(results, out);
        return out.toString();
    }

    /** The shapes the given benchmark class was run for, in the order they first appear. */
    private static List<String> shapesOf(List<Result> results, String prefix) {
        List<String> shapes = new ArrayList<>();
        for (Result r : results) {
            if (r.name().startsWith(prefix) && !shapes.contains(r.param("shape"))) {
                shapes.add(r.param("shape"));
            }
        }
        return shapes;
    }

    private static void gradientTable(List<Result> results, StringBuilder out) {
        List<String> shapes = shapesOf(results, "GradientBenchmark.");
        if (shapes.isEmpty()) {
            return;
        }
        out.append("\n### Gradient of one mini-batch (µs per mini-batch, ± 99.9% interval)\n\n")
                .append("| network | m | looped | batched | GEMM bound | batched / bound | target | looped / batched"
                        + " | target | batched alloc (B/op) |\n")
                .append("|---|---:|---:|---:|---:|---:|---|---:|---|---:|\n");
        for (String shape : shapes) {
            Optional<Result> looped = find(results, "GradientBenchmark.looped", "shape", shape);
            Optional<Result> batched = find(results, "GradientBenchmark.batched", "shape", shape);
            Optional<Result> bound = find(results, "GradientBenchmark.gemmBound", "shape", shape);
            BenchCase c = BenchCase.parse(shape);
            double boundTarget = c.sizes.length > 3 ? 1.15 : 1.3;
            double speedTarget = shape.equals("784-30-10@10") ? 2 : shape.equals("784-30-10@100") ? 5 : Double.NaN;
            double overBound = ratio(batched, bound);
            double speedup = ratio(looped, batched);
            out.append("| [").append(shape.split("@")[0].replace('-', ',')).append("] | ").append(c.m)
                    .append(" | ").append(time(looped)).append(" | ").append(time(batched)).append(" | ")
                    .append(time(bound)).append(" | ").append(fmt(overBound)).append(" | ")
                    .append(verdict(overBound, boundTarget, true)).append(" | ").append(fmt(speedup)).append(" | ")
                    .append(verdict(speedup, speedTarget, false)).append(" | ")
                    .append(batched.map(r -> fmt0(r.allocBytesPerOp())).orElse("—")).append(" |\n");
        }
    }

    private static void backendGradientTable(List<Result> results, StringBuilder out) {
        List<Result> rows = new ArrayList<>();
        for (Result r : results) {
            if (r.name().equals("BackendGradientBenchmark.gradient")) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append("\n### Batched engine per BLAS backend, one mini-batch (µs, ± 99.9% interval)\n\n")
                .append("`gradient`: `Backprop.gradient` (an off-heap backend copies the parameters in and the"
                        + " gradients out per call); `step`: one SGD step of a training session, as `Sgd` runs it."
                        + " Bounds: the same GEMM calls alone on the same backend.\n\n")
                .append("| network | m | backend | gradient | its GEMM bound | ratio | step | its GEMM bound | ratio"
                        + " | step alloc (B/op) |\n")
                .append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Result gradient : rows) {
            String shape = gradient.param("shape");
            String backend = gradient.param("backend");
            Optional<Result> g = Optional.of(gradient);
            Optional<Result> gBound = find2(results, "BackendGradientBenchmark.gradientGemmBound", shape, backend);
            Optional<Result> step = find2(results, "BackendGradientBenchmark.step", shape, backend);
            Optional<Result> sBound = find2(results, "BackendGradientBenchmark.stepGemmBound", shape, backend);
            out.append("| [").append(shape.split("@")[0].replace('-', ',')).append("] | ")
                    .append(BenchCase.parse(shape).m).append(" | ").append(backend).append(" | ").append(time(g))
                    .append(" | ").append(time(gBound)).append(" | ").append(fmt(ratio(g, gBound))).append(" | ")
                    .append(time(step)).append(" | ").append(time(sBound)).append(" | ")
                    .append(fmt(ratio(step, sBound))).append(" | ")
                    .append(step.map(r -> fmt0(r.allocBytesPerOp())).orElse("—")).append(" |\n");
        }
    }

    private static void threadsTable(List<Result> results, StringBuilder out) {
        List<Result> one = new ArrayList<>();
        for (Result r : results) {
            if (r.name().equals("OpenBlasThreadsBenchmark.product") && r.param("threads").equals("1")) {
                one.add(r);
            }
        }
        if (one.isEmpty()) {
            return;
        }
        out.append("\n### OpenBLAS, one product Z ← W·A + Z on one thread and on every core (µs)\n\n")
                .append("| W rows × k × m | multiply-adds | 1 thread | every core | speedup |\n")
                .append("|---|---:|---:|---:|---:|\n");
        for (Result r : one) {
            Optional<Result> all = results.stream().filter(o -> o.name().equals(r.name())
                    && o.param("product").equals(r.param("product")) && o.param("threads").equals("all"))
                    .findFirst();
            long work = 1;
            for (String d : r.param("product").split("x")) {
                work *= Long.parseLong(d);
            }
            out.append("| ").append(r.param("product")).append(" | ").append(fmt0(work)).append(" | ")
                    .append(time(Optional.of(r))).append(" | ").append(time(all)).append(" | ")
                    .append(fmt(ratio(Optional.of(r), all))).append(" |\n");
        }
    }

    private static void backendEpochTable(List<Result> results, StringBuilder out) {
        List<String> shapes = shapesOf(results, "BackendEpochBenchmark.");
        if (shapes.isEmpty()) {
            return;
        }
        Optional<Result> numpy = find(results, "NumpyEpoch.epoch", null, null);
        out.append("\n### One training epoch per backend, 50,000 examples (ms per epoch, ± 99.9% interval)\n\n")
                .append("| network | m | run | ms / epoch | ratio | target |\n|---|---:|---|---:|---:|---|\n");
        for (String shape : shapes) {
            boolean configA = shape.equals("784-30-10@10");
            String net = "[" + shape.split("@")[0].replace('-', ',') + "] | " + BenchCase.parse(shape).m + " | ";
            Optional<Result> fast = find2(results, "BackendEpochBenchmark.epoch", shape, "openblas");
            Optional<Result> fastBound = find2(results, "BackendEpochBenchmark.gemmBound", shape, "openblas");
            Optional<Result> jblas = find2(results, "BackendEpochBenchmark.epoch", shape, "jblas");
            Optional<Result> jblasBound = find2(results, "BackendEpochBenchmark.gemmBound", shape, "jblas");
            double overBound = ratio(fast, fastBound);
            out.append("| ").append(net).append("OpenBLAS GEMM bound").append(configA ? "" : " (large products on"
                    + " every core)").append(" | ").append(time(fastBound)).append(" | 1 | |\n");
            out.append("| ").append(net).append("OpenBLAS epoch | ").append(time(fast)).append(" | ")
                    .append(fmt(overBound)).append(" × bound | ")
                    .append(verdict(overBound, configA ? 1.5 : 1.3, true)).append(" |\n");
            out.append("| ").append(net).append("jblas GEMM bound | ").append(time(jblasBound)).append(" | ")
                    .append(fmt(ratio(jblasBound, fastBound))).append(" × OpenBLAS bound | |\n");
            double speedup = ratio(jblas, fast);
            out.append("| ").append(net).append("jblas epoch | ").append(time(jblas)).append(" | ")
                    .append(fmt(speedup)).append(" × OpenBLAS epoch | ")
                    .append(configA ? verdict(speedup, 2, false) : "").append(" |\n");
            if (configA && numpy.isPresent()) {
                double vsNumpy = ratio(numpy, fast);
                out.append("| ").append(net).append("NumPy epoch (best; `numpy_epoch.py`, same run) | ")
                        .append(fmt(numpy.get().score())).append(" | ").append(fmt(vsNumpy))
                        .append(" × OpenBLAS epoch | ").append(verdict(vsNumpy, 2, false)).append(" |\n");
            }
        }
    }

    private static Optional<Result> find2(List<Result> results, String name, String shape, String backend) {
        return results.stream().filter(r -> r.name().equals(name) && r.param("shape").equals(shape)
                && r.param("backend").equals(backend)).findFirst();
    }

    private static void parallelTable(List<Result> results, StringBuilder out) {
        List<Result> rows = new ArrayList<>();
        for (Result r : results) {
            if (r.name().startsWith("ParallelGradientBenchmark.") && !r.param("threads").equals("1")) {
                rows.add(r);
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        out.append("\n### Both cores for one mini-batch, OpenBLAS (µs per mini-batch)\n\n")
                .append("| operation | network | m | threads | 1 thread | n threads | speedup | target | alloc n threads"
                        + " (B/op) |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|---:|\n");
        for (Result r : rows) {
            Optional<Result> one = results.stream().filter(o -> o.name().equals(r.name())
                    && o.param("shape").equals(r.param("shape")) && o.param("threads").equals("1")).findFirst();
            double speedup = ratio(one, Optional.of(r));
            BenchCase c = BenchCase.parse(r.param("shape"));
            out.append("| ").append(r.name().substring(r.name().indexOf('.') + 1)).append(" | [")
                    .append(r.param("shape").split("@")[0].replace('-', ',')).append("] | ").append(c.m)
                    .append(" | ").append(r.param("threads")).append(" | ").append(time(one)).append(" | ")
                    .append(time(Optional.of(r))).append(" | ").append(fmt(speedup)).append(" | ")
                    .append(verdict(speedup, r.name().endsWith(".step") ? 1.6 : Double.NaN, false))
                    .append(" | ").append(fmt0(r.allocBytesPerOp())).append(" |\n");
        }
    }

    private static void epochTable(List<Result> results, StringBuilder out) {
        Optional<Result> bound = find(results, "EpochBenchmark.gemmBound", null, null);
        Optional<Result> batched = find(results, "EpochBenchmark.batched", null, null);
        Optional<Result> looped = find(results, "EpochBenchmark.looped", null, null);
        if (bound.isEmpty() && batched.isEmpty() && looped.isEmpty()) {
            return;
        }
        String shape = bound.or(() -> batched).or(() -> looped).get().param("shape");
        out.append("\n### One training epoch, 50,000 examples, [").append(shape.split("@")[0].replace('-', ','))
                .append("], m = ").append(BenchCase.parse(shape).m).append(" (ms per epoch)\n\n")
                .append("| run | ms / epoch | vs GEMM bound | target |\n|---|---:|---:|---|\n")
                .append("| GEMM bound (5,000 steps' dgemm calls) | ").append(time(bound)).append(" | 1 | |\n")
                .append("| batched | ").append(time(batched)).append(" | ").append(fmt(ratio(batched, bound)))
                .append(" | ").append(verdict(ratio(batched, bound), 1.4, true)).append(" |\n")
                .append("| looped | ").append(time(looped)).append(" | ").append(fmt(ratio(looped, bound)))
                .append(" | |\n");
    }

    private static void inferenceTable(List<Result> results, StringBuilder out) {
        Optional<Result> batched = find(results, "InferenceBenchmark.batched", null, null);
        Optional<Result> single = find(results, "InferenceBenchmark.oneAtATime", null, null);
        if (batched.isEmpty() && single.isEmpty()) {
            return;
        }
        out.append("\n### Inference, [784,30,10] (`Network.predict`)\n\n")
                .append("| input | examples / s | alloc (B/op) |\n|---|---:|---:|\n")
                .append("| batches of ").append(InferenceBenchmark.BATCH).append(" columns | ")
                .append(batched.map(r -> fmt0(r.score())).orElse("—")).append(" | ")
                .append(batched.map(r -> fmt0(r.allocBytesPerOp())).orElse("—")).append(" (per example) |\n")
                .append("| one example at a time | ").append(single.map(r -> fmt0(r.score())).orElse("—"))
                .append(" | ").append(single.map(r -> fmt0(r.allocBytesPerOp())).orElse("—")).append(" |\n");
    }

    private static Optional<Result> find(List<Result> results, String name, String key, String value) {
        return results.stream().filter(r -> r.name().equals(name) && (key == null || r.param(key).equals(value)))
                .findFirst();
    }

    private static double ratio(Optional<Result> numerator, Optional<Result> denominator) {
        if (numerator.isEmpty() || denominator.isEmpty()) {
            return Double.NaN;
        }
        return numerator.get().score() / denominator.get().score();
    }

    private static String verdict(double value, double target, boolean atMost) {
        if (Double.isNaN(target)) {
            return "";
        }
        String bound = (atMost ? "≤ " : "≥ ") + fmt(target);
        if (Double.isNaN(value)) {
            return bound;
        }
        boolean met = atMost ? value <= target : value >= target;
        return bound + (met ? " met" : " **not met**");
    }

    private static String time(Optional<Result> r) {
        return r.map(x -> fmt(x.score()) + " ± " + fmt(x.error())).orElse("—");
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        double a = Math.abs(v);
        String pattern = a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, v);
    }

    private static String fmt0(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }
}
