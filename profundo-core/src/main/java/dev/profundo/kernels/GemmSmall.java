package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM without packing, for products too small or too thin (one or two rows or columns, as in batch-1
 * inference) for packing to pay for itself.
 */
final class GemmSmall {
    private static final VectorSpecies<Float> S = Simd.F;
    private static final int L = Simd.LANES;
    /** Multiply-adds per parallel chunk: below this the fork costs more than it saves. */
    private static final long GRAIN_WORK = 1L << 18;
    /**
     * From this many multiply-adds on, a product is split among all threads even when that makes chunks
     * smaller than GRAIN_WORK. A matrix-vector product is bound by reading the matrix: split by columns, each
     * core reads its half from its own L2, where it stays between calls. Batch-1 inference: the MLP 14.7 ->
     * 9.6 us, the CNN 121 -> 110 us (paired in one process, 2 threads).
     */
    private static final long SPLIT_WORK = 1L << 16;

    private GemmSmall() {}

    /** Same contract as {@link Gemm#sgemm}; arguments are already validated and m, n, k, alpha are non-zero. */
    static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float beta, float[] c, int cOff, int ldc) {
        if (!transB && n >= L) {
            rowTimesB(transA, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            dots(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Each row of C is a combination of the rows of B (contiguous, vectorised along n); C is split into
     * column strips of four vectors held in registers across the whole k loop.
     */
    private static void rowTimesB(boolean transA, int m, int n, int k, float alpha,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc) {
        int strip = 4 * L;
        int strips = (n + strip - 1) / strip;
        long units = (long) m * strips;
        int grain = grain(units, (long) strip * k);
        Parallel.forRange((int) Math.min(Integer.MAX_VALUE, units), grain, (s, e) -> {
            float[] arow = transA ? GemmScratch.get().row(k) : null;
            int lastRow = -1;
            for (int u = s; u < e; u++) {
                int i = u / strips;
                int j0 = (u % strips) * strip;
                float[] av = a;
                int ai = aOff + i * lda;
                if (transA) {
                    if (i != lastRow) {
                        for (int p = 0; p < k; p++) {
                            arow[p] = a[aOff + p * lda + i];
                        }
                        lastRow = i;
                    }
                    av = arow;
                    ai = 0;
                }
                strip(k, alpha, av, ai, b, bOff + j0, ldb, beta, c, cOff + i * ldc + j0, n - j0);
            }
        });
    }

    /**
     * Units per parallel chunk for {@code units} units of {@code workPerUnit} multiply-adds: about GRAIN_WORK of
     * work, but at least one chunk per thread once the whole is SPLIT_WORK or more. Chunks hold whole units,
     * each computed the same way wherever it runs, so the bits do not depend on the split.
     */
    private static int grain(long units, long workPerUnit) {
        long grain = Math.max(1, GRAIN_WORK / Math.max(1, workPerUnit));
        if (units * workPerUnit >= SPLIT_WORK) {
            int threads = Parallel.threads();
            grain = Math.min(grain, (units + threads - 1) / threads);
        }
        return (int) Math.min(Integer.MAX_VALUE, grain);
    }

    /** One row strip: up to four vectors of C, masked at the right edge of the matrix. */
    private static void strip(int k, float alpha, float[] a, int ai, float[] b, int bi, int ldb,
                              float beta, float[] c, int ci, int width) {
        VectorMask<Float> m0 = S.indexInRange(0, width);
        VectorMask<Float> m1 = S.indexInRange(L, width);
        VectorMask<Float> m2 = S.indexInRange(2 * L, width);
        VectorMask<Float> m3 = S.indexInRange(3 * L, width);
        FloatVector c0 = FloatVector.zero(S);
        FloatVector c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S);
        if (width >= 4 * L) {
            for (int p = 0; p < k; p++) {
                FloatVector av = FloatVector.broadcast(S, a[ai + p]);
                int row = bi + p * ldb;
                c0 = FloatVector.fromArray(S, b, row).fma(av, c0);
                c1 = FloatVector.fromArray(S, b, row + L).fma(av, c1);
                c2 = FloatVector.fromArray(S, b, row + 2 * L).fma(av, c2);
                c3 = FloatVector.fromArray(S, b, row + 3 * L).fma(av, c3);
            }
        } else {
            for (int p = 0; p < k; p++) {
                FloatVector av = FloatVector.broadcast(S, a[ai + p]);
                int row = bi + p * ldb;
                c0 = FloatVector.fromArray(S, b, row, m0).fma(av, c0);
                c1 = FloatVector.fromArray(S, b, row + L, m1).fma(av, c1);
                c2 = FloatVector.fromArray(S, b, row + 2 * L, m2).fma(av, c2);
                c3 = FloatVector.fromArray(S, b, row + 3 * L, m3).fma(av, c3);
            }
        }
        store(c0, alpha, beta, c, ci, m0);
        store(c1, alpha, beta, c, ci + L, m1);
        store(c2, alpha, beta, c, ci + 2 * L, m2);
        store(c3, alpha, beta, c, ci + 3 * L, m3);
    }

    private static void store(FloatVector acc, float alpha, float beta, float[] c, int ci, VectorMask<Float> mask) {
        if (!mask.anyTrue()) {
            return;
        }
        FloatVector scaled = acc.mul(alpha);
        if (beta != 0f) {
            // Same formula as the packed kernel's first k-block: fma(beta, C, alpha * acc).
            scaled = FloatVector.fromArray(S, c, ci, mask).fma(FloatVector.broadcast(S, beta), scaled);
        }
        scaled.intoArray(c, ci, mask);
    }

    /** C[i,j] = dot(row i of op(A), column j of op(B)), gathering whichever of the two is strided. */
    private static void dots(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        // Columns of op(B) are contiguous only when B is stored transposed; otherwise gather them once.
        float[] bt;
        int btOff;
        int btLd;
        if (transB) {
            bt = b;
            btOff = bOff;
            btLd = ldb;
        } else {
            bt = new float[n * k];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bt[j * k + p] = b[bOff + p * ldb + j];
                }
            }
            btOff = 0;
            btLd = k;
        }
        int grain = grain(m, (long) n * k);
        if (m >= 2 * Parallel.threads() || n == 1) {
            Parallel.forRange(m, grain, (s, e) -> {
                float[] arow = transA ? GemmScratch.get().row(k) : null;
                for (int i = s; i < e; i++) {
                    dotRow(transA, i, 0, n, k, alpha, a, aOff, lda, arow, bt, btOff, btLd, beta, c, cOff, ldc);
                }
            });
        } else {
            int colGrain = grain(n, k);
            for (int i = 0; i < m; i++) {
                final int row = i;
                Parallel.forRange(n, colGrain, (s, e) -> {
                    float[] arow = transA ? GemmScratch.get().row(k) : null;
                    dotRow(transA, row, s, e, k, alpha, a, aOff, lda, arow, bt, btOff, btLd, beta, c, cOff, ldc);
                });
            }
        }
    }

    private static void dotRow(boolean transA, int i, int j0, int j1, int k, float alpha,
                               float[] a, int aOff, int lda, float[] arow, float[] bt, int btOff, int btLd,
                               float beta, float[] c, int cOff, int ldc) {
        float[] av = a;
        int ai = aOff + i * lda;
        if (transA) {
            for (int p = 0; p < k; p++) {
                arow[p] = a[aOff + p * lda + i];
            }
            av = arow;
            ai = 0;
        }
        int ci = cOff + i * ldc;
        int j = j0;
        if (k >= Simd.LANES) {
            // Four columns at a time share the loads of the row; same bits as one dot per column.
            float[] four = GemmScratch.get().four();
            for (; j + 4 <= j1; j += 4) {
                int bj = btOff + j * btLd;
                VectorLoops.dot4(av, ai, bt, bj, bj + btLd, bj + 2 * btLd, bj + 3 * btLd, k, four, 0);
                for (int u = 0; u < 4; u++) {
                    float v = four[u] * alpha;
                    if (beta != 0f) {
                        v = Math.fma(beta, c[ci + j + u], v);
                    }
                    c[ci + j + u] = v;
                }
            }
        }
        for (; j < j1; j++) {
            float acc = VectorOps.dot(av, ai, bt, btOff + j * btLd, k);
            float v = acc * alpha;
            if (beta != 0f) {
                v = Math.fma(beta, c[ci + j], v);
            }
            c[ci + j] = v;
        }
    }
}
