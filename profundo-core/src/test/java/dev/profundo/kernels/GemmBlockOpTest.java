package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The block work of a GEMM: every element of C exactly once before and once after, with the product between;
 * and the tile split among threads (row tasks share a panel row when the rows do not divide evenly) gives the
 * bits of one thread.
 */
class GemmBlockOpTest {

    /** Before: C = 1 + 0.5 * j (a bias); after: C = max(C, 0). Compared with doing the same around a plain call. */
    private static void check(int m, int n, int k, float beta, boolean prepacked, int threads) {
        int saved = Parallel.threads();
        Parallel.setThreads(1);
        try {
            SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
            float[] a = TestArrays.uniform(r, m * k);
            float[] w = TestArrays.uniform(r, n * k);
            int ldc = n + 1;
            float[] expected = TestArrays.uniform(r, m * ldc);
            float[] c = expected.clone();
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) expected[i * ldc + j] = 1 + 0.5f * j;
            Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, w, 0, k, beta, expected, 0, ldc);
            for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) expected[i * ldc + j] = Math.max(expected[i * ldc + j], 0f);
            Parallel.setThreads(threads);  // the expected values came from one thread

            int[] before = new int[m * n];
            int[] after = new int[m * n];
            Gemm.BlockOp fill = (i0, i1, j0, j1) -> {
                for (int i = i0; i < i1; i++) for (int j = j0; j < j1; j++) { c[i * ldc + j] = 1 + 0.5f * j; before[i * n + j]++; }
            };
            Gemm.BlockOp relu = (i0, i1, j0, j1) -> {
                for (int i = i0; i < i1; i++) for (int j = j0; j < j1; j++) {
                    c[i * ldc + j] = Math.max(c[i * ldc + j], 0f);
                    after[i * n + j]++;
                }
            };
            if (prepacked) {
                Gemm.sgemm(false, m, 1f, a, 0, k, PackedB.pack(true, k, n, w, 0, k), beta, c, 0, ldc, fill, relu);
            } else {
                Gemm.sgemm(false, true, m, n, k, 1f, a, 0, k, w, 0, k, beta, c, 0, ldc, fill, relu);
            }
            String what = m + "x" + k + "x" + n + " beta " + beta + (prepacked ? " prepacked" : "") + ", " + threads + " threads";
            assertArrayEquals(expected, c, what);
            for (int e = 0; e < m * n; e++) {
                assertEquals(1, before[e], what + ": element " + e + " before");
                assertEquals(1, after[e], what + ": element " + e + " after");
            }
        } finally {
            Parallel.setThreads(saved);
        }
    }

    @Test
    void coversCExactlyOnceAroundTheProduct() {
        for (int threads = 1; threads <= 2; threads++) {
            for (boolean prepacked : new boolean[] {false, true}) {
                check(256, 256, 784, 1f, prepacked, threads);   // packed, row split
                check(37, 300, 50, 1f, prepacked, threads);     // packed, edges
                check(128, 256, 784, 1f, prepacked, threads);   // 11 x 8 tiles: panel row 5 split between threads
                check(128, 784, 100, 1f, prepacked, threads);   // 11 x 25 tiles: 138 and 137
                check(13, 40, 30, 1f, prepacked, threads);      // 2 x 1 tiles: one each
                check(4, 5, 6, 1f, prepacked, threads);         // the small path
                check(40, 70, 90, 0.5f, prepacked, threads);    // beta scales what before wrote
                check(40, 70, 0, 1f, prepacked, threads);       // no depth: C is the block work only
            }
        }
    }
}
