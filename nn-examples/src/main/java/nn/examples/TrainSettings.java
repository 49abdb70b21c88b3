package nn.examples;

import java.util.Arrays;
import java.util.Locale;
import nn.training.Backprop;
import nn.training.EarlyStopping;
import nn.training.LearningRateSchedule;
import nn.training.Optimizer;
import nn.training.Sgd;

/**
 * The settings of a training run that are not the network itself, as the trainer's options give them and a
 * checkpoint records them. Fields added after the first checkpoints may be missing (null or 0) in older files,
 * which then mean what those runs did: plain SGD, no L1, no dropout, a constant η, no early stopping.
 *
 * @param epochs        total number of epochs (a resumed run trains the ones still missing)
 * @param miniBatchSize the mini-batch size m
 * @param eta           the learning rate η (η₀ of a schedule)
 * @param lambda        the L2 regularisation parameter λ
 * @param engine        the backprop engine, {@code batched} or {@code looped}
 * @param seed          the seed every random choice derives from
 * @param shuffle       whether to shuffle the training data every epoch
 * @param optimizer     {@code sgd}, {@code momentum}, {@code nesterov} or {@code adam}
 * @param momentum      μ of momentum and Nesterov
 * @param adam          Adam's β₁, β₂ and ε
 * @param lambda1       the L1 regularisation parameter
 * @param dropout       the dropout rate of each hidden layer (one applies to all), empty for none
 * @param schedule      the learning-rate schedule: {@code constant}, {@code halve-on-plateau[:N]},
 *                      {@code step:EVERY:FACTOR} or {@code exponential:GAMMA}
 * @param earlyStop     early stopping, {@code N[:accuracy|cost]}, or {@code none}
 */
record TrainSettings(int epochs, int miniBatchSize, double eta, double lambda, String engine, long seed,
                     boolean shuffle, String optimizer, double momentum, double[] adam, double lambda1,
                     double[] dropout, String schedule, String earlyStop) {

    /** The defaults of everything chapter 3 added. */
    static final String SGD = "sgd";
    static final double MOMENTUM = 0.9;
    static final double[] ADAM = {0.9, 0.999, 1e-8};
    static final String CONSTANT = "constant";
    static final String NONE = "none";

    /** Settings of plain SGD, as the first checkpoints recorded them. */
    TrainSettings(int epochs, int miniBatchSize, double eta, double lambda, String engine, long seed,
                  boolean shuffle) {
        this(epochs, miniBatchSize, eta, lambda, engine, seed, shuffle, SGD, MOMENTUM, ADAM, 0.0, new double[0],
                CONSTANT, NONE);
    }

    /** Fills in what an older checkpoint lacks. */
    TrainSettings {
        optimizer = optimizer == null ? SGD : optimizer;
        adam = adam == null ? ADAM.clone() : adam.clone();
        dropout = dropout == null ? new double[0] : dropout.clone();
        schedule = schedule == null ? CONSTANT : schedule;
        earlyStop = earlyStop == null ? NONE : earlyStop;
    }

    /**
     * An {@link Sgd} builder with every setting of the run, for the given engine; the caller adds monitoring,
     * the listener and prefetching.
     *
     * @throws IllegalArgumentException naming the setting whose value is wrong
     */
    Sgd.Builder sgd(Backprop backprop) {
        Sgd.Builder b = Sgd.builder()
                .epochs(epochs)
                .miniBatchSize(miniBatchSize)
                .eta(eta)
                .lambda(lambda)
                .lambda1(lambda1)
                .optimizer(toOptimizer())
                .dropout(dropout)
                .schedule(toSchedule())
                .engine(backprop)
                .seed(seed)
                .shuffle(shuffle);
        EarlyStopping stopping = toEarlyStopping();
        if (stopping != null) {
            b.earlyStopping(stopping);
        }
        return b;
    }

    /** The optimiser the settings name. */
    Optimizer toOptimizer() {
        switch (optimizer) {
            case "sgd":
                return Optimizer.sgd();
            case "momentum":
            case "nesterov":
                try {
                    return optimizer.equals("momentum") ? Optimizer.momentum(momentum) : Optimizer.nesterov(momentum);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--momentum " + momentum + ": " + e.getMessage());
                }
            case "adam":
                if (adam.length != 3) {
                    throw new IllegalArgumentException("--adam needs beta1,beta2,epsilon, got " + adam.length
                            + " numbers");
                }
                try {
                    return Optimizer.adam(adam[0], adam[1], adam[2]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--adam " + Arrays.toString(adam).replaceAll("[\\[\\] ]", "")
                            + ": " + e.getMessage());
                }
            default:
                throw new IllegalArgumentException("--optimizer " + optimizer
                        + ": expected sgd, momentum, nesterov or adam");
        }
    }

    /** The learning-rate schedule the settings name. */
    LearningRateSchedule toSchedule() {
        String[] parts = schedule.split(":", -1);
        try {
            switch (parts[0]) {
                case "constant":
                    if (parts.length == 1) {
                        return LearningRateSchedule.constant();
                    }
                    break;
                case "halve-on-plateau":
                    if (parts.length <= 2) {
                        return LearningRateSchedule.halveOnPlateau(parts.length == 1 ? 10 : Integer.parseInt(parts[1]));
                    }
                    break;
                case "step":
                    if (parts.length == 3) {
                        return LearningRateSchedule.step(Integer.parseInt(parts[1]), Double.parseDouble(parts[2]));
                    }
                    break;
                case "exponential":
                    if (parts.length == 2) {
                        return LearningRateSchedule.exponential(Double.parseDouble(parts[1]));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--schedule " + schedule + ": " + e.getMessage());
        }
        throw new IllegalArgumentException("--schedule " + schedule + ": expected constant, halve-on-plateau[:N],"
                + " step:EVERY:FACTOR or exponential:GAMMA, e.g. halve-on-plateau:10 or step:10:0.5");
    }

    /** Early stopping as the settings give it, or null for none. */
    EarlyStopping toEarlyStopping() {
        if (earlyStop.equals(NONE)) {
            return null;
        }
        String[] parts = earlyStop.split(":", -1);
        try {
            if (parts.length <= 2) {
                int patience = Integer.parseInt(parts[0]);
                String metric = parts.length == 1 ? "accuracy" : parts[1];
                if (metric.equals("accuracy") || metric.equals("cost")) {
                    return EarlyStopping.noImprovementIn(patience,
                            EarlyStopping.Metric.valueOf(metric.toUpperCase(Locale.ROOT)));
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--early-stop " + earlyStop + ": " + e.getMessage());
        }
        throw new IllegalArgumentException("--early-stop " + earlyStop + ": expected none or N[:accuracy|cost],"
                + " e.g. 10 (stop after 10 epochs without a better validation accuracy)");
    }

    /** What the run adds to plain SGD, for the trainer's first line; empty for plain SGD. */
    String chapterThree() {
        StringBuilder s = new StringBuilder();
        if (!optimizer.equals(SGD)) {
            s.append(", ").append(toOptimizer().describe());
        }
        if (lambda1 > 0) {
            s.append(", L1 lambda ").append(TrainCommand.number(lambda1));
        }
        if (dropout.length > 0) {
            s.append(", dropout ").append(Arrays.toString(dropout).replaceAll("[\\[\\] ]", ""));
        }
        if (!schedule.equals(CONSTANT)) {
            s.append(", eta schedule ").append(toSchedule().describe());
        }
        if (!earlyStop.equals(NONE)) {
            s.append(", early stopping after ").append(toEarlyStopping().patience()).append(" epochs without a better"
                    + " validation ").append(toEarlyStopping().metric().name().toLowerCase(Locale.ROOT));
        }
        return s.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainSettings s && epochs == s.epochs && miniBatchSize == s.miniBatchSize
                && eta == s.eta && lambda == s.lambda && engine.equals(s.engine) && seed == s.seed
                && shuffle == s.shuffle && optimizer.equals(s.optimizer) && momentum == s.momentum
                && Arrays.equals(adam, s.adam) && lambda1 == s.lambda1 && Arrays.equals(dropout, s.dropout)
                && schedule.equals(s.schedule) && earlyStop.equals(s.earlyStop);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(epochs, miniBatchSize, eta, lambda, engine, seed, shuffle, optimizer, schedule,
                earlyStop);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "epochs %d, mini_batch_size %d, eta %s, lambda %s, engine %s, seed %d,"
                        + " shuffle %s, optimizer %s, momentum %s, adam %s, lambda1 %s, dropout %s, schedule %s,"
                        + " early_stop %s", epochs, miniBatchSize, eta, lambda, engine, seed, shuffle, optimizer,
                momentum, Arrays.toString(adam), lambda1, Arrays.toString(dropout), schedule, earlyStop);
    }
}
