package dev.profundo.kernels;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Copies blocks of op(A) and op(B) into the contiguous, zero-padded panel order the micro-kernel streams. */
final class GemmPack {
    private static final VectorSpecies<Float> S = Simd.F;
    private static final int L = Simd.LANES;
    private static final int MR = GemmMicroKernel.MR;
    private static final int NR = GemmMicroKernel.NR;

    private GemmPack() {}

    /**
     * Packs rows [i0, i0+mr) and columns [p0, p0+kc) of op(A) as one micro-panel: for each p, MR consecutive
     * row values scaled by alpha (folding alpha in here costs nothing in the kernel), rows past mr zero so the
     * kernel can always run the full tile.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int mr, int p0, int kc, float alpha,
                      float[] dst, int d) {
        if (transA && MR <= L) {
            // A is stored k x m: the MR values for one p are contiguous, so one masked vector moves them;
            // the load mask zero-fills rows past mr, the store mask keeps the write inside the MR slots.
            var load = S.indexInRange(0, mr);
            var store = S.indexInRange(0, MR);
            FloatVector scale = FloatVector.broadcast(S, alpha);
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(S, a, aOff + (p0 + p) * lda + i0, load).mul(scale)
                        .intoArray(dst, d + p * MR, store);
            }
        } else if (transA) {
            for (int p = 0; p < kc; p++) {
                int src = aOff + (p0 + p) * lda + i0;
                int o = d + p * MR;
                int r = 0;
                for (; r < mr; r++) {
                    dst[o + r] = a[src + r] * alpha;
                }
                for (; r < MR; r++) {
                    dst[o + r] = 0f;
                }
            }
        } else if (Transpose16.USABLE && kc >= 17) {
            // A is stored m x k: 16 depth steps of the mr rows at a time, transposed in registers. Each block's
            // 16-wide stores run 4 floats into the next block, which is why the last block must leave room.
            int p = 0;
            for (; p + 17 <= kc; p += 16) {
                Transpose16.transpose(a, aOff + i0 * lda + p0 + p, lda, mr, alpha, dst, d + p * MR, MR);
            }
            for (; p < kc; p++) {
                int o = d + p * MR;
                int r = 0;
                for (; r < mr; r++) {
                    dst[o + r] = a[aOff + (i0 + r) * lda + p0 + p] * alpha;
                }
                for (; r < MR; r++) {
                    dst[o + r] = 0f;
                }
            }
        } else {
            // A is stored m x k: walk each source row once, writing with stride MR.
            for (int r = 0; r < mr; r++) {
                int src = aOff + (i0 + r) * lda + p0;
                int o = d + r;
                for (int p = 0; p < kc; p++) {
                    dst[o + p * MR] = a[src + p] * alpha;
                }
            }
            for (int r = mr; r < MR; r++) {
                for (int p = 0; p < kc; p++) {
                    dst[d + r + p * MR] = 0f;
                }
            }
        }
    }

    /**
     * Packs rows [p0, p0+kc) and columns [j0, j0+nr) of op(B) as one micro-panel: for each p, NR consecutive
     * column values, columns past nr zero.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nr,
                      float[] dst, int d) {
        if (!transB) {
            if (nr == NR) {
                // Full panel of a row-major B: whole vectors straight across.
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0;
                    int o = d + p * NR;
                    for (int v = 0; v < NR; v += L) {
                        FloatVector.fromArray(S, b, src + v).intoArray(dst, o + v);
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0;
                    int o = d + p * NR;
                    int j = 0;
                    for (; j < nr; j++) {
                        dst[o + j] = b[src + j];
                    }
                    for (; j < NR; j++) {
                        dst[o + j] = 0f;
                    }
                }
            }
        } else if (Transpose16.USABLE) {
            // B is stored n x k: each column of op(B) is a contiguous source row. 16 depth steps of 16 rows at
            // a time, transposed in registers (columns past nr written as zero), then the last depth steps one by one.
            int p = 0;
            for (; p + 16 <= kc; p += 16) {
                for (int h = 0; h < NR; h += 16) {
                    int rows = Math.min(16, nr - h);
                    if (rows > 0) {
                        Transpose16.transpose(b, bOff + (j0 + h) * ldb + p0 + p, ldb, rows, 1f, dst, d + p * NR + h, NR);
                    } else {
                        for (int q = p; q < p + 16; q++) {
                            Arrays.fill(dst, d + q * NR + h, d + q * NR + h + 16, 0f);
                        }
                    }
                }
            }
            for (; p < kc; p++) {
                int o = d + p * NR;
                int j = 0;
                for (; j < nr; j++) {
                    dst[o + j] = b[bOff + (j0 + j) * ldb + p0 + p];
                }
                for (; j < NR; j++) {
                    dst[o + j] = 0f;
                }
            }
        } else {
            // B is stored n x k: each column of op(B) is a contiguous source row. Four rows at a time so
            // each p writes four neighbouring floats (one cache line) instead of four scattered ones.
            int j4 = 0;
            for (; j4 + 4 <= nr; j4 += 4) {
                int s0 = bOff + (j0 + j4) * ldb + p0;
                int s1 = s0 + ldb;
                int s2 = s1 + ldb;
                int s3 = s2 + ldb;
                int o = d + j4;
                for (int p = 0; p < kc; p++) {
                    int q = o + p * NR;
                    dst[q] = b[s0 + p];
                    dst[q + 1] = b[s1 + p];
                    dst[q + 2] = b[s2 + p];
                    dst[q + 3] = b[s3 + p];
                }
            }
            for (int j = j4; j < nr; j++) {
                int src = bOff + (j0 + j) * ldb + p0;
                int o = d + j;
                for (int p = 0; p < kc; p++) {
                    dst[o + p * NR] = b[src + p];
                }
            }
            for (int j = nr; j < NR; j++) {
                for (int p = 0; p < kc; p++) {
                    dst[d + j + p * NR] = 0f;
                }
            }
        }
    }
}
