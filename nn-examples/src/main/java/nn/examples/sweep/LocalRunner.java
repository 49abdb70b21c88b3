package nn.examples.sweep;

import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs trials on this machine, {@code parallelism} at a time, each on one thread of its own. All trials share the
 * one copy of the data in memory.
 */
public final class LocalRunner implements TrialRunner {

    /** The name of this runner for {@code --runner}. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void run(List<Trial> trials, TrialData data, int parallelism, Sink sink) throws Exception {
        if (trials.isEmpty()) {
            return;
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, trials.size())), r -> {
            Thread t = new Thread(r, "trial-" + count.incrementAndGet());
            t.setDaemon(true); // a killed sweep does not wait for its running trials
            return t;
        });
        try {
            CompletionService<TrialResult> done = new ExecutorCompletionService<>(pool);
            for (Trial trial : trials) {
                done.submit(() -> trial.run(data, NAME));
            }
            for (int i = 0; i < trials.size(); i++) {
                try {
                    sink.finished(done.take().get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof Exception ex) {
                        throw ex;
                    }
                    throw (Error) cause;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
