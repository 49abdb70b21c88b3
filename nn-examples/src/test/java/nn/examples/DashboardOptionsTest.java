package nn.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard's options: bad ones fail at once with one line, and a non-loopback host is warned about. */
class DashboardOptionsTest {

    @TempDir
    Path temp;

    @Test
    void uiHostWithoutUiIsBadUsage() {
        Cli cli = Cli.run("train", "--ui-host", "0.0.0.0");
        assertEquals(2, cli.exitCode, cli.toString());
        assertTrue(cli.err.contains("--ui-host needs --ui"), cli.err);
    }

    @Test
    void aPortOutOfRangeOrTakenIsBadUsage() throws IOException {
        Path data = SyntheticDigits.writeIdx(temp.resolve("idx"), 60, 20, 1);
        String[] base = {"train", "--dataset", "idx", "--data", data.toString(), "--sizes", "784,5,10", "--ui"};
        Cli outOfRange = Cli.run(concat(base, "70000"));
        assertEquals(2, outOfRange.exitCode, outOfRange.toString());
        assertTrue(outOfRange.err.contains("--ui 70000: expected a port from 1 to 65535"), outOfRange.err);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Cli cli = Cli.run(concat(base, port));
            assertEquals(2, cli.exitCode, cli.toString());
            assertTrue(cli.err.contains("--ui " + port + ": cannot listen on 127.0.0.1:" + port), cli.err);
            assertEquals(1, cli.err.lines().filter(l -> l.startsWith("nn train:")).count(), cli.err);
        }
    }

    @Test
    void aHostOtherThanLoopbackIsWarnedAbout() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try (TrainingDashboard dashboard = TrainingDashboard.start("0.0.0.0", 0, "--ui", new PrintWriter(out, true),
                new PrintWriter(err, true))) {
            assertTrue(err.toString().startsWith("warning: the dashboard listens on 0.0.0.0"), err.toString());
            assertTrue(out.toString().startsWith("dashboard: http://0.0.0.0:"), out.toString());
        }
        StringWriter quiet = new StringWriter();
        try (TrainingDashboard dashboard = TrainingDashboard.start("127.0.0.1", 0, "--ui",
                new PrintWriter(new StringWriter(), true), new PrintWriter(quiet, true))) {
            assertEquals("", quiet.toString(), "no warning for loopback");
        }
    }

    @Test
    void serveWithAMissingModelFailsInOneLine() {
        Cli cli = Cli.run("serve", "--model", temp.resolve("missing.json").toString());
        assertEquals(1, cli.exitCode, cli.toString());
        assertEquals(1, cli.err.lines().count(), cli.err);
        assertTrue(cli.err.contains("missing.json"), cli.err);
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
