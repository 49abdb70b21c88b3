package nn.examples;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT) or SIGTERM during training into a graceful stop: a JVM shutdown hook asks the trainer to
 * stop after the mini-batch it is applying, then waits (bounded) while the training thread saves the model, so
 * nothing already learned is lost.
 */
final class StopOnSignal implements AutoCloseable {

    /** How long the hook waits for the training thread to finish its mini-batch and save. */
    static final long GRACE_SECONDS = 120;

    private static volatile boolean shutdownInProgress;

    private final Thread hook;
    private final CountDownLatch saved = new CountDownLatch(1);
    private volatile boolean signalled;

    /** Installs the hook; {@code onSignal} is called from the hook's thread and must only request the stop. */
    StopOnSignal(Runnable onSignal) {
        this.hook = new Thread(() -> {
            shutdownInProgress = true;
            signalled = true;
            onSignal.run();
            try {
                saved.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nn-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether the JVM is shutting down because of a signal caught by an instance of this class. */
    static boolean shutdownInProgress() {
        return shutdownInProgress;
    }

    /** Whether a signal asked training to stop. */
    boolean signalled() {
        return signalled;
    }

    /** Tells the waiting hook that the model is saved (or that there was nothing to save): the JVM may exit. */
    void done() {
        saved.countDown();
    }

    /** Removes the hook after a normal end, or releases it when the JVM is already shutting down. */
    @Override
    public void close() {
        done();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running or has run, and may no longer be removed.
        }
    }
}
