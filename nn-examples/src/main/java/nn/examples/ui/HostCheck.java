package nn.examples.ui;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the dashboard answers. A web page on another site can make a browser send requests to
 * a server on 127.0.0.1 by pointing its own DNS name at 127.0.0.1 (DNS rebinding); the browser then sends that
 * name in {@code Host}. Answering only the names this server was started under ({@code 127.0.0.1:PORT},
 * {@code localhost:PORT}, or the {@code --ui-host} given, with the port) closes that door, as Jupyter and
 * TensorBoard do. Bound to every interface ({@code 0.0.0.0} or {@code ::}), it also answers any IP address literal
 * with its port: the machine's own addresses are what a person on another machine types, and a literal is no DNS
 * name, so it cannot be rebound.
 */
final class HostCheck {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("\\[[0-9a-f:.]+\\]");

    private final Set<String> allowed = new LinkedHashSet<>();
    private final boolean anyAddressLiteral;
    private final String portSuffix;

    /**
     * @param host the host the server is bound to (a name or an address literal)
     * @param port the port it listens on
     */
    HostCheck(String host, int port) {
        this.portSuffix = ":" + port;
        this.anyAddressLiteral = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
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
        if (hostHeader == null) {
            return false;
        }
        String h = hostHeader.trim().toLowerCase(Locale.ROOT);
        if (allowed.contains(h)) {
            return true;
        }
        if (!anyAddressLiteral || !h.endsWith(portSuffix)) {
            return false;
        }
        String name = h.substring(0, h.length() - portSuffix.length());
        return IPV4.matcher(name).matches() || IPV6.matcher(name).matches();
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
        return o.startsWith("http://") && allows(o.substring("http://".length()));
    }

    /** The allowed values, for error messages. */
    Set<String> allowed() {
        return Set.copyOf(allowed);
    }
}
