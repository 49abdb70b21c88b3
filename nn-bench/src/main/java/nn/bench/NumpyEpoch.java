package nn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code numpy_epoch.py} (the same epoch in NumPy) right after the Java epochs, so the comparison comes from
 * the same run on the same machine state. Uses Debian's {@code /usr/bin/python3}, whose NumPy links the system
 * BLAS; when it or NumPy is missing the report says so and carries on.
 */
final class NumpyEpoch {

    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final Path SCRIPT = Path.of("numpy_epoch.py");
    private static final Pattern BEST = Pattern.compile("numpy (\\S+): best (\\d+) ms, median (\\d+) ms");

    private NumpyEpoch() {
    }

    /** Runs {@code epochs} epochs; returns the best as a result named {@code NumpyEpoch.epoch}, or nothing. */
    static List<Report.Result> run(int epochs, List<String> environment) throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON) || !Files.exists(SCRIPT)) {
            environment.add("NumPy epoch: not run (" + PYTHON + " or " + SCRIPT.toAbsolutePath() + " missing)");
            return List.of();
        }
        Process process = new ProcessBuilder(PYTHON.toString(), SCRIPT.toString(), String.valueOf(epochs))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        System.out.print(output);
        Matcher m = BEST.matcher(output);
        if (exit != 0 || !m.find()) {
            environment.add("NumPy epoch: failed (exit " + exit + "; install python3-numpy libopenblas0-pthread)");
            return List.of();
        }
        environment.add("NumPy " + m.group(1) + " (" + PYTHON + ", " + blasOfNumpy() + "): best of " + epochs
                + " epochs " + m.group(2) + " ms, median " + m.group(3) + " ms");
        return List.of(new Report.Result("NumpyEpoch.epoch", Map.of("shape", "784-30-10@10"),
                Double.parseDouble(m.group(2)), Double.NaN, "ms/op", Double.NaN));
    }

    /** Which BLAS Debian's alternatives point NumPy at. */
    private static String blasOfNumpy() {
        try {
            return "libblas.so.3 → " + Path.of("/etc/alternatives/libblas.so.3-x86_64-linux-gnu").toRealPath();
        } catch (IOException e) {
            return "system libblas.so.3";
        }
    }
}
