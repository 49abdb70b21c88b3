package nn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.jblas.DoubleMatrix;
import org.junit.jupiter.api.Test;

/** Finding backends, and the storage contract every backend keeps. */
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
        DoubleMatrix heap = new DoubleMatrix(new double[][] {{1, 2}, {3, 4}});
        BlasMatrix mirror = Blas.jblas().mirror(heap);
        assertTrue(mirror.shares(heap));
        mirror.data().put(3, 40.0);
        assertEquals(40.0, heap.get(1, 1));
    }

    @Test
    void everyBackendAllocatesZerosAndMirrorsCopyBothWays() {
        for (Blas blas : Blas.available()) {
            BlasMatrix zeros = blas.allocate(3, 4);
            for (int i = 0; i < zeros.length(); i++) {
                assertEquals(0.0, zeros.data().get(i), blas.name());
            }
            DoubleMatrix heap = new DoubleMatrix(new double[][] {{1, 2, 3}, {4, 5, 6}});
            BlasMatrix mirror = blas.mirror(heap);
            assertEquals(5.0, mirror.data().get(3), blas.name() + ": column-major, entry (1, 1)");
            mirror.data().put(0, -1.0);
            mirror.copyInto(heap);
            assertEquals(-1.0, heap.get(0, 0), blas.name());
            assertEquals(heap, mirror.toDoubleMatrix(), blas.name());
        }
    }

    @Test
    void aHandleOfAnotherBackendsTypeIsRefusedNamingWhoAskedForIt() {
        DoubleMatrix heap = new DoubleMatrix(2, 3);
        BlasMatrix m = BlasMatrix.wrap(heap);
        assertSame(heap, m.handle(DoubleMatrix.class, "jblas"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.handle(ByteBuffer.class, "a native backend"));
        assertEquals("a 2×3 heap matrix does not belong to a native backend: allocate it with that backend",
                e.getMessage());
    }
}
