package dev.profundo.kernels;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PanelProduct agrees with a plain triple loop in both A layouts, and refuses operands that are too small. */
class PanelProductTest {
    private static final int R = PanelProduct.ROWS, C = PanelProduct.COLS;

    private static float[] random(int n, long seed) {
        var r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    /** Plain product of A (rows x depth, via the accessor) and row-major B. */
    private static double expected(float[] a, Layout layout, int i,
                                   int j, int depth, float[] b, int ldb) {
        double s = 0;
        for (int p = 0; p < depth; p++) s += (double) layout.get(a, i, p) * b[p * ldb + j];
        return s;
    }

    private interface Layout { float get(float[] a, int row, int p); }

    @Test
    void packedAMatchesTheTripleLoop() {
        int rowPanels = 2, colPanels = 3, depth = 37, ldb = colPanels * C + 5, ldc = colPanels * C + 3;
        float[] a = random(rowPanels * R * depth, 1), b = random(depth * ldb, 2);
        float[] c = new float[rowPanels * R * ldc];
        java.util.Arrays.fill(c, Float.NaN);                       // overwritten, never read
        PanelProduct.multiply(rowPanels, colPanels, depth, a, 0, b, 0, ldb, c, 0, ldc);
        Layout packed = (arr, row, p) -> arr[PanelProduct.packedIndex(row, p, depth)];
        for (int i = 0; i < rowPanels * R; i++)
            for (int j = 0; j < colPanels * C; j++)
                assertEquals(expected(a, packed, i, j, depth, b, ldb), c[i * ldc + j], 1e-4, "c[" + i + "][" + j + "]");
    }

    @Test
    void depthMajorAAccumulatesLikeTheTripleLoop() {
        int rowPanels = 3, colPanels = 2, depth = 50, lda = 3 * R + 4, ldb = colPanels * C, ldc = colPanels * C;
        float[] a = random(depth * lda + R, 3), b = random(depth * ldb, 4);
        float[] c = random(rowPanels * R * ldc, 5), before = c.clone();
        PanelProduct.multiplyDepthMajor(rowPanels, colPanels, depth, a, 0, lda, b, 0, ldb, c, 0, ldc, true);
        Layout depthMajor = (arr, row, p) -> arr[p * lda + row];
        for (int i = 0; i < rowPanels * R; i++)
            for (int j = 0; j < colPanels * C; j++)
                assertEquals(before[i * ldc + j] + expected(a, depthMajor, i, j, depth, b, ldb), c[i * ldc + j], 1e-4,
                        "c[" + i + "][" + j + "]");
    }

    @Test
    void operandsTooSmallAreRefusedWithTheirSizes() {
        float[] a = new float[R * 4], b = new float[4 * C - 1], c = new float[R * C];
        var e = assertThrows(IllegalArgumentException.class, () -> PanelProduct.multiply(1, 1, 4, a, 0, b, 0, C, c, 0, C));
        assertTrue(e.getMessage().contains("b " + b.length), e.getMessage());
    }
}
