package nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.util.List;
import nn.backend.Blas;
import nn.backend.BlasMatrix;
import nn.backend.Precision;
import org.junit.jupiter.api.Test;

/** Finding backends, and the storage contract every backend keeps in every precision. */
class BlasTest {

    @Test
    void jblasIsAlwaysAvailableLastAndFoundByName() {
        List<Blas> available = Blas.available();
        assertSame(Blas.jblas(), available.get(available.size() - 1));
        assertSame(available.get(0), Blas.best());
        assertSame(Blas.jblas(), Blas.byName("jblas"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Blas.byName("cuda"));
        assertTrue(e.getMessage().contains("available are") && e.getMessage().contains("jblas"), e.getMessage());
    }

    @Test
    void jblasMirrorsShareTheHeapArray() {
        double[] heap = {1, 3, 2, 4};
        BlasMatrix mirror = Blas.jblas().mirror(2, 2, heap);
        assertTrue(mirror.isBackedBy(heap));
        mirror.set(3, 40.0);
        assertEquals(40.0, heap[3]);
    }

    @Test
    void everyBackendAllocatesZerosAndMirrorsCopyBothWays() {
        for (Blas blas : Backends.all()) {
            String name = Backends.describe(blas);
            BlasMatrix zeros = blas.allocate(3, 4);
            assertEquals(blas.precision(), zeros.precision(), name);
            for (int i = 0; i < zeros.length(); i++) {
                assertEquals(0.0, zeros.get(i), name);
            }
            double[] heap = {1, 4, 2, 5, 3, 6};
            BlasMatrix mirror = blas.mirror(2, 3, heap);
            assertEquals(5.0, mirror.get(3), name + ": column-major, entry (1, 1)");
            mirror.set(0, -1.0);
            mirror.copyInto(heap);
            assertEquals(-1.0, heap[0], name);
            assertArrayEquals(heap, mirror.toArray(), name);
        }
    }

    @Test
    void float32StorageRoundsToTheNearestFloatAndWidensExactly() {
        for (Blas blas : Backends.all()) {
            BlasMatrix m = blas.allocate(1, 2);
            m.set(0, 0.1);
            m.put(1, new double[] {1.0 / 3}, 0, 1);
            double expected0 = blas.precision() == Precision.FLOAT32 ? (double) 0.1f : 0.1;
            double expected1 = blas.precision() == Precision.FLOAT32 ? (double) (float) (1.0 / 3) : 1.0 / 3;
            assertEquals(expected0, m.get(0), 0.0, Backends.describe(blas));
            assertEquals(expected1, m.toArray()[1], 0.0, Backends.describe(blas));
        }
    }

    @Test
    void aHandleOfAnotherBackendsTypeIsRefusedNamingWhoAskedForIt() {
        double[] heap = new double[6];
        BlasMatrix m = BlasMatrix.ofDoubles(2, 3, DoubleBuffer.wrap(heap), heap);
        assertSame(heap, m.handle(double[].class, "jblas"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.handle(ByteBuffer.class, "a native backend"));
        assertEquals("a 2×3 float64 heap matrix does not belong to a native backend: allocate it with that backend",
                e.getMessage());
    }
}
