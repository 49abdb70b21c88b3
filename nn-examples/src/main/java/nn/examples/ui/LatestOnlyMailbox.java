package nn.examples.ui;

import java.util.ArrayList;
import java.util.List;
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
     * Waits up to {@code timeout} for updates and takes every pending one, in {@link EventKind} order; an empty list
     * when none came in time or the mailbox is closed.
     */
    List<Event> take(long timeout, TimeUnit unit) throws InterruptedException {
        if (!closed && wakeUp.tryAcquire(timeout, unit)) {
            wakeUp.drainPermits();
        }
        List<Event> events = new ArrayList<>();
        if (closed) {
            return events;
        }
        for (EventKind kind : EventKind.values()) {
            String json = pending.getAndSet(kind.ordinal(), null);
            if (json != null) {
                events.add(new Event(kind, json));
            }
        }
        return events;
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
        wakeUp.release();
    }
}
