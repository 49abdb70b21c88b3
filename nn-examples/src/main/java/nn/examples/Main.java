package nn.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import nn.backend.NativeLibraryException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code nn} command line: {@code train}, {@code sweep}, {@code check}, {@code evaluate}, {@code predict} and
 * {@code serve}.
 *
 * <p>Every error the user can do something about ends the program with one line on stderr and no stack trace:
 * exit code 2 for bad usage, 1 for anything else (missing data, an unreadable model, a missing native library).
 */
@Command(name = "nn", mixinStandardHelpOptions = true, version = "nn 0.1.0",
        description = "Trains and uses feedforward networks on MNIST, as in Nielsen's"
                + " \"Neural Networks and Deep Learning\".",
        subcommands = {TrainCommand.class, CheckCommand.class, EvaluateCommand.class, PredictCommand.class,
                ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    /**
     * Runs the command line and exits with its exit code (see {@link #execute}); after Ctrl-C it leaves the exit
     * to the JVM's shutdown.
     *
     * @param args a command and its options, e.g. {@code train --epochs 30 --eta 3.0}
     */
    public static void main(String[] args) {
        // Reports draw with java.awt: there is no display, and none is needed.
        System.setProperty("java.awt.headless", "true");
        // The libraries log through System.Logger; the command line shows their messages as plain lines.
        ConsoleLogging.install(System.err);
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = execute(out, err, args);
        out.flush();
        err.flush();
        // After Ctrl-C the JVM is already shutting down and exits by itself once the training thread has saved;
        // System.exit would block for ever waiting for the shutdown hook that waits for this thread.
        if (!StopOnSignal.shutdownInProgress()) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line, writing to the given streams; the exit code is returned, not acted on, so tests can
     * run commands in-process.
     *
     * @param out  where a command's output and {@code --help} go
     * @param err  where error messages go, one line each
     * @param args a command and its options, e.g. {@code train --epochs 30 --eta 3.0}
     * @return 0 on success (and for {@code --help} and {@code --version}), 2 for bad usage, 130 when Ctrl-C
     *         stopped {@code train}, 1 for any other error or a failed {@code check}
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("sweep", SweepCommand.commandLine()); // its options are made from train's
        // Every command's -V / --version prints the version, not only nn's own.
        String[] version = cli.getCommandSpec().version();
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().version(version));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(Main::badUsage);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine));
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli passes Errors on. What is checked beforehand (network sizes, data) says more; this is the
            // last line of defence, e.g. for a native allocation by the BLAS backend.
            return fail(err, "nn: out of memory (" + e.getMessage() + "); this Java may use "
                    + MemoryBudget.bytes(Runtime.getRuntime().maxMemory()) + ": give it more with"
                    + " JAVA_TOOL_OPTIONS=-Xmx" + MemoryBudget.gibibytesAbove(2 * Runtime.getRuntime().maxMemory())
                    + "g (if the machine has it), or use less data or a smaller network");
        }
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing command: train, sweep, check, evaluate, predict or serve");
    }

    /** One line for a bad option or value, instead of picocli's message followed by the whole usage text. */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + e.getMessage()
                + " (see " + commandLine.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return CliException.USAGE;
    }

    private static int failed(Exception e, CommandLine commandLine) throws Exception {
        PrintWriter err = commandLine.getErr();
        String prefix = commandLine.getCommandSpec().qualifiedName() + ": ";
        if (e instanceof ParameterException p) {
            return badUsage(p, new String[0]);
        }
        if (e instanceof CliException c) {
            err.println(prefix + c.getMessage());
            err.flush();
            return c.exitCode();
        }
        String message = userMessage(e);
        if (message == null) {
            throw e; // a bug: picocli prints the stack trace
        }
        return fail(err, prefix + message);
    }

    private static int fail(PrintWriter err, String line) {
        err.println(line);
        err.flush();
        return CliException.FAILURE;
    }

    /** The one-line message for an exception the user can act on, or null for a bug. */
    static String userMessage(Throwable e) {
        if (e instanceof UncheckedIOException u) {
            return userMessage(u.getCause());
        }
        if (e instanceof nn.mnist.DatasetTooLargeException d) {
            return d.getMessage() + ": give it more, e.g. JAVA_TOOL_OPTIONS=-Xmx"
                    + MemoryBudget.gibibytesAbove(Runtime.getRuntime().maxMemory() + d.bytesNeeded())
                    + "g (if the machine has it)";
        }
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": " + (n.getReason() == null ? "no such file or directory" : n.getReason());
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException f) {
            return f.getFile() + ": " + (f.getReason() == null ? "already exists (and is in the way)" : f.getReason());
        }
        if (e instanceof java.nio.file.NotDirectoryException f) {
            return f.getFile() + ": not a directory";
        }
        if (e instanceof FileSystemException f) {
            // Without a reason its message is only the file's name.
            return f.getReason() != null ? f.getMessage()
                    : f.getMessage() + ": " + f.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2")
                            .toLowerCase(java.util.Locale.ROOT).replace(" exception", "");
        }
        if (e instanceof IOException || e instanceof NativeLibraryException) {
            // nn-mnist's and nn-core's exceptions name the file, the place and what was expected.
            return e.getMessage();
        }
        return null;
    }
}
