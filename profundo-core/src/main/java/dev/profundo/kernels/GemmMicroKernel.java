package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The register-blocked GEMM micro-kernel: a 6 x 3-vector tile of C accumulated in registers with FMAs. */
final class GemmMicroKernel {
    private static final VectorSpecies<Float> S = Simd.F;
    private static final int L = Simd.LANES;
    /** Rows of C per tile (broadcast operand: packed A). */
    static final int MR = 6;
    /** Columns of C per tile, 3 vectors (streamed operand: packed B). */
    static final int NR = 3 * L;

    private GemmMicroKernel() {}

    /**
     * Multiplies an MR x kc packed A micro-panel by a kc x NR packed B micro-panel and merges the
     * product into a full MR x NR tile of C: C = alpha*acc (+ beta*C) on the first k-block, C += alpha*acc after.
     */
    static void tile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
                     float alpha, float beta, boolean first) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S); FloatVector c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S); FloatVector c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S); FloatVector c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S); FloatVector c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S); FloatVector c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S); FloatVector c52 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a0, c00); c01 = b1.fma(a0, c01); c02 = b2.fma(a0, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = b0.fma(a1, c10); c11 = b1.fma(a1, c11); c12 = b2.fma(a1, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = b0.fma(a2, c20); c21 = b1.fma(a2, c21); c22 = b2.fma(a2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = b0.fma(a3, c30); c31 = b1.fma(a3, c31); c32 = b2.fma(a3, c32);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = b0.fma(a4, c40); c41 = b1.fma(a4, c41); c42 = b2.fma(a4, c42);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = b0.fma(a5, c50); c51 = b1.fma(a5, c51); c52 = b2.fma(a5, c52);
            ai += MR;
            bi += NR;
        }
        FloatVector va = FloatVector.broadcast(S, alpha);
        if (first && beta == 0f) {
            // beta == 0 overwrites C without reading it, so stale NaNs in C cannot leak in.
            c00.mul(va).intoArray(c, ci + 0 * ldc + 0 * L);
            c01.mul(va).intoArray(c, ci + 0 * ldc + 1 * L);
            c02.mul(va).intoArray(c, ci + 0 * ldc + 2 * L);
            c10.mul(va).intoArray(c, ci + 1 * ldc + 0 * L);
            c11.mul(va).intoArray(c, ci + 1 * ldc + 1 * L);
            c12.mul(va).intoArray(c, ci + 1 * ldc + 2 * L);
            c20.mul(va).intoArray(c, ci + 2 * ldc + 0 * L);
            c21.mul(va).intoArray(c, ci + 2 * ldc + 1 * L);
            c22.mul(va).intoArray(c, ci + 2 * ldc + 2 * L);
            c30.mul(va).intoArray(c, ci + 3 * ldc + 0 * L);
            c31.mul(va).intoArray(c, ci + 3 * ldc + 1 * L);
            c32.mul(va).intoArray(c, ci + 3 * ldc + 2 * L);
            c40.mul(va).intoArray(c, ci + 4 * ldc + 0 * L);
            c41.mul(va).intoArray(c, ci + 4 * ldc + 1 * L);
            c42.mul(va).intoArray(c, ci + 4 * ldc + 2 * L);
            c50.mul(va).intoArray(c, ci + 5 * ldc + 0 * L);
            c51.mul(va).intoArray(c, ci + 5 * ldc + 1 * L);
            c52.mul(va).intoArray(c, ci + 5 * ldc + 2 * L);
        } else if (first) {
            FloatVector vb = FloatVector.broadcast(S, beta);
            merge(c00.mul(va), vb, c, ci + 0 * ldc + 0 * L);
            merge(c01.mul(va), vb, c, ci + 0 * ldc + 1 * L);
            merge(c02.mul(va), vb, c, ci + 0 * ldc + 2 * L);
            merge(c10.mul(va), vb, c, ci + 1 * ldc + 0 * L);
            merge(c11.mul(va), vb, c, ci + 1 * ldc + 1 * L);
            merge(c12.mul(va), vb, c, ci + 1 * ldc + 2 * L);
            merge(c20.mul(va), vb, c, ci + 2 * ldc + 0 * L);
            merge(c21.mul(va), vb, c, ci + 2 * ldc + 1 * L);
            merge(c22.mul(va), vb, c, ci + 2 * ldc + 2 * L);
            merge(c30.mul(va), vb, c, ci + 3 * ldc + 0 * L);
            merge(c31.mul(va), vb, c, ci + 3 * ldc + 1 * L);
            merge(c32.mul(va), vb, c, ci + 3 * ldc + 2 * L);
            merge(c40.mul(va), vb, c, ci + 4 * ldc + 0 * L);
            merge(c41.mul(va), vb, c, ci + 4 * ldc + 1 * L);
            merge(c42.mul(va), vb, c, ci + 4 * ldc + 2 * L);
            merge(c50.mul(va), vb, c, ci + 5 * ldc + 0 * L);
            merge(c51.mul(va), vb, c, ci + 5 * ldc + 1 * L);
            merge(c52.mul(va), vb, c, ci + 5 * ldc + 2 * L);
        } else {
            accumulate(c00, va, c, ci + 0 * ldc + 0 * L);
            accumulate(c01, va, c, ci + 0 * ldc + 1 * L);
            accumulate(c02, va, c, ci + 0 * ldc + 2 * L);
            accumulate(c10, va, c, ci + 1 * ldc + 0 * L);
            accumulate(c11, va, c, ci + 1 * ldc + 1 * L);
            accumulate(c12, va, c, ci + 1 * ldc + 2 * L);
            accumulate(c20, va, c, ci + 2 * ldc + 0 * L);
            accumulate(c21, va, c, ci + 2 * ldc + 1 * L);
            accumulate(c22, va, c, ci + 2 * ldc + 2 * L);
            accumulate(c30, va, c, ci + 3 * ldc + 0 * L);
            accumulate(c31, va, c, ci + 3 * ldc + 1 * L);
            accumulate(c32, va, c, ci + 3 * ldc + 2 * L);
            accumulate(c40, va, c, ci + 4 * ldc + 0 * L);
            accumulate(c41, va, c, ci + 4 * ldc + 1 * L);
            accumulate(c42, va, c, ci + 4 * ldc + 2 * L);
            accumulate(c50, va, c, ci + 5 * ldc + 0 * L);
            accumulate(c51, va, c, ci + 5 * ldc + 1 * L);
            accumulate(c52, va, c, ci + 5 * ldc + 2 * L);
        }
    }

    /**
     * Same product as {@link #tile} for a tile cut by the edge of C (mr rows, nr columns): the full tile
     * is computed on zero-padded panels into scratch, then only the valid part is merged, by the same formula.
     */
    static void edgeTile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
                         float alpha, float beta, boolean first, int mr, int nr, float[] scratch) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S); FloatVector c02 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S); FloatVector c12 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S); FloatVector c22 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S); FloatVector c32 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S); FloatVector c42 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S); FloatVector c52 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector b2 = FloatVector.fromArray(S, bp, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a0, c00); c01 = b1.fma(a0, c01); c02 = b2.fma(a0, c02);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = b0.fma(a1, c10); c11 = b1.fma(a1, c11); c12 = b2.fma(a1, c12);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = b0.fma(a2, c20); c21 = b1.fma(a2, c21); c22 = b2.fma(a2, c22);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = b0.fma(a3, c30); c31 = b1.fma(a3, c31); c32 = b2.fma(a3, c32);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = b0.fma(a4, c40); c41 = b1.fma(a4, c41); c42 = b2.fma(a4, c42);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = b0.fma(a5, c50); c51 = b1.fma(a5, c51); c52 = b2.fma(a5, c52);
            ai += MR;
            bi += NR;
        }
        c00.intoArray(scratch, 0 * NR + 0 * L);
        c01.intoArray(scratch, 0 * NR + 1 * L);
        c02.intoArray(scratch, 0 * NR + 2 * L);
        c10.intoArray(scratch, 1 * NR + 0 * L);
        c11.intoArray(scratch, 1 * NR + 1 * L);
        c12.intoArray(scratch, 1 * NR + 2 * L);
        c20.intoArray(scratch, 2 * NR + 0 * L);
        c21.intoArray(scratch, 2 * NR + 1 * L);
        c22.intoArray(scratch, 2 * NR + 2 * L);
        c30.intoArray(scratch, 3 * NR + 0 * L);
        c31.intoArray(scratch, 3 * NR + 1 * L);
        c32.intoArray(scratch, 3 * NR + 2 * L);
        c40.intoArray(scratch, 4 * NR + 0 * L);
        c41.intoArray(scratch, 4 * NR + 1 * L);
        c42.intoArray(scratch, 4 * NR + 2 * L);
        c50.intoArray(scratch, 5 * NR + 0 * L);
        c51.intoArray(scratch, 5 * NR + 1 * L);
        c52.intoArray(scratch, 5 * NR + 2 * L);
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc;
            for (int j = 0; j < nr; j++) {
                float acc = scratch[r * NR + j];
                float v;
                if (first && beta == 0f) {
                    v = acc * alpha;
                } else if (first) {
                    v = Math.fma(beta, c[row + j], acc * alpha);
                } else {
                    v = Math.fma(acc, alpha, c[row + j]);
                }
                c[row + j] = v;
            }
        }
    }

    private static void merge(FloatVector scaled, FloatVector vb, float[] c, int idx) {
        FloatVector.fromArray(S, c, idx).fma(vb, scaled).intoArray(c, idx);
    }

    private static void accumulate(FloatVector acc, FloatVector va, float[] c, int idx) {
        acc.fma(va, FloatVector.fromArray(S, c, idx)).intoArray(c, idx);
    }
}
