package nn.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which OpenBLAS kernels suit this CPU, and whether jblas's bundled OpenBLAS picks them by itself.
 *
 * <p>jblas 1.2.5 bundles a {@code DYNAMIC_ARCH} OpenBLAS from 2020 (its kernel list stops at SkylakeX and Zen,
 * before Cooperlake). It chooses its kernels from the CPU's family and model numbers, so CPUs newer than it fall
 * back to generic kernels: on an AMD Zen 4 with AVX-512, {@code OPENBLAS_VERBOSE=2} prints
 * {@code Core: Barcelona} and a 1024² dgemm runs at less than half the speed of the SkylakeX kernels. OpenBLAS
 * reads the environment variable {@value #VARIABLE} once, when the native library loads, and a Java process
 * cannot set its own environment, so the fix has to happen before the JVM starts: the {@code nn} launcher and
 * the benchmark runner do it with the same rule as {@link #recommend}.
 *
 * <p>The rule:
 * <ul>
 *   <li>AVX-512 (avx512f, dq, cd, bw and vl all present) → {@code SKYLAKEX}. Verified on AMD Zen 4.</li>
 *   <li>AMD family 0x17 or later with AVX2 and FMA but no AVX-512 (Zen 1–3) → {@code ZEN}. Inferred from
 *       OpenBLAS 0.3.x's {@code driver/others/dynamic.c}, which recognises only family 0x17 models with low
 *       nibble 1 or 8 (Zen 1, some Zen 2) and sends family 0x19 (Zen 3) to Barcelona; not run on such a CPU.</li>
 *   <li>Anything else → no setting: OpenBLAS's own detection is trusted.</li>
 * </ul>
 * A value the user set is always kept; set but empty counts as unset (OpenBLAS then finds no core named "" and
 * is slower than with the variable unset).
 */
public final class OpenBlasCoreType {

    /** The environment variable OpenBLAS reads to force its kernels. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";

    private static final Set<String> AVX512 = Set.of("avx512f", "avx512dq", "avx512cd", "avx512bw", "avx512vl");
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private OpenBlasCoreType() {
    }

    /**
     * What was found about this machine: the CPU, the core type that suits it, and the variable's value.
     *
     * @param cpuModel      the CPU's model name, or {@code "unknown"} when {@code /proc/cpuinfo} is unreadable
     * @param recommended   the core type to set, or null when OpenBLAS's own choice is trusted
     * @param current       the value of {@value #VARIABLE} in this process's environment, or null when unset
     * @param misdetected   whether the bundled OpenBLAS is known to fall back to generic kernels on this CPU
     */
    public record Finding(String cpuModel, String recommended, String current, boolean misdetected) {

        /** {@return whether {@value #VARIABLE} holds a non-empty value} */
        public boolean isSet() {
            return current != null && !current.isEmpty();
        }

        /**
         * Whether jblas runs slower kernels than this CPU could use: misdetected and nothing set.
         *
         * @return true when the CPU is misdetected, a core type is recommended and {@value #VARIABLE} is unset
         */
        public boolean needsFix() {
            return misdetected && recommended != null && !isSet();
        }

        /**
         * The one-line warning with the fix, for {@link #needsFix()}.
         *
         * @return a message naming the CPU and the {@code export} line that fixes it
         */
        public String warning() {
            return "nn: jblas's bundled OpenBLAS (2020) does not recognise this CPU (" + cpuModel + ") and falls"
                    + " back to generic kernels, about 2x slower. Fix: export " + VARIABLE + "=" + recommended
                    + " before starting Java, or run through ./nn, which sets it.";
        }
    }

    /**
     * Examines this machine: {@code /proc/cpuinfo} (Linux only) and the environment.
     *
     * @return what was found; an unknown CPU with no recommendation where {@code /proc/cpuinfo} cannot be read
     */
    public static Finding detect() {
        return of(readCpuinfo(), System.getenv(VARIABLE));
    }

    /**
     * Examines the given {@code /proc/cpuinfo} text and variable value; empty text means unknown CPU.
     *
     * @param cpuinfo the text of {@code /proc/cpuinfo}; only the first processor's entry is read
     * @param current the value of {@value #VARIABLE}, or null when unset
     * @return what was found
     */
    public static Finding of(String cpuinfo, String current) {
        Cpu cpu = Cpu.parse(cpuinfo);
        return new Finding(cpu.modelName, recommend(cpu), current, misdetected(cpu));
    }

    /**
     * Logs {@link Finding#warning()} as a WARNING on this class's {@link System.Logger}, once per process, when
     * {@link Finding#needsFix()}.
     * Never throws: a diagnosis must not break training.
     */
    static void warnOnceIfMisdetected() {
        try {
            Finding finding = detect();
            if (finding.needsFix() && WARNED.compareAndSet(false, true)) {
                System.getLogger(OpenBlasCoreType.class.getName()).log(System.Logger.Level.WARNING, finding.warning());
            }
        } catch (RuntimeException e) {
            // Reading /proc/cpuinfo is best effort.
        }
    }

    /**
     * The core type that suits the CPU described by {@code cpuinfo}, or null to trust OpenBLAS.
     *
     * @param cpuinfo the text of {@code /proc/cpuinfo}; only the first processor's entry is read
     * @return {@code "SKYLAKEX"}, {@code "ZEN"} or null, by the rule in the class comment
     */
    public static String recommend(String cpuinfo) {
        return recommend(Cpu.parse(cpuinfo));
    }

    private static String recommend(Cpu cpu) {
        if (cpu.flags.containsAll(AVX512)) {
            return "SKYLAKEX";
        }
        if (cpu.isAmd() && cpu.family >= 0x17 && cpu.flags.contains("avx2") && cpu.flags.contains("fma")) {
            return "ZEN";
        }
        return null;
    }

    /**
     * Whether OpenBLAS 0.3.x's detection falls back to older kernels than the CPU supports: every AMD of family
     * 0x19 or later (Zen 3, Zen 4), family 0x17 models other than those with low nibble 1 or 8, and AVX-512
     * Intel CPUs other than model 0x55 (Skylake-X, Cascade Lake).
     */
    private static boolean misdetected(Cpu cpu) {
        if (recommend(cpu) == null) {
            return false;
        }
        if (cpu.isAmd()) {
            return cpu.family >= 0x19 || (cpu.family == 0x17 && (cpu.model & 0xf) != 1 && (cpu.model & 0xf) != 8);
        }
        return cpu.model != 0x55;
    }

    private static String readCpuinfo() {
        Path path = Path.of("/proc/cpuinfo");
        try {
            return Files.isReadable(path) ? Files.readString(path) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** The first processor's entry of {@code /proc/cpuinfo}. */
    private static final class Cpu {
        final String vendor;
        final int family;
        final int model;
        final String modelName;
        final Set<String> flags;

        private Cpu(String vendor, int family, int model, String modelName, Set<String> flags) {
            this.vendor = vendor;
            this.family = family;
            this.model = model;
            this.modelName = modelName;
            this.flags = flags;
        }

        boolean isAmd() {
            return "AuthenticAMD".equals(vendor);
        }

        static Cpu parse(String cpuinfo) {
            String vendor = "";
            int family = -1;
            int model = -1;
            String modelName = "unknown";
            Set<String> flags = Set.of();
            for (String line : cpuinfo.split("\n")) {
                int colon = line.indexOf(':');
                if (line.isBlank() && !flags.isEmpty()) {
                    break; // the end of the first processor's entry
                }
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "vendor_id" -> vendor = value;
                    case "cpu family" -> family = parseInt(value);
                    case "model" -> model = parseInt(value);
                    case "model name" -> modelName = value;
                    case "flags" -> flags = new HashSet<>(Arrays.asList(value.split("\\s+"))); // duplicates allowed
                    default -> { }
                }
            }
            return new Cpu(vendor, family, model, modelName, flags);
        }

        private static int parseInt(String s) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
