package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GemmTest {

    /** Reference op(A)*op(B) in double, plus the magnitude sum used to scale the tolerance. */
    private static double[][] reference(boolean tA, boolean tB, int m, int n, int k, float[] a, int aOff, int lda,
                                        float[] b, int bOff, int ldb) {
        double[] prod = new double[m * n];
        double[] mag = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double t = 0;
                for (int p = 0; p < k; p++) {
                    double av = tA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                    t += Math.abs(av * bv);
                }
                prod[i * n + j] = s;
                mag[i * n + j] = t;
            }
        }
        return new double[][] {prod, mag};
    }

    /** Runs one product with padding (offsets, ld > cols) around every operand and checks it and the padding. */
    private static void check(boolean tA, boolean tB, int m, int n, int k, float alpha, float beta, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int aRows = tA ? k : m;
        int aCols = tA ? m : k;
        int bRows = tB ? n : k;
        int bCols = tB ? k : n;
        int lda = aCols + (int) (seed % 3);
        int ldb = bCols + (int) (seed % 5);
        int ldc = n + (int) (seed % 4);
        int aOff = 3;
        int bOff = 5;
        int cOff = 7;
        float[] a = TestArrays.uniform(r, aOff + aRows * lda + 2);
        float[] b = TestArrays.uniform(r, bOff + bRows * ldb + 2);
        float[] c = TestArrays.uniform(r, cOff + m * ldc + 2);
        if (beta == 0f) {
            // Stale NaNs must be overwritten, not propagated, when beta is 0.
            for (int i = 0; i < m; i++) {
                c[cOff + i * ldc] = Float.NaN;
            }
        }
        float[] c0 = c.clone();
        Gemm.sgemm(tA, tB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        double[][] ref = reference(tA, tB, m, n, k, a, aOff, lda, b, bOff, ldb);
        String what = (tA ? "T" : "N") + (tB ? "T" : "N") + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int idx = cOff + i * ldc + j;
                double expect = alpha * ref[0][i * n + j] + (beta == 0f ? 0 : beta * (double) c0[idx]);
                double prior = beta == 0f ? 0 : Math.abs(beta * c0[idx]);
                double tol = 1e-5 * (Math.abs(alpha) * ref[1][i * n + j] + prior) + 1e-6;
                if (!(Math.abs(c[idx] - expect) <= tol)) {
                    fail(what + " at (" + i + "," + j + "): got " + c[idx] + " expected " + expect);
                }
            }
            // Elements between n and ldc belong to nobody and must be left alone.
            for (int j = n; j < ldc && i < m - 1; j++) {
                int idx = cOff + i * ldc + j;
                if (Float.floatToRawIntBits(c0[idx]) != Float.floatToRawIntBits(c[idx])) {
                    fail(what + " padding at (" + i + "," + j + ") changed");
                }
            }
        }
        for (int i = 0; i < cOff; i++) {
            assertEquals(c0[i], c[i], what + " before offset");
        }
    }

    @Test
    void allLayoutsMatchNaiveOnEdgeSizes() {
        int[] sizes = {1, 2, 7, 13, 17, 33};
        long seed = 1;
        for (int tl = 0; tl < 4; tl++) {
            boolean tA = (tl & 1) != 0;
            boolean tB = (tl & 2) != 0;
            for (int m : sizes) {
                for (int n : sizes) {
                    for (int k : new int[] {1, 5, 33}) {
                        check(tA, tB, m, n, k, 1f, 0f, seed++);
                    }
                }
            }
        }
    }

    @Test
    void packedPathMatchesNaiveAcrossBlockBoundaries() {
        // Sizes past MR, NR, KC and one B block (8 panels) with ragged edges everywhere; fewer row panels
        // than threads (split over columns); more rows than one task packs at once (A_BLOCK_PANELS).
        int[][] shapes = {{127, 129, 257}, {61, 401, 300}, {200, 50, 513}, {8, 1000, 20}, {300, 3, 40},
            {97, 97, 97}, {3, 300, 300}, {20, 700, 400}, {12_400, 270, 3}, {33, 70, 1601}, {40, 90, 785}};
        long seed = 100;
        for (int[] s : shapes) {
            for (int tl = 0; tl < 4; tl++) {
                check((tl & 1) != 0, (tl & 2) != 0, s[0], s[1], s[2], 1f, 0f, seed++);
            }
        }
    }

    @Test
    void theDepthIsSplitIntoTheFewestEqualBlocks() {
        assertEquals(784, Gemm.depthStep(784));
        assertEquals(256, Gemm.depthStep(256));
        assertEquals(393, Gemm.depthStep(785));   // 393 + 392, not 784 + 1
        assertEquals(683, Gemm.depthStep(2048));  // 683 + 683 + 682
        assertEquals(784, Gemm.depthStep(3136));
        for (int k = 1; k < 5000; k += 7) {
            int step = Gemm.depthStep(k), blocks = (k + step - 1) / step;
            assertTrue(step <= Gemm.KC && blocks == (k + Gemm.KC - 1) / Gemm.KC, "k " + k + " step " + step);
        }
    }

    @Test
    void alphaAndBetaScaleProductAndPriorC() {
        long seed = 500;
        for (float[] ab : new float[][] {{2.5f, 0f}, {1f, 1f}, {-0.5f, 0.75f}, {1f, -2f}}) {
            for (int tl = 0; tl < 4; tl++) {
                check((tl & 1) != 0, (tl & 2) != 0, 45, 70, 300, ab[0], ab[1], seed++);
                check((tl & 1) != 0, (tl & 2) != 0, 1, 70, 30, ab[0], ab[1], seed++);
                check((tl & 1) != 0, (tl & 2) != 0, 5, 6, 7, ab[0], ab[1], seed++);
            }
        }
    }

    @Test
    void randomShapesMatchNaive() {
        SplittableRandom r = new SplittableRandom(42);
        for (int t = 0; t < 60; t++) {
            int m = 1 + r.nextInt(140);
            int n = 1 + r.nextInt(140);
            int k = 1 + r.nextInt(300);
            check(r.nextBoolean(), r.nextBoolean(), m, n, k, 1f, r.nextBoolean() ? 0f : 0.5f, 1000 + t);
        }
    }

    @Test
    void zeroKOrZeroAlphaOnlyScalesC() {
        float[] c = {Float.NaN, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f}, c);
        float[] d = {1f, 2f, 3f, 4f};
        Gemm.sgemm(false, false, 2, 2, 2, 0f, new float[4], 0, 2, new float[4], 0, 2, 2f, d, 0, 2);
        assertArrayEquals(new float[] {2f, 4f, 6f, 8f}, d);
    }

    @Test
    void convenienceOverloadIsPlainProduct() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] c = new float[4];
        Gemm.sgemm(2, 2, 3, a, b, c);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
    }

    @Test
    void sameBitsWithOneAndTwoThreads() {
        int saved = Parallel.threads();
        try {
            SplittableRandom r = new SplittableRandom(7);
            for (int[] s : new int[][] {{300, 500, 700}, {1, 784, 256}, {130, 2, 900}, {64, 64, 64},
                {20, 700, 400}, {12_400, 270, 3}, {3, 300, 250}, {2, 20, 4000}}) {
                for (int tl = 0; tl < 4; tl++) {
                    boolean tA = (tl & 1) != 0;
                    boolean tB = (tl & 2) != 0;
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    float[] a = TestArrays.uniform(r, m * k);
                    float[] b = TestArrays.uniform(r, k * n);
                    float[] c1 = TestArrays.uniform(r, m * n);
                    float[] c2 = c1.clone();
                    Parallel.setThreads(1);
                    Gemm.sgemm(tA, tB, m, n, k, 0.9f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.3f, c1, 0, n);
                    Parallel.setThreads(2);
                    Gemm.sgemm(tA, tB, m, n, k, 0.9f, a, 0, tA ? m : k, b, 0, tB ? k : n, 0.3f, c2, 0, n);
                    assertArrayEquals(c1, c2, "bits differ for " + Arrays.toString(s) + " layout " + tl);
                }
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void badShapesFailWithMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, new float[15], 0, 4, new float[16], 0, 4, 0f,
                        new float[16], 0, 4));
        assertTrue(e.getMessage().contains("A"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 4, 4, 4, 1f, new float[16], 0, 3, new float[16], 0, 4, 0f,
                        new float[16], 0, 4));
    }

    /** splitRows(transA, transB, m, n, ...) for a shape given as M x K x N, on two threads. */
    private static boolean rows(boolean transA, boolean transB, int m, int n) {
        int mr = GemmMicroKernel.MR, nr = GemmMicroKernel.NR;
        return Gemm.splitRows(transA, transB, false, m, n, (m + mr - 1) / mr, (n + nr - 1) / nr, 2);
    }

    @Test
    void theThreadSplitIsTheOneMeasuredFasterOnTheBenchmarkShapes() {
        // Paired A/B runs on 2 threads (2026-11-27): the other split was 2-20 % slower for each of these.
        assertTrue(rows(false, true, 256, 256), "NT 256x784x256 (MLP batch-256 first layer): rows");
        assertTrue(rows(false, true, 128, 128), "NT 128x3136x128 (CNN linear): rows");
        assertTrue(rows(false, false, 128, 256), "NN 128x128x256: rows");
        assertTrue(rows(false, false, 256, 256), "NN 256x784x256: rows");
        assertTrue(rows(false, false, 256, 128), "NN 256x256x128: rows");
        assertTrue(!rows(false, true, 128, 256), "NT 128x784x256 (MLP batch-128 first layer): columns");
        assertTrue(rows(false, true, 2048, 2048), "NT 2048 squared: rows");
        assertTrue(rows(true, false, 1, 1) && Gemm.splitRows(false, false, false, 128, 256, 11, 8, 1), "one panel or one thread: rows");
    }

    @Test
    void readingAInPlaceMovesBatch128LinearsToTheColumnSplit() {
        int mr = GemmMicroKernel.MR, nr = GemmMicroKernel.NR;
        // Paired on 2 threads (2026-11-28), A read in place: the column split was 4-12 % faster for these.
        assertFalse(Gemm.splitRows(false, true, false, true, 128, 128, (128 + mr - 1) / mr, 128 / nr, 2),
                "NT 128x3136x128 (CNN linear, training): columns");
        assertFalse(Gemm.splitRows(false, false, false, true, 128, 256, (128 + mr - 1) / mr, 256 / nr, 2),
                "NN 128x784x256: columns");
        // A weight packed beforehand leaves only the tiles to count: the row split keeps its tie.
        assertTrue(Gemm.splitRows(false, true, true, true, 256, 256, (256 + mr - 1) / mr, 256 / nr, 2),
                "NT 256x784x256 with a packed weight (MLP batch-256 inference): rows");
    }
}
