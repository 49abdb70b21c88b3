package nn.examples;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nn.backend.Blas;
import nn.mnist.ImageDataset;
import nn.network.Network;
import nn.training.Backprop;
import nn.training.BatchedBackprop;
import nn.training.EpochResult;
import nn.training.LoopedBackprop;
import nn.training.Sgd;
import nn.training.TrainingDivergedException;
import nn.training.TrainingHistory;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine;

/**
 * One training configuration written as {@code nn train} options, parsed and checked by {@code nn train}'s own
 * options and rules, and trained quietly on data already loaded: what one trial of a sweep runs.
 *
 * <p>Because the options are {@code train}'s, every option the trainer has can be swept, and an option added to
 * the trainer later (an optimiser, dropout, augmentation) becomes sweepable by being added there; only the
 * options that name files or data, or the seed, which a sweep sets itself, are not ({@link #NOT_SWEPT}).
 *
 * <p>A run uses one thread: the backend's products on one thread and no prefetching thread, so that a sweep can
 * run one trial per core and its results do not depend on how many run at once or where.
 */
public final class TrainOptions {

    /**
     * {@code train}'s options a trial does not take: the data is the sweep's, the seed is the trial's, a trial
     * writes no files, and the page of {@code --ui} is the sweep's own.
     */
    public static final Set<String> NOT_SWEPT = Set.of("--seed", "--data", "--dataset", "--save", "--load",
            "--checkpoint", "--report", "--ui", "--ui-host", "--help", "--version",
            // --dataset table's options: a sweep runs on image datasets
            "--label", "--no-header", "--scale", "--validation-fraction", "--test-fraction", "--test");

    private final TrainCommand command;

    private TrainOptions(TrainCommand command) {
        this.command = command;
    }

    /**
     * Parses {@code nn train} arguments and checks them as {@code nn train} does.
     *
     * @param arguments {@code nn train}'s arguments, e.g. {@code [--eta, 0.5, --sizes, 784,100,10]}; none of
     *                  {@link #NOT_SWEPT}
     * @return the checked options, ready to {@link #train}
     * @throws IllegalArgumentException with {@code train}'s one-line message, if an option is unknown or one of
     *                                  {@link #NOT_SWEPT}, a value does not parse or the trainer refuses it
     */
    public static TrainOptions parse(List<String> arguments) {
        TrainCommand command = new TrainCommand();
        CommandLine cli = new CommandLine(command);
        try {
            cli.parseArgs(arguments.toArray(String[]::new));
            for (String option : NOT_SWEPT) {
                if (cli.getParseResult().hasMatchedOption(option)) {
                    throw new IllegalArgumentException(option + " cannot be given to a trial");
                }
            }
            command.validate();
            if (!command.engine.equals("looped")) {
                command.backend(); // e.g. a precision the chosen backend does not have: refused before any trial
            }
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return new TrainOptions(command);
    }

    /**
     * The options of {@code nn train} a sweep can vary, by long name (e.g. {@code --eta}), in {@code --help}'s
     * order, each with whether its value is itself a comma-separated list (as {@code --sizes 784,30,10} is) and
     * whether it is a flag that takes no value (as {@code --no-shuffle}).
     *
     * @return an unmodifiable map from option name, with its dashes, to how it takes its value
     */
    public static Map<String, Kind> sweepable() {
        return SWEEPABLE;
    }

    private static final Map<String, Kind> SWEEPABLE = findSweepable();

    private static Map<String, Kind> findSweepable() {
        Map<String, Kind> options = new LinkedHashMap<>();
        for (OptionSpec option : new CommandLine(new TrainCommand()).getCommandSpec().options()) {
            String name = option.longestName();
            if (NOT_SWEPT.contains(name) || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            boolean flag = option.arity().max() == 0;
            options.put(name, flag ? Kind.FLAG : option.splitRegex().isEmpty() ? Kind.VALUE : Kind.LIST);
        }
        return Collections.unmodifiableMap(options);
    }

    /** How an option of {@code train} takes its value. */
    public enum Kind {
        /** One value, e.g. {@code --eta 3.0}. */
        VALUE,
        /** A comma-separated list, e.g. {@code --sizes 784,30,10}. */
        LIST,
        /** No value: present or not, e.g. {@code --no-shuffle}. */
        FLAG
    }

    /** {@return the input layer's size, the first of {@code --sizes}: 784 for MNIST} */
    public int inputSize() {
        return command.sizes[0];
    }

    /** {@return the output layer's size, the last of {@code --sizes}: the number of classes} */
    public int outputSize() {
        return command.sizes[command.sizes.length - 1];
    }

    /**
     * Checks that the network fits data of {@code inputs} pixels and {@code classes} classes.
     *
     * @param inputs  the pixels per image of the data, e.g. 784
     * @param classes the number of classes of the data, e.g. 10
     * @throws IllegalArgumentException saying what the sizes must start and end with, if it does not
     */
    public void checkFits(int inputs, int classes) {
        if (inputSize() != inputs || outputSize() != classes) {
            throw new IllegalArgumentException("--sizes " + TrainCommand.join(command.sizes).replaceAll("[\\[\\]]", "")
                    + " does not fit the data: its images have " + inputs + " pixels and there are " + classes
                    + " classes, so the sizes must start with " + inputs + " and end with " + classes);
        }
    }

    /**
     * Trains a new network with these options and {@code seed}, as {@code nn train --seed SEED} would (the same
     * epoch figures), validating after every epoch, on one thread and without printing anything.
     *
     * @param training   the training images ({@code --train-limit} takes the first ones)
     * @param validation the images measured after every epoch
     * @param seed       the seed of the initial weights and the shuffles
     * @return the epochs' figures, what diverged if training stopped early, the trained network and the backend
     * @throws IllegalArgumentException if {@code --sizes} does not fit the images or their classes
     */
    public Run train(ImageDataset training, ImageDataset validation, long seed) {
        ImageDataset data = command.trainLimit != null && command.trainLimit < training.size()
                ? training.slice(0, command.trainLimit) : training;
        Network network = command.buildNetwork(seed);
        checkFits(data.inputSize(), data.outputSize());
        TrainSettings settings = command.settings(seed);
        Backprop engine;
        String backend;
        if (command.engine.equals("looped")) {
            engine = new LoopedBackprop();
            backend = "looped engine (no BLAS), 1 thread";
        } else {
            Blas blas = command.backend().withThreads(1); // --blas and --precision, as train picks them
            engine = new BatchedBackprop(blas);
            backend = blas.description();
        }
        Sgd sgd = settings.sgd(engine)
                .prefetch(false).monitoringThreads(1) // a sweep runs one trial per core, each on one thread
                .augmentation(command.augmentation(), data.imageRows(), data.imageColumns())
                .monitorTrainingCost(true).monitorTrainingAccuracy(true)
                .monitorEvaluationCost(true).monitorEvaluationAccuracy(true)
                .build();
        try {
            TrainingHistory history = sgd.train(network, data, validation);
            return new Run(new ArrayList<>(history.epochs()), null, network, backend);
        } catch (TrainingDivergedException e) {
            return new Run(new ArrayList<>(e.history().epochs()), "diverged in epoch " + (e.epoch() + 1) + ": "
                    + e.what().replace("evaluation cost", "validation cost"), network, backend);
        }
    }

    /**
     * What a run gave.
     *
     * @param history   every completed epoch's figures (fewer than the epochs asked for when it diverged)
     * @param diverged  what diverged and where, or null when every epoch completed
     * @param network   the trained network (after a divergence, the last good one)
     * @param backend   what computed it, e.g. {@code OpenBLAS 0.3.31 (SKYLAKEX), 1 thread}
     */
    public record Run(List<EpochResult> history, String diverged, Network network, String backend) {
    }
}
