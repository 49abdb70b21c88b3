package nn.examples.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Host and Origin headers the dashboard answers (the DNS-rebinding defence). */
class HostCheckTest {

    @Test
    void loopbackServerAnswersOnlyItsOwnNamesWithItsPort() {
        HostCheck check = new HostCheck("127.0.0.1", 8080);
        for (String ok : List.of("127.0.0.1:8080", "localhost:8080", "LOCALHOST:8080", "[::1]:8080",
                " 127.0.0.1:8080 ")) {
            assertTrue(check.allows(ok), ok);
        }
        for (String refused : List.of("127.0.0.1", "127.0.0.1:8081", "localhost", "evil.example:8080",
                "localhost.evil.example:8080", "127.0.0.1.nip.io:8080", "192.168.1.5:8080", "", "127.0.0.1:80800")) {
            assertFalse(check.allows(refused), refused);
        }
        assertFalse(check.allows(null));
        assertTrue(check.allowsOrigin(null), "no Origin: not a cross-site page");
        assertTrue(check.allowsOrigin("http://127.0.0.1:8080"));
        assertFalse(check.allowsOrigin("http://evil.example"));
        assertFalse(check.allowsOrigin("null"));
        assertFalse(check.allowsOrigin("https://127.0.0.1:8080"));
    }

    @Test
    void aNamedHostIsAnsweredUnderThatName() {
        HostCheck check = new HostCheck("mybox.lan", 9000);
        assertTrue(check.allows("mybox.lan:9000"));
        assertTrue(check.allows("localhost:9000"));
        assertFalse(check.allows("192.168.1.5:9000"), "only the wildcard bind answers address literals");
        assertFalse(check.allows("evil.example:9000"));
    }

    @Test
    void everyInterfaceAnswersAddressLiteralsButNoOtherNames() {
        HostCheck check = new HostCheck("0.0.0.0", 9000);
        assertTrue(check.allows("192.168.1.5:9000"));
        assertTrue(check.allows("[fe80::1]:9000"));
        assertTrue(check.allows("localhost:9000"));
        assertFalse(check.allows("192.168.1.5:9001"));
        assertFalse(check.allows("evil.example:9000"), "a DNS name can be rebound to this machine");
        assertFalse(check.allows("1.2.3.4.evil.example:9000"));
        assertTrue(check.allowsOrigin("http://192.168.1.5:9000"));
        assertFalse(check.allowsOrigin("http://evil.example:9000"));
    }
}
