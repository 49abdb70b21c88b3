package nn.examples.ui;

import java.util.Locale;

/**
 * The kinds of update the dashboard pushes. Each kind carries a whole state (the full history, the last epoch's
 * mistakes, …), never a difference from the previous one, so a client that misses some updates of a kind loses
 * nothing by receiving only the newest.
 */
enum EventKind {
    /** The run's settings, backend and state (training, done, stopped, serving). */
    RUN,
    /** Mini-batches done in the current epoch. */
    PROGRESS,
    /** Every completed epoch's cost and accuracy. */
    HISTORY,
    /** The misclassified validation digits of the last epoch. */
    MISTAKES,
    /** The first hidden layer's weights, one picture per unit. */
    WEIGHTS,
    /** The test set's confusion matrix. */
    CONFUSION,
    /** A sweep's progress, its table of configurations by validation accuracy and the best trials' curves. */
    SWEEP;

    /** The name the page listens for: the SSE {@code event:} field. */
    String eventName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
