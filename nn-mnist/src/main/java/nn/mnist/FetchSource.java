package nn.mnist;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** One place MNIST can be downloaded from. */
interface FetchSource {

    /** Names the source in logs and error messages, e.g. its URL. */
    String description();

    /**
     * Writes each of {@code files} into {@code directory} under its canonical name, decompressed and verified
     * (see {@link VerifiedFiles}). Files already written stay when a later one fails: they are verified.
     *
     * @param sha256 the SHA-256 each decompressed file must have
     * @throws IOException naming what failed and why
     */
    void fetch(Set<MnistFile> files, Path directory, Map<MnistFile, String> sha256) throws IOException;
}
