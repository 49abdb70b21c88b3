package nn.examples.ui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What one browser has still to receive: at most one pending update per {@link EventKind}. Posting never blocks
 * and never grows anything: an update that arrives before the previous one of its kind was sent replaces it, and
 * the replaced one is counted as dropped. So the training thread, which posts, is never held up by a slow or
 * vanished browser, and the memory a client can tie up is bounded by the number of kinds.
 */
final class LatestOnlyMailbox {

    /** One event ready to send. */
    record Event(EventKind kind, String json) {
    }

    private final AtomicReferenceArray<String> pending = new AtomicReferenceArray<>(EventKind.values().length);
    private final Semaphore wakeUp = new Semaphore(0);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    /** Replaces the pending update of {@code kind}; returns at once whatever the reader is doing. */
    void post(EventKind kind, String json) {
        if (closed) {
            return;
        }
        if (pending.getAndSet(kind.ordinal(), json) != null) {
            dropped.incrementAndGet();
        }
        if (wakeUp.availablePermits() == 0) {
            wakeUp.release();
        }
    }

    /**
     * Waits for updates and takes every pending one, in {@link EventKind} order: at the first update posted within
     * {@code timeout}, but not before {@code notBefore}, so that whatever is posted until then goes out with it.
     * An empty list when none came within {@code timeout} or the mailbox is closed.
     *
     * @param notBefore a {@link System#nanoTime()} before which nothing is taken (a time already past: none)
     */
    List<Event> take(long notBefore, long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !wakeUp.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            long early = notBefore - System.nanoTime();
            if (early > 0 && closing.await(early, TimeUnit.NANOSECONDS)) {
                break;
            }
            wakeUp.drainPermits();
            List<Event> events = new ArrayList<>();
            for (EventKind kind : EventKind.values()) {
                String json = pending.getAndSet(kind.ordinal(), null);
                if (json != null) {
                    events.add(new Event(kind, json));
                }
            }
            if (!events.isEmpty()) {
                return events;
            }
            // A permit left by a post whose update the previous take already sent: wait for the next one.
        }
        return List.of();
    }

    /** Updates replaced before they were sent. */
    long dropped() {
        return dropped.get();
    }

    boolean isClosed() {
        return closed;
    }

    /** Wakes the reader and makes it stop; later posts are ignored. */
    void close() {
        closed = true;
        closing.countDown();
        wakeUp.release();
    }
}
