package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The packs against their definition, value by value: both layouts of each operand, partial panels, depths
 * around the 16-step blocks of the in-register transpose, alpha, and no write outside the panel.
 */
class GemmPackTest {
    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;
    private static final float SENTINEL = -12345f;
    private static final int[] DEPTHS = {1, 15, 16, 17, 31, 32, 33, 48, 100, 384};

    private static void checkOutside(float[] dst, int d, int len, String what) {
        for (int i = 0; i < dst.length; i++) {
            if ((i < d || i >= d + len) && dst[i] != SENTINEL) {
                throw new AssertionError(what + ": wrote outside the panel at " + (i - d));
            }
        }
    }

    @Test
    void packAMatchesItsDefinition() {
        SplittableRandom r = new SplittableRandom(1);
        for (boolean transA : new boolean[] {false, true}) {
            for (int kc : DEPTHS) {
                for (int mr : new int[] {1, 5, 11, MR}) {
                    for (float alpha : new float[] {1f, -0.5f}) {
                        int m = mr + 3, k = kc + 5, i0 = 2, p0 = 4;
                        int lda = (transA ? m : k) + 3;
                        float[] a = TestArrays.uniform(r, 7 + (transA ? k : m) * lda);
                        int d = 9;
                        float[] dst = new float[d + kc * MR + 40];
                        java.util.Arrays.fill(dst, SENTINEL);
                        GemmPack.packA(transA, a, 7, lda, i0, mr, p0, kc, alpha, dst, d);
                        String what = "packA transA=" + transA + " kc=" + kc + " mr=" + mr + " alpha=" + alpha;
                        for (int p = 0; p < kc; p++) {
                            for (int row = 0; row < MR; row++) {
                                float want = row >= mr ? 0f : alpha * (transA
                                        ? a[7 + (p0 + p) * lda + i0 + row] : a[7 + (i0 + row) * lda + p0 + p]);
                                float got = dst[d + p * MR + row];
                                // Real rows bit for bit; padding only has to be zero (-0 times nothing is harmless).
                                if (row >= mr ? got != 0f : Float.floatToIntBits(want) != Float.floatToIntBits(got)) {
                                    assertEquals(want, got, what + " at p=" + p + " row=" + row);
                                }
                            }
                        }
                        checkOutside(dst, d, kc * MR, what);
                    }
                }
            }
        }
    }

    @Test
    void packBMatchesItsDefinition() {
        SplittableRandom r = new SplittableRandom(2);
        for (boolean transB : new boolean[] {false, true}) {
            for (int kc : DEPTHS) {
                for (int nr : new int[] {1, 7, 16, 17, NR - 1, NR}) {
                    int n = nr + 5, k = kc + 3, j0 = 3, p0 = 2;
                    int ldb = (transB ? k : n) + 2;
                    float[] b = TestArrays.uniform(r, 5 + (transB ? n : k) * ldb);
                    int d = 11;
                    float[] dst = new float[d + kc * NR + 40];
                    java.util.Arrays.fill(dst, SENTINEL);
                    GemmPack.packB(transB, b, 5, ldb, p0, kc, j0, nr, dst, d);
                    String what = "packB transB=" + transB + " kc=" + kc + " nr=" + nr;
                    for (int p = 0; p < kc; p++) {
                        for (int col = 0; col < NR; col++) {
                            float want = col >= nr ? 0f
                                    : transB ? b[5 + (j0 + col) * ldb + p0 + p] : b[5 + (p0 + p) * ldb + j0 + col];
                            float got = dst[d + p * NR + col];
                            if (Float.floatToIntBits(want) != Float.floatToIntBits(got)) {
                                assertEquals(want, got, what + " at p=" + p + " col=" + col);
                            }
                        }
                    }
                    checkOutside(dst, d, kc * NR, what);
                }
            }
        }
    }
}
