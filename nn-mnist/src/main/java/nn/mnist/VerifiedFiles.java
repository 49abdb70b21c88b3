package nn.mnist;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import nn.internal.AtomicFiles;

/**
 * Writes downloaded files into the cache only once they are proven right: the decompressed content goes to a
 * temporary file next to the target while its SHA-256 is computed, and the file is renamed into place only if the
 * checksum matches. A rejected or interrupted transfer leaves nothing behind.
 */
final class VerifiedFiles {

    /**
     * Largest entry of any kind accepted from an archive: MNIST's largest file is 47 MB; anything far bigger is a
     * bomb or an error. Each data file has its own, tighter limit ({@link MnistFile#downloadLimit()}).
     */
    static final long MAX_FILE_BYTES = 64L << 20;

    private VerifiedFiles() {
    }

    /**
     * Writes the decompressed {@code content} (gzip is recognised from its first bytes) to {@code target}.
     *
     * @param what           how to name the content in errors, e.g. the URL it comes from
     * @param expectedSha256 lower-case hex SHA-256 the decompressed content must have
     * @param maxBytes       the most decompressed bytes accepted; reading stops as soon as the content passes it
     * @throws IOException if reading fails, the content is too large or the checksum does not match; the target
     *                     is then left as it was
     */
    static void write(InputStream content, Path target, String what, String expectedSha256, long maxBytes)
            throws IOException {
        AtomicFiles.write(target, out -> {
            MessageDigest digest = Sha256.newDigest();
            InputStream in = Compression.decompressed(content);
            byte[] buffer = new byte[Compression.BUFFER_SIZE];
            long total = 0;
            for (int n; (n = in.read(buffer, 0, (int) Math.min(buffer.length, maxBytes - total + 1))) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException(what + ": more than " + maxBytes + " bytes once decompressed, refused");
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            String actual = Sha256.hex(digest);
            if (!actual.equals(expectedSha256)) {
                throw new IOException(what + ": SHA-256 of the decompressed content (" + total + " bytes) is "
                        + actual + ", expected " + expectedSha256 + "; file rejected");
            }
        });
    }
}
