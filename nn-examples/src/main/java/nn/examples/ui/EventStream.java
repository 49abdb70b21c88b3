package nn.examples.ui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Server-sent events to every connected page. {@link #publish} keeps the newest update of each kind (so a page that
 * connects later starts from the current state) and posts it to each client's {@link LatestOnlyMailbox}; each
 * client's own server thread writes its mailbox to its connection, at most once every
 * {@link #UPDATE_INTERVAL_MILLIS}. The publishing thread never writes to a socket.
 */
final class EventStream {

    /** A comment line this often lets a vanished browser's connection fail and be cleaned up. */
    static final long KEEP_ALIVE_SECONDS = 15;

    /** A page gets at most one write of updates this often: see {@link Dashboard#UPDATE_INTERVAL_MILLIS}. */
    static final long UPDATE_INTERVAL_MILLIS = Dashboard.UPDATE_INTERVAL_MILLIS;

    private final AtomicReferenceArray<String> latest = new AtomicReferenceArray<>(EventKind.values().length);
    private final Set<LatestOnlyMailbox> clients = ConcurrentHashMap.newKeySet();
    private final int maxClients;
    private volatile boolean closed;

    EventStream(int maxClients) {
        this.maxClients = maxClients;
    }

    /** Records {@code json} as the current state of {@code kind} and posts it to every client, without blocking. */
    void publish(EventKind kind, String json) {
        latest.set(kind.ordinal(), json);
        for (LatestOnlyMailbox client : clients) {
            client.post(kind, json);
        }
    }

    /** The current state of {@code kind}, or null before the first update. */
    String latest(EventKind kind) {
        return latest.get(kind.ordinal());
    }

    int clients() {
        return clients.size();
    }

    /** Updates dropped for slow clients, summed over the clients still connected. */
    long dropped() {
        return clients.stream().mapToLong(LatestOnlyMailbox::dropped).sum();
    }

    /**
     * Serves one {@code GET /events} until the client goes away or the stream closes; runs on the server thread
     * that took the request.
     */
    void serve(HttpExchange exchange) throws IOException {
        if (clients.size() >= maxClients || closed) {
            Responses.error(exchange, 503, "too many open dashboard pages (at most " + maxClients + ")");
            return;
        }
        LatestOnlyMailbox mailbox = new LatestOnlyMailbox();
        for (EventKind kind : EventKind.values()) {
            String json = latest(kind);
            if (json != null) {
                mailbox.post(kind, json);
            }
        }
        clients.add(mailbox);
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            long notBefore = System.nanoTime();
            while (!mailbox.isClosed()) {
                List<LatestOnlyMailbox.Event> events = mailbox.take(notBefore, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
                StringBuilder text = new StringBuilder();
                for (LatestOnlyMailbox.Event event : events) {
                    // Jackson writes JSON on one line, so one data: line carries it.
                    text.append("event: ").append(event.kind().eventName()).append('\n')
                            .append("data: ").append(event.json()).append("\n\n");
                }
                if (text.isEmpty()) {
                    text.append(": keep-alive\n\n");
                }
                out.write(text.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                if (!events.isEmpty()) {
                    notBefore = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(UPDATE_INTERVAL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The browser went away: nothing to do but forget it.
        } finally {
            clients.remove(mailbox);
            mailbox.close();
        }
    }

    /** Ends every client's stream. */
    void close() {
        closed = true;
        for (LatestOnlyMailbox client : clients) {
            client.close();
        }
    }
}
