package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PackedBTest {

    /** The prepacked product must give the very bits of the ordinary one: same panels, same order of sums. */
    private static void sameBits(boolean tA, boolean tB, int m, int n, int k, float alpha, float beta, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int lda = (tA ? m : k) + 1;
        int ldb = (tB ? k : n) + 2;
        int ldc = n + 3;
        float[] a = TestArrays.uniform(r, 4 + (tA ? k : m) * lda);
        float[] b = TestArrays.uniform(r, 6 + (tB ? n : k) * ldb);
        float[] c0 = TestArrays.uniform(r, 2 + m * ldc);
        float[] c1 = c0.clone();
        Gemm.sgemm(tA, tB, m, n, k, alpha, a, 4, lda, b, 6, ldb, beta, c0, 2, ldc);
        PackedB packed = PackedB.pack(tB, k, n, b, 6, ldb);
        Gemm.sgemm(tA, m, alpha, a, 4, lda, packed, beta, c1, 2, ldc);
        assertArrayEquals(c0, c1, (tA ? "T" : "N") + (tB ? "T" : "N") + " " + m + "x" + k + "x" + n);
        // Reused: a second A through the same packed B.
        float[] a2 = TestArrays.uniform(r, a.length);
        float[] d0 = new float[c0.length];
        float[] d1 = new float[c0.length];
        Gemm.sgemm(tA, tB, m, n, k, alpha, a2, 4, lda, b, 6, ldb, 0f, d0, 2, ldc);
        Gemm.sgemm(tA, m, alpha, a2, 4, lda, packed, 0f, d1, 2, ldc);
        assertArrayEquals(d0, d1, "second product through the same packing");
    }

    @Test
    void givesTheBitsOfTheOrdinaryProductForEveryLayoutAndEdge() {
        int[][] shapes = {
            {256, 784, 256}, {128, 784, 256}, {37, 1601, 45}, {13, 33, 70}, {100, 3, 5}, {2, 50, 40},
            {40, 90, 1}, {5, 7, 3}, {64, 2000, 100}, {300, 128, 10},
        };
        long seed = 1;
        for (int[] s : shapes) {
            for (boolean tA : new boolean[] {false, true}) {
                for (boolean tB : new boolean[] {true, false}) {
                    sameBits(tA, tB, s[0], s[2], s[1], 1f, 0f, seed++);
                }
            }
        }
        sameBits(false, true, 50, 70, 300, 0.5f, 1f, 99);
        sameBits(false, true, 50, 70, 300, 2f, -0.5f, 100);
    }

    @Test
    void givesTheSameBitsOnOneAndTwoThreads() {
        int before = Parallel.threads();
        try {
            float[][] out = new float[2][];
            for (int t = 1; t <= 2; t++) {
                Parallel.setThreads(t);
                SplittableRandom r = new SplittableRandom(5);
                float[] a = TestArrays.uniform(r, 256 * 784);
                float[] w = TestArrays.uniform(r, 256 * 784);
                PackedB p = PackedB.pack(true, 784, 256, w, 0, 784);
                out[t - 1] = new float[256 * 256];
                Gemm.sgemm(false, 256, 1f, a, 0, 784, p, 0f, out[t - 1], 0, 256);
            }
            assertArrayEquals(out[0], out[1]);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void remembersItsSource() {
        float[] w = new float[12];
        PackedB p = PackedB.pack(true, 4, 3, w, 0, 4);
        assertTrue(p.packs(true, 4, 3, w, 0, 4));
        assertFalse(p.packs(true, 4, 3, w.clone(), 0, 4), "another array");
        assertFalse(p.packs(false, 4, 3, w, 0, 4), "another layout");
        assertFalse(p.packs(true, 3, 4, w, 0, 4), "another shape");
        assertEquals(4, p.k());
        assertEquals(3, p.n());
        assertEquals(4L * GemmMicroKernel.NR, p.packedFloats(), "one panel, zero-padded to NR columns");
    }

    @Test
    void rejectsASourceTooSmallForItsShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PackedB.pack(true, 10, 10, new float[50], 0, 10));
        assertTrue(e.getMessage().contains("B"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PackedB.pack(true, -1, 3, new float[3], 0, 1));
    }

    @Test
    void checksAAgainstThePackedShape() {
        PackedB p = PackedB.pack(false, 8, 8, new float[64], 0, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, 8, 1f, new float[8 * 7], 0, 8, p, 0f, new float[64], 0, 8));
        assertTrue(e.getMessage().contains("A"), e.getMessage());
    }
}
