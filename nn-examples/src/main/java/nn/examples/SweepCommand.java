package nn.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Stack;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nn.examples.sweep.LocalRunner;
import nn.examples.sweep.ResultsFile;
import nn.examples.sweep.Sweep;
import nn.examples.sweep.SweepReport;
import nn.examples.sweep.SweepSpec;
import nn.examples.sweep.TrialData;
import nn.examples.sweep.TrialResult;
import nn.examples.sweep.TrialRunner;
import nn.internal.JblasNatives;
import nn.network.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code nn sweep}: trains many configurations (a grid or a random sample) with several seeds each, in parallel,
 * records every finished trial in a results file, and prints a table sorted by validation accuracy; with
 * {@code --report}, a heat map and learning curves too. Each of {@code nn train}'s options is an option here that
 * takes a list of values ({@link #commandLine()} makes them from {@code train}'s).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Hyper-parameter sweep: trains every configuration of a grid (or a random sample of it) with"
                + " each seed, several trials at a time, and ranks the configurations by validation accuracy.",
                "The values come from a JSON spec and/or from nn train's options given lists, e.g."
                        + " --eta 0.1,0.5,3 --lambda 0,1,5 --sizes 784,30,10:784,100,10 --seeds 1,2,3.",
                "Every finished trial is added to --results at once; running the same sweep again runs only the"
                        + " trials missing there. The chosen configuration's test accuracy is measured once, at the"
                        + " end."})
final class SweepCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
            description = "A JSON spec: {\"search\": \"grid\"|\"random\", \"samples\": N, \"seeds\": [1, 2],"
                    + " \"options\": {\"eta\": [0.1, 0.5], \"sizes\": [[784, 30, 10]], ...}}.")
    Path specFile;

    @Option(names = "--seeds", paramLabel = "N,N,…",
            description = "Seeds each configuration is trained with (default: the spec's, else 1).")
    String seeds;

    @Option(names = "--random", paramLabel = "N",
            description = "A random search: N distinct configurations drawn from the lists or ranges"
                    + " (A..B, log:A..B, int:A..B) instead of the whole grid.")
    Integer random;

    @Option(names = "--search-seed", paramLabel = "N", description = "Seed of the random search's draws (default 1).")
    Long searchSeed;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Trials run at once on this machine, each on one thread (default: the number of cores).")
    Integer parallel;

    @Option(names = "--results", paramLabel = "FILE", defaultValue = "sweep-results.jsonl",
            description = "JSON-lines file of finished trials, added to as each finishes (default ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--report", paramLabel = "DIR",
            description = "Write the table, the heat map (two varied options) and the learning curves (PNG) to DIR.")
    Path report;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5",
            description = "Learning curves of the best K trials (default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--runner", paramLabel = "RUNNER", defaultValue = "local",
            description = "local (default: this machine's cores) or spark (Spark tasks; needs nn-spark's jar:"
                    + " ./nn spark-sweep or spark-submit).")
    String runner;

    @Option(names = "--no-test", description = "Do not measure the chosen configuration on the test set.")
    boolean noTest;

    @Option(names = "--ui", paramLabel = "PORT", arity = "0..1", parameterConsumer = OptionalPort.class,
            description = "Watch the sweep in the browser: serve a live page on http://127.0.0.1:PORT/ (a free port"
                    + " when none is given) with the progress, the table by validation accuracy and the best"
                    + " trials' learning curves; after the sweep it stays up until Ctrl-C.")
    Integer ui;

    @Option(names = "--ui-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address the --ui page listens on (default ${DEFAULT-VALUE}: this machine only; any other"
                    + " is reachable by others, without a password, and prints a warning).")
    String uiHost;

    @Mixin
    DataOptions dataOptions = new DataOptions();

    /** The command, with a list-taking option for each of {@code nn train}'s sweepable options. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new SweepCommand());
        CommandSpec spec = cli.getCommandSpec();
        Set<String> own = new HashSet<>();
        for (OptionSpec o : spec.options()) {
            own.addAll(java.util.List.of(o.names()));
        }
        for (Map.Entry<String, TrainOptions.Kind> e : TrainOptions.sweepable().entrySet()) {
            if (own.contains(e.getKey())) {
                continue; // a name the sweep uses itself; the option can still be swept in a spec file
            }
            String label = switch (e.getValue()) {
                case LIST -> "A:B:…";
                case FLAG -> "true,false";
                case VALUE -> "V,V,…";
            };
            spec.addOption(OptionSpec.builder(e.getKey()).type(String.class).paramLabel(label)
                    .description("Values of nn train's " + e.getKey() + " to try"
                            + (e.getValue() == TrainOptions.Kind.LIST ? ", separated by ':'" : "") + ".")
                    .build());
        }
        return cli;
    }

    @Override
    public Integer call() throws Exception {
        if (ui == null && spec.commandLine().getParseResult().hasMatchedOption("--ui-host")) {
            throw usage("--ui-host needs --ui");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<String> trainOptions = TrainOptions.sweepable().keySet();
        Map<String, String> lists = new LinkedHashMap<>();
        for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (trainOptions.contains(o.longestName()) && o.getValue() != null) {
                lists.put(o.longestName(), o.getValue());
            }
        }
        if (parallel != null && parallel < 1) {
            throw usage("--parallel must be at least 1, got " + parallel);
        }
        if (top < 1) {
            throw usage("--top must be at least 1, got " + top);
        }
        SweepSpec s;
        Sweep sweep;
        TrialRunner trialRunner;
        Map<String, TrialResult> recorded;
        try {
            s = (specFile != null ? SweepSpec.read(specFile) : SweepSpec.empty())
                    .with(lists, seeds, random, searchSeed);
            ResultsFile file = new ResultsFile(results);
            sweep = new Sweep(s, file, out);
            trialRunner = TrialRunner.named(runner);
            file.checkWritable();
            recorded = file.read(); // a damaged results file fails now, not after the first trial
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        int threads = parallel != null ? parallel : Runtime.getRuntime().availableProcessors();
        // The page opens before the data is read, with the trials the results file already holds.
        try (TrialRunner running = trialRunner;
             SweepDashboard dashboard = ui == null ? null
                     : SweepDashboard.start(uiHost, ui, out, err, top, trialRunner.name())) {
            Map<String, String> shown = new LinkedHashMap<>();
            if (dashboard != null) {
                int configurations = sweep.trials().size() / s.seeds().size();
                shown.put("search", s.search().name().toLowerCase(Locale.ROOT) + ": " + configurations
                        + " configurations × " + s.seeds().size() + " seeds = " + sweep.trials().size() + " trials");
                shown.put("varied", s.varied().isEmpty() ? "(none)" : String.join(", ", s.varied()));
                shown.put("seeds", s.seeds().stream().map(String::valueOf).collect(Collectors.joining(", ")));
                shown.put("runner", trialRunner.name() + (trialRunner.name().equals(LocalRunner.NAME)
                        ? ", " + threads + " at a time" : ""));
                shown.put("results", results.toString());
                shown.put("chosen on", "validation accuracy (last epoch), mean over the seeds");
                shown.put("test set", noTest ? "not used (--no-test)"
                        : "used once, at the end, for the chosen configuration only");
                dashboard.describe("sweep of " + sweep.trials().size() + " trials", shown);
                dashboard.update(sweep.report(recorded), 0);
            }
            if (sweep.trials().stream().anyMatch(t -> !recorded.containsKey(t.key()))) {
                running.prepare(threads); // Spark's context starts while the data is read
            }
            JblasNatives.ensureLoaded();
            DataSplit data = dataOptions.load(err);
            try {
                sweep.checkFits(data.training().inputSize(), data.training().outputSize());
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            TrialData trialData = TrialData.of(data.training(), data.validation());
            if (dashboard != null) {
                shown.put("data", data.training().size() + " training, " + data.validation().size()
                        + " validation images (" + data.origin() + ")");
                dashboard.describe("sweep of " + sweep.trials().size() + " trials", shown);
            }
            Map<String, TrialResult> done = sweep.run(trialRunner, trialData, threads,
                    dashboard == null ? null : dashboard::update);
            SweepReport table = sweep.report(done);
            sweep.writeReport(table, report, top);
            if (!noTest) {
                err.println("testing the chosen configuration on " + data.test().size() + " test images …");
                err.flush();
                if (dashboard != null) {
                    dashboard.testing();
                }
                Evaluation tested = sweep.testChosen(table, trialData, data.test());
                if (dashboard != null && tested != null) {
                    dashboard.tested(sweep.chosenTrial(table).seed(), tested);
                }
            }
            if (dashboard != null) {
                dashboard.finished();
                dashboard.stayUp(out);
            }
        }
        return 0;
    }

    /**
     * {@code --ui} takes the next argument as its port only when it is a number, so that {@code nn sweep --ui
     * spec.json} is a free port and a spec, not a port called {@code spec.json}.
     */
    static final class OptionalPort implements IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec option, CommandSpec command) {
            String port = !args.isEmpty() && args.peek().matches("-?[0-9]+") ? args.pop() : "0";
            try {
                option.setValue(Integer.parseInt(port));
            } catch (NumberFormatException e) {
                throw new ParameterException(command.commandLine(), "--ui " + port
                        + ": expected a port from 1 to 65535 (or none for a free one)");
            }
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
