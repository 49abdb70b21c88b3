package nn.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nn.backend.NativeLibraryException;
import org.jblas.DoubleMatrix;
import org.jblas.NativeBlas;

/**
 * Makes sure jblas's native BLAS works before anything depends on it, turning jblas's bare
 * {@link UnsatisfiedLinkError} into a {@link NativeLibraryException} that names the missing library and how to
 * install it; and serialises nn's calls into it.
 *
 * <p>jblas 1.2.5 bundles a single-threaded OpenBLAS build whose buffer allocator takes no lock: two threads
 * inside its {@code dgemm} at the same moment can be handed the same packing buffer and compute wrong numbers,
 * silently (seen here: about 1 in 10,000 small products from three threads, and 1% of 10-column predictions of
 * [784,30,10] from four). So every matrix product nn computes through jblas holds {@link #LOCK}: networks can
 * be used and trained from many threads, their jblas products run one at a time. Code of your own that calls
 * jblas's products while nn runs on another thread should hold the same lock.
 */
public final class JblasNatives {

    /** Held around every call nn makes into jblas's native BLAS; see the class comment for why. */
    public static final Object LOCK = new Object();

    /** The Fortran runtime that jblas 1.2.5's bundled Linux library links against. */
    static final String GFORTRAN = "libgfortran.so.5";

    private static final List<String> LIBRARY_DIRS = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
            "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib");

    private static volatile boolean loaded;

    private JblasNatives() {
    }

    /**
     * Loads jblas's native library (once) and checks it with a 1×1 matrix product.
     *
     * @throws NativeLibraryException if it cannot be loaded, with the fix in the message
     */
    public static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (JblasNatives.class) {
            if (loaded) {
                return;
            }
            // jblas logs every temporary file it deletes at exit; keep its warnings and errors only.
            org.jblas.util.Logger.getLogger().setLevel(org.jblas.util.Logger.WARNING);
            try {
                double[] c = new double[1];
                synchronized (LOCK) {
                    NativeBlas.dgemm('N', 'N', 1, 1, 1, 1.0, new double[] {2.0}, 0, 1, new double[] {3.0}, 0, 1,
                            0.0, c, 0, 1);
                }
                if (c[0] != 6.0) {
                    throw new NativeLibraryException("jblas's native BLAS loaded but computed 2 × 3 = " + c[0]
                            + "; the native library is broken", null);
                }
                loaded = true;
                // The kernels are chosen at load time; say so now if they are the slow fallback.
                OpenBlasCoreType.warnOnceIfMisdetected();
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                throw new NativeLibraryException(explain(e, System.getProperty("os.name"), findGfortran()), e);
            }
        }
    }

    /**
     * {@code a · b} through jblas, holding {@link #LOCK}.
     *
     * @param a the left factor, {@code m × k}
     * @param b the right factor, {@code k × n}
     * @return a new {@code m × n} matrix
     * @throws org.jblas.exceptions.SizeException if the inner dimensions differ
     */
    public static DoubleMatrix mmul(DoubleMatrix a, DoubleMatrix b) {
        synchronized (LOCK) {
            return a.mmul(b);
        }
    }

    /** {@return whether jblas's native library loads and computes a correct product here; never throws} */
    public static boolean isAvailable() {
        try {
            ensureLoaded();
            return true;
        } catch (NativeLibraryException e) {
            return false;
        }
    }

    /**
     * Where {@value #GFORTRAN} was found in the usual library directories, if anywhere.
     *
     * @return the first existing file among the usual Linux library directories, or empty
     */
    public static Optional<Path> findGfortran() {
        for (String dir : LIBRARY_DIRS) {
            Path candidate = Path.of(dir, GFORTRAN);
            if (Files.exists(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The message for a failed load; public so that it can be tested on a machine where loading works.
     *
     * @param error    what loading threw, quoted in the message
     * @param osName   the {@code os.name} system property; null counts as not Linux
     * @param gfortran where {@value #GFORTRAN} is ({@link #findGfortran()}); empty on Linux makes the message say
     *                 how to install it
     * @return a one-paragraph message with the cause and, on Linux, the install command
     */
    public static String explain(Throwable error, String osName, Optional<Path> gfortran) {
        StringBuilder message = new StringBuilder("jblas could not load its native BLAS library (")
                .append(error).append(").");
        if (osName != null && osName.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            if (gfortran.isEmpty()) {
                message.append(" jblas 1.2.5 needs the GNU Fortran runtime ").append(GFORTRAN)
                        .append(", which is not installed. Install it with: sudo apt-get install libgfortran5")
                        .append(" (Debian/Ubuntu) or sudo dnf install libgfortran (Fedora/RHEL).");
            } else {
                message.append(' ').append(GFORTRAN).append(" is present at ").append(gfortran.get())
                        .append(", so something else is missing: see jblas's own error printed above.");
            }
        } else {
            message.append(" jblas ships native code for Linux, macOS and Windows on x86_64; see jblas's own"
                    + " error printed above.");
        }
        message.append(" Run './nn check' for a full diagnosis.");
        return message.toString();
    }
}
