package nn.mnist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The tar reader extracts plain files and refuses everything that could escape, link, or exhaust the disk. */
class TarReaderTest {

    private static final byte[] HELLO = "hello, world".getBytes(StandardCharsets.US_ASCII);

    private static TarReader reader(byte[] archive, long maxEntry) {
        return new TarReader(new ByteArrayInputStream(archive), "test.tar", maxEntry);
    }

    private static String refusal(byte[] archive) {
        TarReader tar = reader(archive, 1 << 20);
        return assertThrows(IOException.class, () -> {
            while (tar.next() != null) {
                // read through
            }
        }).getMessage();
    }

    @Test
    void readsEntriesAndSkipsUnreadContent() throws IOException {
        byte[] big = new byte[1500];
        Arrays.fill(big, (byte) 7);
        byte[] archive = new TarWriter().file("package/big.bin", big).entry("package/data/", '5', "", new byte[0], 0)
                .file("package/data/hello.txt", HELLO).finish();
        TarReader tar = reader(archive, 1 << 20);
        assertEquals("big.bin", tar.next().fileName());
        TarReader.Entry directory = tar.next();
        assertTrue(directory.isDirectory());
        assertEquals("data", directory.fileName());
        TarReader.Entry hello = tar.next();
        assertEquals("package/data/hello.txt", hello.name());
        assertEquals(HELLO.length, hello.size());
        assertArrayEquals(HELLO, tar.content().readAllBytes());
        assertNull(tar.next());
    }

    @Test
    void honoursPaxPath() throws IOException {
        byte[] archive = new TarWriter().paxPath("package/data/long-name.txt").file("ignored", HELLO).finish();
        TarReader tar = reader(archive, 1 << 20);
        assertEquals("package/data/long-name.txt", tar.next().name());
        assertArrayEquals(HELLO, tar.content().readAllBytes());
    }

    @Test
    void refusesEntriesThatEscapeTheFolder() {
        assertTrue(refusal(new TarWriter().file("package/../../evil", HELLO).finish()).contains("escapes"));
        assertTrue(refusal(new TarWriter().file("/etc/evil", HELLO).finish()).contains("absolute"));
        assertTrue(refusal(new TarWriter().paxPath("../evil").file("fine", HELLO).finish()).contains("escapes"));
    }

    @Test
    void refusesControlCharactersInNames() {
        // Found by TarReaderFuzzTest: a damaged PAX path carried NUL bytes, which no file name may hold.
        String nul = refusal(new TarWriter().paxPath("package/\0data/x").file("fine", HELLO).finish());
        assertTrue(nul.contains("\"package/?data/x\"") && nul.contains("control character"), nul);
        assertTrue(refusal(new TarWriter().file("package/a\nb", HELLO).finish()).contains("control character"));
    }

    @Test
    void refusesMalformedPaxSizes() {
        for (String size : new String[] {"-1", "abc", "1e3", "+5", "99999999999999999999999"}) {
            String message = refusal(new TarWriter().paxRecords("size=" + size).file("package/a", HELLO).finish());
            assertTrue(message.contains("malformed size: \"" + size + "\""), message);
        }
    }

    @Test
    void aPaxSizeIsForTheNextMemberNotForAGlobalHeader() throws IOException {
        byte[] comment = "comment".getBytes(StandardCharsets.US_ASCII);
        byte[] archive = new TarWriter().paxRecords("size=" + HELLO.length)
                .entry("pax_global_header", 'g', "", comment, comment.length).file("package/a", HELLO).finish();
        TarReader tar = reader(archive, 1 << 20);
        TarReader.Entry entry = tar.next();
        assertEquals("package/a", entry.name());
        assertArrayEquals(HELLO, tar.content().readAllBytes());
    }

    @Test
    void refusesLinks() {
        String symbolic = refusal(new TarWriter().entry("package/data/x", '2', "/etc/passwd", new byte[0], 0).finish());
        assertTrue(symbolic.contains("\"package/data/x\"") && symbolic.contains("is a link"), symbolic);
        assertTrue(refusal(new TarWriter().entry("package/x", '1', "package/y", new byte[0], 0).finish()).contains("link"));
    }

    @Test
    void refusesDevicesAndOtherTypes() {
        assertTrue(refusal(new TarWriter().entry("dev", '3', "", new byte[0], 0).finish()).contains("unsupported type"));
    }

    @Test
    void refusesOversizedEntriesBeforeReadingThem() {
        byte[] archive = new TarWriter().entry("package/huge", '0', "", new byte[0], 077777777777L).unfinished();
        String message = assertThrows(IOException.class, () -> reader(archive, 1 << 20).next()).getMessage();
        assertTrue(message.contains("8589934591 bytes, more than the 1048576-byte limit"), message);
    }

    @Test
    void rejectsABadHeaderChecksum() {
        byte[] archive = new TarWriter().file("package/a", HELLO).finish();
        archive[0] ^= 1;
        assertTrue(refusal(archive).contains("checksum"));
    }

    @Test
    void reportsATruncatedArchive() {
        byte[] archive = new TarWriter().file("package/a", new byte[2000]).unfinished();
        byte[] cut = Arrays.copyOf(archive, 1000);
        assertTrue(refusal(cut).contains("ends inside"), refusal(cut));
        assertTrue(refusal(Arrays.copyOf(archive, 100)).contains("ends inside the header"));
    }

    @Test
    void endsWithoutTheZeroBlocksToo() throws IOException {
        TarReader tar = reader(new TarWriter().file("package/a", HELLO).unfinished(), 1 << 20);
        tar.next();
        assertNull(tar.next());
    }
}
