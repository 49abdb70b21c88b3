package nn.examples;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process and keeps what it printed. */
final class Cli {

    final int exitCode;
    final String out;
    final String err;

    private Cli(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The epoch lines without their seconds, which differ from run to run. */
    java.util.List<String> epochLinesWithoutSeconds() {
        return out.lines().filter(l -> l.startsWith("epoch "))
                .map(l -> l.replaceFirst("\\s+[0-9.]+ s ", " ")).toList();
    }

    /** The validation accuracy of the last epoch line, in percent. */
    double lastValidationAccuracy() {
        java.util.List<String> lines = out.lines().filter(l -> l.startsWith("epoch ")).toList();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(([0-9.]+)%\\)$")
                .matcher(lines.get(lines.size() - 1));
        if (!m.find()) {
            throw new AssertionError("no validation accuracy in the last epoch line:\n" + this);
        }
        return Double.parseDouble(m.group(1));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
