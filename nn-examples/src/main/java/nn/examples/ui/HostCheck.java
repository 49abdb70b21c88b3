package nn.examples.ui;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which {@code Host} headers the dashboard answers. A web page on another site can make a browser send requests to
 * a server on 127.0.0.1 by pointing its own DNS name at 127.0.0.1 (DNS rebinding); the browser then sends that
 * name in {@code Host}. Answering only the names this server was started under ({@code 127.0.0.1:PORT},
 * {@code localhost:PORT}, or the {@code --ui-host} given, with the port) closes that door, as Jupyter and
 * TensorBoard do.
 */
final class HostCheck {

    private final Set<String> allowed = new LinkedHashSet<>();

    /**
     * @param host the host the server is bound to (a name or an address literal)
     * @param port the port it listens on
     */
    HostCheck(String host, int port) {
        allow("127.0.0.1", port);
        allow("localhost", port);
        allow("[::1]", port);
        allow(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host, port);
    }

    private void allow(String host, int port) {
        allowed.add(host.toLowerCase(Locale.ROOT) + ":" + port);
    }

    /** Whether a request with this {@code Host} header (null when absent) is answered. */
    boolean allows(String hostHeader) {
        return hostHeader != null && allowed.contains(hostHeader.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a request with this {@code Origin} header may change something: absent (not sent by a page of another
     * site), or {@code http://} followed by an allowed host.
     */
    boolean allowsOrigin(String origin) {
        if (origin == null) {
            return true;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.startsWith("http://") && allowed.contains(o.substring("http://".length()));
    }

    /** The allowed values, for error messages. */
    Set<String> allowed() {
        return Set.copyOf(allowed);
    }
}
