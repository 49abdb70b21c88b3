package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nn.internal.OpenBlasCoreType;
import org.junit.jupiter.api.Test;

/** The core-type decision, fed {@code /proc/cpuinfo} text of CPUs the bundled OpenBLAS does and does not know. */
class OpenBlasCoreTypeTest {

    private static final String AVX512 = "avx512f avx512dq avx512cd avx512bw avx512vl";

    /** The first processor's entry, then a second one that must be ignored. */
    private static String cpuinfo(String vendor, int family, int model, String name, String flags) {
        return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: " + model
                + "\nmodel name\t: " + name + "\nflags\t\t: fpu sse2 " + flags + "\n\n"
                + "processor\t: 1\nvendor_id\t: Other\nflags\t\t: fpu\n\n";
    }

    private static final String ZEN4 = cpuinfo("AuthenticAMD", 25, 17, "AMD EPYC 9R14", "avx avx2 fma " + AVX512);
    private static final String ZEN3 = cpuinfo("AuthenticAMD", 25, 1, "AMD EPYC 7R13", "avx avx2 fma");
    private static final String ZEN1 = cpuinfo("AuthenticAMD", 23, 1, "AMD EPYC 7571", "avx avx2 fma");
    private static final String ZEN2_RENOIR = cpuinfo("AuthenticAMD", 23, 96, "AMD Ryzen 7 4800U", "avx avx2 fma");
    private static final String SKYLAKE_X = cpuinfo("GenuineIntel", 6, 85, "Intel Xeon Platinum 8175M",
            "avx avx2 fma " + AVX512);
    private static final String ICE_LAKE = cpuinfo("GenuineIntel", 6, 106, "Intel Xeon Platinum 8375C",
            "avx avx2 fma " + AVX512);
    private static final String HASWELL = cpuinfo("GenuineIntel", 6, 63, "Intel Xeon E5-2676 v3", "avx avx2 fma");

    @Test
    void zen4WithAvx512GetsSkylakeXAndAWarningWhenUnset() {
        OpenBlasCoreType.Finding finding = OpenBlasCoreType.of(ZEN4, null);
        assertEquals("AMD EPYC 9R14", finding.cpuModel());
        assertEquals("SKYLAKEX", finding.recommended());
        assertTrue(finding.misdetected());
        assertTrue(finding.needsFix());
        assertTrue(finding.warning().contains("export OPENBLAS_CORETYPE=SKYLAKEX"), finding.warning());
    }

    @Test
    void setButEmptyCountsAsUnsetAndAUserValueIsKept() {
        assertTrue(OpenBlasCoreType.of(ZEN4, "").needsFix());
        OpenBlasCoreType.Finding set = OpenBlasCoreType.of(ZEN4, "HASWELL");
        assertTrue(set.isSet());
        assertFalse(set.needsFix());
        assertEquals("HASWELL", set.current());
    }

    @Test
    void zenWithoutAvx512GetsZenAndWarnsOnlyWhereOpenBlasMissesIt() {
        assertEquals("ZEN", OpenBlasCoreType.recommend(ZEN3));
        assertTrue(OpenBlasCoreType.of(ZEN3, null).needsFix());
        assertTrue(OpenBlasCoreType.of(ZEN2_RENOIR, null).needsFix());
        assertEquals("ZEN", OpenBlasCoreType.recommend(ZEN1));
        assertFalse(OpenBlasCoreType.of(ZEN1, null).needsFix()); // family 0x17 model 1 is recognised
    }

    @Test
    void intelAvx512IsSkylakeXButOnlyNewerModelsWarn() {
        assertEquals("SKYLAKEX", OpenBlasCoreType.recommend(SKYLAKE_X));
        assertFalse(OpenBlasCoreType.of(SKYLAKE_X, null).needsFix());
        assertTrue(OpenBlasCoreType.of(ICE_LAKE, null).needsFix());
    }

    @Test
    void otherCpusAreLeftToOpenBlas() {
        assertNull(OpenBlasCoreType.recommend(HASWELL));
        assertFalse(OpenBlasCoreType.of(HASWELL, null).needsFix());
        assertNull(OpenBlasCoreType.recommend(""));
        OpenBlasCoreType.Finding unknown = OpenBlasCoreType.of("", null);
        assertEquals("unknown", unknown.cpuModel());
        assertFalse(unknown.needsFix());
    }

    @Test
    void partialAvx512IsNotEnough() {
        String someAvx512 = cpuinfo("AuthenticAMD", 25, 17, "x", "avx avx2 fma avx512f avx512cd");
        assertEquals("ZEN", OpenBlasCoreType.recommend(someAvx512));
    }
}
