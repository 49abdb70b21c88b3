package nn.openblas;

import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.openblas.presets.openblas_nolapack.SetNumThreads;

/**
 * The OpenBLAS library bundled in {@code org.bytedeco:openblas} (the {@code linux-x86_64} jar): loads it once
 * and answers what it runs. JavaCPP extracts the prebuilt libraries from the jar to its cache and loads them; it
 * needs neither a compiler nor the network. The {@code nolapack} preset is used: the BLAS without the 24 MB of
 * LAPACK bindings we never call.
 */
final class OpenBlasNatives {

    /**
     * The kernel sets a {@code DYNAMIC_ARCH} x86-64 build of OpenBLAS 0.3.31 carries (its {@code gotoblas_*}
     * tables), newest first.
     */
    private static final List<String> CORES = List.of("SAPPHIRERAPIDS", "COOPERLAKE", "SKYLAKEX", "ZEN", "HASWELL",
            "EXCAVATOR", "STEAMROLLER", "PILEDRIVER", "BULLDOZER", "SANDYBRIDGE", "BARCELONA", "NEHALEM", "CORE2",
            "PRESCOTT", "ATHLON", "BANIAS", "NORTHWOOD", "COPPERMINE", "KATMAI");

    private static String library;
    private static SetNumThreads setNumThreads;
    private static int currentThreads = -1;

    private OpenBlasNatives() {
    }

    /**
     * Loads the library, once.
     *
     * @return the path of the JNI library JavaCPP loaded
     * @throws UnsatisfiedLinkError when there is no build for this platform or it does not load
     */
    static synchronized String load() {
        if (library == null) {
            String loaded = Loader.load(openblas_nolapack.class);
            Pointer address = Loader.addressof("openblas_set_num_threads");
            if (address == null || address.isNull()) {
                throw new UnsatisfiedLinkError("OpenBLAS loaded from " + loaded
                        + " but has no openblas_set_num_threads: not the bundled OpenBLAS");
            }
            setNumThreads = functionAt(address);
            library = loaded;
        }
        return library;
    }

    /**
     * A callable {@code openblas_set_num_threads}. JavaCPP's preset has the function type but calls it only
     * through {@code blas_set_num_threads}, which looks up four symbols on every call; its no-argument
     * constructor (the one that allocates the native function-pointer holder, as the preset itself does before
     * {@code put}) is protected, so a subclass calls it ({@link Holder}): no reflection, which the module path
     * would refuse (the preset's module does not open its package). The public {@code SetNumThreads(Pointer)}
     * constructor would instead treat the function's address as the holder, and crash.
     */
    private static SetNumThreads functionAt(Pointer address) {
        try {
            return new Holder().put(address);
        } catch (RuntimeException e) {
            throw new UnsatisfiedLinkError("cannot bind openblas_set_num_threads: " + e);
        }
    }

    /** The preset's function type, allocated through its protected constructor. */
    private static final class Holder extends SetNumThreads {
        Holder() {
            super();
        }
    }

    /** OpenBLAS's version, e.g. {@code "0.3.31"}. */
    static String version() {
        return openblas_nolapack.OPENBLAS_VERSION.trim().replace("OpenBLAS ", "");
    }

    /**
     * The kernels OpenBLAS chose for this CPU at load time, e.g. {@code "SKYLAKEX"}: what
     * {@code openblas_get_corename()} reports, which JavaCPP's preset does not map. A {@code DYNAMIC_ARCH} build
     * points its global {@code gotoblas} at one of its {@code gotoblas_<CORE>} tables; we find which.
     *
     * @return the core name, or {@code "unknown"} when the pointer matches none of the known tables
     */
    static String coreName() {
        load();
        Pointer variable = Loader.addressof("gotoblas");
        if (variable == null || variable.isNull()) {
            return "unknown";
        }
        long table = new LongPointer(variable).get(0);
        for (String core : CORES) {
            Pointer candidate = Loader.addressof("gotoblas_" + core);
            if (candidate != null && !candidate.isNull() && candidate.address() == table) {
                return core;
            }
        }
        return "unknown";
    }

    /**
     * Makes OpenBLAS's next calls use {@code threads} threads. The count is process-wide state of OpenBLAS, so it
     * is remembered here, not per backend instance, and set only when it changes.
     */
    static void useThreads(int threads) {
        if (threads != currentThreads) {
            setNumThreads.call(threads);
            currentThreads = threads;
        }
    }
}
