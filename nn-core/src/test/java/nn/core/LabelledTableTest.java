package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import nn.data.LabelledTable;
import org.junit.jupiter.api.Test;

/** The stratified split: disjoint, complete, in proportion per class, reproducible. */
class LabelledTableTest {

    @Test
    void theSplitIsAStratifiedPartition() {
        RandomCases.theory().forAll(integers().between(2, 5), integers().between(2, 60), longs().all())
                .checkAssert((classes, perClass, seed) -> {
                    LabelledTable table = table(classes, perClass, seed);
                    LabelledTable.Split split = table.split(0.2, 0.2, seed);
                    List<Double> ids = new ArrayList<>();
                    for (LabelledTable part : List.of(split.training(), split.validation(), split.test())) {
                        for (int r = 0; r < part.size(); r++) {
                            ids.add(part.features(r)[0]);
                        }
                    }
                    assertEquals(table.size(), ids.size(), "every row in exactly one set");
                    assertEquals(table.size(), ids.stream().distinct().count(), "no row in two sets");
                    for (int c = 0; c < classes; c++) {
                        int cls = c;
                        long inTest = count(split.test(), cls);
                        long inValidation = count(split.validation(), cls);
                        // Each class is dealt out as round(n · fraction), capped so one row stays for training.
                        assertTrue(count(split.training(), cls) >= 1, "class " + c + " is trained on");
                        if (perClass >= 5) {
                            assertEquals(Math.round(perClass * 0.2), inTest, "test rows of class " + c);
                            assertEquals(Math.round(perClass * 0.2), inValidation, "validation rows of class " + c);
                        }
                    }
                    assertEquals(split, table.split(0.2, 0.2, seed), "the same seed, the same split");
                });
    }

    @Test
    void fractionsMustLeaveTrainingRows() {
        LabelledTable table = table(2, 10, 1);
        assertThrows(IllegalArgumentException.class, () -> table.split(0.5, 0.5, 1));
        assertThrows(IllegalArgumentException.class, () -> table.split(-0.1, 0.2, 1));
        assertEquals(table.size(), table.split(0, 0, 1).training().size());
    }

    private static long count(LabelledTable t, int cls) {
        int n = 0;
        for (int r = 0; r < t.size(); r++) {
            n += t.label(r) == cls ? 1 : 0;
        }
        return n;
    }

    /** perClass rows of each class; feature 0 is a unique row id. */
    private static LabelledTable table(int classes, int perClass, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[classes * perClass][];
        int[] labels = new int[rows.length];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class " + c);
        }
        for (int r = 0; r < rows.length; r++) {
            rows[r] = new double[] {r, random.nextDouble()};
            labels[r] = r % classes;
        }
        return new LabelledTable(rows, labels, List.of("id", "x"), names, "generated");
    }
}
