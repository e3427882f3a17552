package dev.profundo.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels that skip work — reading A in place instead of packing it, and the half-width kernel for edge
 * tiles of at most one vector of columns — must give the bits of the packed full-width path they replace,
 * over edge rows and columns, several depth blocks, offsets, ld larger than the row, beta and alpha.
 */
class GemmKernelChoiceTest {
    @AfterEach
    void restoreAfterEach() {
        restore();
    }

    private static void restore() {
        Gemm.inPlaceA = true;
        Gemm.halfTiles = true;
    }

    private static float[] run(boolean tA, boolean tB, int m, int n, int k, float alpha, float beta, long seed) {
        int lda = (tA ? m : k) + 3, ldb = (tB ? k : n) + 5, ldc = n + 2;
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = TestArrays.uniform(r, 7 + (tA ? k : m) * lda);
        float[] b = TestArrays.uniform(r, 11 + (tB ? n : k) * ldb);
        float[] c = TestArrays.uniform(r, 13 + m * ldc);
        Gemm.sgemm(tA, tB, m, n, k, alpha, a, 7, lda, b, 11, ldb, beta, c, 13, ldc);
        return c;
    }

    private static void sameBitsBothWays(Runnable toggleOff, boolean tA, boolean tB, int m, int n, int k, float alpha,
                                         float beta) {
        float[] fast = run(tA, tB, m, n, k, alpha, beta, 42);
        toggleOff.run();
        float[] plain = run(tA, tB, m, n, k, alpha, beta, 42);
        restore();
        assertArrayEquals(plain, fast, 0f, () -> m + "x" + n + "x" + k + " tA " + tA + " tB " + tB + " alpha "
                + alpha + " beta " + beta);
    }

    @Test
    void aReadInPlaceGivesThePackedBits() {
        int[][] shapes = {{256, 256, 784}, {128, 10, 128}, {37, 70, 300}, {24, 256, 1700}, {13, 33, 5}, {100, 200, 64}};
        for (int[] s : shapes)
            for (boolean tB : new boolean[] {false, true})
                for (float beta : new float[] {0f, 1f, 0.5f})
                    sameBitsBothWays(() -> Gemm.inPlaceA = false, false, tB, s[0], s[1], s[2], 1f, beta);
    }

    @Test
    void halfWidthEdgeTilesGiveTheFullWidthBits() {
        int[][] shapes = {{128, 10, 128}, {50, 16, 900}, {30, 45, 64}, {12, 1 + 2 * GemmMicroKernel.NR, 40}};
        for (int[] s : shapes)
            for (boolean tA : new boolean[] {false, true})
                for (float beta : new float[] {0f, 1f})
                    sameBitsBothWays(() -> Gemm.halfTiles = false, tA, true, s[0], s[1], s[2], 0.75f, beta);
    }

    @Test
    void inPlaceOnlyWhereItPays() {
        assertTrue(Gemm.readsAInPlace(false, 1f, 1, 784));
        assertFalse(Gemm.readsAInPlace(true, 1f, 1, 784), "A stored k x m is packed");
        assertFalse(Gemm.readsAInPlace(false, 0.5f, 1, 784), "alpha is folded in by packing");
        assertFalse(Gemm.readsAInPlace(false, 1f, 2, 784), "several B blocks reuse one packed A");
        assertFalse(Gemm.readsAInPlace(false, 1f, 1, 2048), "rows 8 KiB apart share L1 sets");
    }
}
