package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked GEMM micro-kernels: a 12 x 2-vector tile of C accumulated in registers with FMAs,
 * from packed A ({@link #tile}) or from A read in place ({@link #tileRowsA}), and the edge tiles that reuse
 * them or skip a padding half ({@link #edgeTile}, {@link #halfEdgeTile}). Every variant adds the same
 * products in the same order, so the path taken never changes a bit of C.
 */
final class GemmMicroKernel {
    private static final VectorSpecies<Float> S = Simd.F;
    private static final int L = Simd.LANES;
    /** Rows of C per tile (broadcast operand: packed A). */
    static final int MR = 12;
    /** Columns of C per tile, 2 vectors (streamed operand: packed B). */
    static final int NR = 2 * L;

    private GemmMicroKernel() {}

    /**
     * Multiplies an MR x kc packed A micro-panel by a kc x NR packed B micro-panel and merges the
     * product into a full MR x NR tile of C: stored when accumulate is false (C's old value is never read, so
     * stale NaNs cannot leak in), added to C when true. Alpha and beta are applied outside (packing, pre-scaling).
     * Consecutive depth steps are aStride floats apart in A and bStride in B: MR and NR for packed panels,
     * the row length for an operand read in place (A stored depth-major with its MR rows side by side, B
     * row-major).
     */
    static void tile(int kc, float[] ap, int ai, int aStride, float[] bp, int bi, int bStride, float[] c, int ci,
                     int ldc, boolean accumulate) {
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S); FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S); FloatVector c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S); FloatVector c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S); FloatVector c91 = FloatVector.zero(S);
        FloatVector c100 = FloatVector.zero(S); FloatVector c101 = FloatVector.zero(S);
        FloatVector c110 = FloatVector.zero(S); FloatVector c111 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + 1 * L);
            FloatVector a0 = FloatVector.broadcast(S, ap[ai]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[ai + 1]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[ai + 2]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[ai + 3]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[ai + 4]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[ai + 5]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[ai + 6]);
            c60 = b0.fma(a6, c60);
            c61 = b1.fma(a6, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[ai + 7]);
            c70 = b0.fma(a7, c70);
            c71 = b1.fma(a7, c71);
            FloatVector a8 = FloatVector.broadcast(S, ap[ai + 8]);
            c80 = b0.fma(a8, c80);
            c81 = b1.fma(a8, c81);
            FloatVector a9 = FloatVector.broadcast(S, ap[ai + 9]);
            c90 = b0.fma(a9, c90);
            c91 = b1.fma(a9, c91);
            FloatVector a10 = FloatVector.broadcast(S, ap[ai + 10]);
            c100 = b0.fma(a10, c100);
            c101 = b1.fma(a10, c101);
            FloatVector a11 = FloatVector.broadcast(S, ap[ai + 11]);
            c110 = b0.fma(a11, c110);
            c111 = b1.fma(a11, c111);
            ai += aStride;
            bi += bStride;
        }
        if (accumulate) {
            c00.add(FloatVector.fromArray(S, c, ci + 0 * ldc + 0 * L)).intoArray(c, ci + 0 * ldc + 0 * L);
            c01.add(FloatVector.fromArray(S, c, ci + 0 * ldc + 1 * L)).intoArray(c, ci + 0 * ldc + 1 * L);
            c10.add(FloatVector.fromArray(S, c, ci + 1 * ldc + 0 * L)).intoArray(c, ci + 1 * ldc + 0 * L);
            c11.add(FloatVector.fromArray(S, c, ci + 1 * ldc + 1 * L)).intoArray(c, ci + 1 * ldc + 1 * L);
            c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc + 0 * L)).intoArray(c, ci + 2 * ldc + 0 * L);
            c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + 1 * L)).intoArray(c, ci + 2 * ldc + 1 * L);
            c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc + 0 * L)).intoArray(c, ci + 3 * ldc + 0 * L);
            c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + 1 * L)).intoArray(c, ci + 3 * ldc + 1 * L);
            c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc + 0 * L)).intoArray(c, ci + 4 * ldc + 0 * L);
            c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + 1 * L)).intoArray(c, ci + 4 * ldc + 1 * L);
            c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc + 0 * L)).intoArray(c, ci + 5 * ldc + 0 * L);
            c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + 1 * L)).intoArray(c, ci + 5 * ldc + 1 * L);
            c60.add(FloatVector.fromArray(S, c, ci + 6 * ldc + 0 * L)).intoArray(c, ci + 6 * ldc + 0 * L);
            c61.add(FloatVector.fromArray(S, c, ci + 6 * ldc + 1 * L)).intoArray(c, ci + 6 * ldc + 1 * L);
            c70.add(FloatVector.fromArray(S, c, ci + 7 * ldc + 0 * L)).intoArray(c, ci + 7 * ldc + 0 * L);
            c71.add(FloatVector.fromArray(S, c, ci + 7 * ldc + 1 * L)).intoArray(c, ci + 7 * ldc + 1 * L);
            c80.add(FloatVector.fromArray(S, c, ci + 8 * ldc + 0 * L)).intoArray(c, ci + 8 * ldc + 0 * L);
            c81.add(FloatVector.fromArray(S, c, ci + 8 * ldc + 1 * L)).intoArray(c, ci + 8 * ldc + 1 * L);
            c90.add(FloatVector.fromArray(S, c, ci + 9 * ldc + 0 * L)).intoArray(c, ci + 9 * ldc + 0 * L);
            c91.add(FloatVector.fromArray(S, c, ci + 9 * ldc + 1 * L)).intoArray(c, ci + 9 * ldc + 1 * L);
            c100.add(FloatVector.fromArray(S, c, ci + 10 * ldc + 0 * L)).intoArray(c, ci + 10 * ldc + 0 * L);
            c101.add(FloatVector.fromArray(S, c, ci + 10 * ldc + 1 * L)).intoArray(c, ci + 10 * ldc + 1 * L);
            c110.add(FloatVector.fromArray(S, c, ci + 11 * ldc + 0 * L)).intoArray(c, ci + 11 * ldc + 0 * L);
            c111.add(FloatVector.fromArray(S, c, ci + 11 * ldc + 1 * L)).intoArray(c, ci + 11 * ldc + 1 * L);
        } else {
            c00.intoArray(c, ci + 0 * ldc + 0 * L);
            c01.intoArray(c, ci + 0 * ldc + 1 * L);
            c10.intoArray(c, ci + 1 * ldc + 0 * L);
            c11.intoArray(c, ci + 1 * ldc + 1 * L);
            c20.intoArray(c, ci + 2 * ldc + 0 * L);
            c21.intoArray(c, ci + 2 * ldc + 1 * L);
            c30.intoArray(c, ci + 3 * ldc + 0 * L);
            c31.intoArray(c, ci + 3 * ldc + 1 * L);
            c40.intoArray(c, ci + 4 * ldc + 0 * L);
            c41.intoArray(c, ci + 4 * ldc + 1 * L);
            c50.intoArray(c, ci + 5 * ldc + 0 * L);
            c51.intoArray(c, ci + 5 * ldc + 1 * L);
            c60.intoArray(c, ci + 6 * ldc + 0 * L);
            c61.intoArray(c, ci + 6 * ldc + 1 * L);
            c70.intoArray(c, ci + 7 * ldc + 0 * L);
            c71.intoArray(c, ci + 7 * ldc + 1 * L);
            c80.intoArray(c, ci + 8 * ldc + 0 * L);
            c81.intoArray(c, ci + 8 * ldc + 1 * L);
            c90.intoArray(c, ci + 9 * ldc + 0 * L);
            c91.intoArray(c, ci + 9 * ldc + 1 * L);
            c100.intoArray(c, ci + 10 * ldc + 0 * L);
            c101.intoArray(c, ci + 10 * ldc + 1 * L);
            c110.intoArray(c, ci + 11 * ldc + 0 * L);
            c111.intoArray(c, ci + 11 * ldc + 1 * L);
        }
    }

    /**
     * {@link #tile} with A read in place instead of packed: MR rows of a row-major matrix, lda apart, from
     * ap[ai] on (alpha 1), and B a packed panel. The same products in the same order, so the same bits; what
     * it saves is the transpose that packing A stored m x k costs. Depth steps are indexed from the loop
     * counter, so the JIT can hoist the bounds checks of all fourteen streams out of the loop.
     */
    static void tileRowsA(int kc, float[] ap, int ai, int lda, float[] bp, int bi, float[] c, int ci,
                     int ldc, boolean accumulate) {
        int r0 = ai, r1 = ai + lda, r2 = r1 + lda, r3 = r2 + lda, r4 = r3 + lda, r5 = r4 + lda, r6 = r5 + lda;
        int r7 = r6 + lda, r8 = r7 + lda, r9 = r8 + lda, r10 = r9 + lda, r11 = r10 + lda;
        FloatVector c00 = FloatVector.zero(S); FloatVector c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S); FloatVector c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S); FloatVector c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S); FloatVector c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S); FloatVector c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S); FloatVector c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S); FloatVector c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S); FloatVector c71 = FloatVector.zero(S);
        FloatVector c80 = FloatVector.zero(S); FloatVector c81 = FloatVector.zero(S);
        FloatVector c90 = FloatVector.zero(S); FloatVector c91 = FloatVector.zero(S);
        FloatVector c100 = FloatVector.zero(S); FloatVector c101 = FloatVector.zero(S);
        FloatVector c110 = FloatVector.zero(S); FloatVector c111 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi + p * NR);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + p * NR + L);
            FloatVector a0 = FloatVector.broadcast(S, ap[r0 + p]);
            c00 = b0.fma(a0, c00);
            c01 = b1.fma(a0, c01);
            FloatVector a1 = FloatVector.broadcast(S, ap[r1 + p]);
            c10 = b0.fma(a1, c10);
            c11 = b1.fma(a1, c11);
            FloatVector a2 = FloatVector.broadcast(S, ap[r2 + p]);
            c20 = b0.fma(a2, c20);
            c21 = b1.fma(a2, c21);
            FloatVector a3 = FloatVector.broadcast(S, ap[r3 + p]);
            c30 = b0.fma(a3, c30);
            c31 = b1.fma(a3, c31);
            FloatVector a4 = FloatVector.broadcast(S, ap[r4 + p]);
            c40 = b0.fma(a4, c40);
            c41 = b1.fma(a4, c41);
            FloatVector a5 = FloatVector.broadcast(S, ap[r5 + p]);
            c50 = b0.fma(a5, c50);
            c51 = b1.fma(a5, c51);
            FloatVector a6 = FloatVector.broadcast(S, ap[r6 + p]);
            c60 = b0.fma(a6, c60);
            c61 = b1.fma(a6, c61);
            FloatVector a7 = FloatVector.broadcast(S, ap[r7 + p]);
            c70 = b0.fma(a7, c70);
            c71 = b1.fma(a7, c71);
            FloatVector a8 = FloatVector.broadcast(S, ap[r8 + p]);
            c80 = b0.fma(a8, c80);
            c81 = b1.fma(a8, c81);
            FloatVector a9 = FloatVector.broadcast(S, ap[r9 + p]);
            c90 = b0.fma(a9, c90);
            c91 = b1.fma(a9, c91);
            FloatVector a10 = FloatVector.broadcast(S, ap[r10 + p]);
            c100 = b0.fma(a10, c100);
            c101 = b1.fma(a10, c101);
            FloatVector a11 = FloatVector.broadcast(S, ap[r11 + p]);
            c110 = b0.fma(a11, c110);
            c111 = b1.fma(a11, c111);
        }
        if (accumulate) {
            c00.add(FloatVector.fromArray(S, c, ci + 0 * ldc + 0 * L)).intoArray(c, ci + 0 * ldc + 0 * L);
            c01.add(FloatVector.fromArray(S, c, ci + 0 * ldc + 1 * L)).intoArray(c, ci + 0 * ldc + 1 * L);
            c10.add(FloatVector.fromArray(S, c, ci + 1 * ldc + 0 * L)).intoArray(c, ci + 1 * ldc + 0 * L);
            c11.add(FloatVector.fromArray(S, c, ci + 1 * ldc + 1 * L)).intoArray(c, ci + 1 * ldc + 1 * L);
            c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc + 0 * L)).intoArray(c, ci + 2 * ldc + 0 * L);
            c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + 1 * L)).intoArray(c, ci + 2 * ldc + 1 * L);
            c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc + 0 * L)).intoArray(c, ci + 3 * ldc + 0 * L);
            c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + 1 * L)).intoArray(c, ci + 3 * ldc + 1 * L);
            c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc + 0 * L)).intoArray(c, ci + 4 * ldc + 0 * L);
            c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + 1 * L)).intoArray(c, ci + 4 * ldc + 1 * L);
            c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc + 0 * L)).intoArray(c, ci + 5 * ldc + 0 * L);
            c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + 1 * L)).intoArray(c, ci + 5 * ldc + 1 * L);
            c60.add(FloatVector.fromArray(S, c, ci + 6 * ldc + 0 * L)).intoArray(c, ci + 6 * ldc + 0 * L);
            c61.add(FloatVector.fromArray(S, c, ci + 6 * ldc + 1 * L)).intoArray(c, ci + 6 * ldc + 1 * L);
            c70.add(FloatVector.fromArray(S, c, ci + 7 * ldc + 0 * L)).intoArray(c, ci + 7 * ldc + 0 * L);
            c71.add(FloatVector.fromArray(S, c, ci + 7 * ldc + 1 * L)).intoArray(c, ci + 7 * ldc + 1 * L);
            c80.add(FloatVector.fromArray(S, c, ci + 8 * ldc + 0 * L)).intoArray(c, ci + 8 * ldc + 0 * L);
            c81.add(FloatVector.fromArray(S, c, ci + 8 * ldc + 1 * L)).intoArray(c, ci + 8 * ldc + 1 * L);
            c90.add(FloatVector.fromArray(S, c, ci + 9 * ldc + 0 * L)).intoArray(c, ci + 9 * ldc + 0 * L);
            c91.add(FloatVector.fromArray(S, c, ci + 9 * ldc + 1 * L)).intoArray(c, ci + 9 * ldc + 1 * L);
            c100.add(FloatVector.fromArray(S, c, ci + 10 * ldc + 0 * L)).intoArray(c, ci + 10 * ldc + 0 * L);
            c101.add(FloatVector.fromArray(S, c, ci + 10 * ldc + 1 * L)).intoArray(c, ci + 10 * ldc + 1 * L);
            c110.add(FloatVector.fromArray(S, c, ci + 11 * ldc + 0 * L)).intoArray(c, ci + 11 * ldc + 0 * L);
            c111.add(FloatVector.fromArray(S, c, ci + 11 * ldc + 1 * L)).intoArray(c, ci + 11 * ldc + 1 * L);
        } else {
            c00.intoArray(c, ci + 0 * ldc + 0 * L);
            c01.intoArray(c, ci + 0 * ldc + 1 * L);
            c10.intoArray(c, ci + 1 * ldc + 0 * L);
            c11.intoArray(c, ci + 1 * ldc + 1 * L);
            c20.intoArray(c, ci + 2 * ldc + 0 * L);
            c21.intoArray(c, ci + 2 * ldc + 1 * L);
            c30.intoArray(c, ci + 3 * ldc + 0 * L);
            c31.intoArray(c, ci + 3 * ldc + 1 * L);
            c40.intoArray(c, ci + 4 * ldc + 0 * L);
            c41.intoArray(c, ci + 4 * ldc + 1 * L);
            c50.intoArray(c, ci + 5 * ldc + 0 * L);
            c51.intoArray(c, ci + 5 * ldc + 1 * L);
            c60.intoArray(c, ci + 6 * ldc + 0 * L);
            c61.intoArray(c, ci + 6 * ldc + 1 * L);
            c70.intoArray(c, ci + 7 * ldc + 0 * L);
            c71.intoArray(c, ci + 7 * ldc + 1 * L);
            c80.intoArray(c, ci + 8 * ldc + 0 * L);
            c81.intoArray(c, ci + 8 * ldc + 1 * L);
            c90.intoArray(c, ci + 9 * ldc + 0 * L);
            c91.intoArray(c, ci + 9 * ldc + 1 * L);
            c100.intoArray(c, ci + 10 * ldc + 0 * L);
            c101.intoArray(c, ci + 10 * ldc + 1 * L);
            c110.intoArray(c, ci + 11 * ldc + 0 * L);
            c111.intoArray(c, ci + 11 * ldc + 1 * L);
        }
    }

    /**
     * A partial tile whose columns fit in one vector (nr at most L, as in a classifier's last layer of 10
     * outputs): only the left half of the panel is multiplied, into a scratch tile, and the valid part merged
     * into C. Each element sums the same products in the same order as {@link #tile}, so the bits are the same;
     * it skips the half of the multiply-adds that would only fill padding.
     */
    static void halfEdgeTile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
                             boolean accumulate, int mr, int nr, float[] scratch) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S);
        FloatVector c3 = FloatVector.zero(S), c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S), c7 = FloatVector.zero(S), c8 = FloatVector.zero(S);
        FloatVector c9 = FloatVector.zero(S), c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            c0 = b0.fma(FloatVector.broadcast(S, ap[ai]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, ap[ai + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, ap[ai + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, ap[ai + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, ap[ai + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, ap[ai + 5]), c5);
            c6 = b0.fma(FloatVector.broadcast(S, ap[ai + 6]), c6);
            c7 = b0.fma(FloatVector.broadcast(S, ap[ai + 7]), c7);
            c8 = b0.fma(FloatVector.broadcast(S, ap[ai + 8]), c8);
            c9 = b0.fma(FloatVector.broadcast(S, ap[ai + 9]), c9);
            c10 = b0.fma(FloatVector.broadcast(S, ap[ai + 10]), c10);
            c11 = b0.fma(FloatVector.broadcast(S, ap[ai + 11]), c11);
            ai += MR;
            bi += NR;
        }
        c0.intoArray(scratch, 0);
        c1.intoArray(scratch, L);
        c2.intoArray(scratch, 2 * L);
        c3.intoArray(scratch, 3 * L);
        c4.intoArray(scratch, 4 * L);
        c5.intoArray(scratch, 5 * L);
        c6.intoArray(scratch, 6 * L);
        c7.intoArray(scratch, 7 * L);
        c8.intoArray(scratch, 8 * L);
        c9.intoArray(scratch, 9 * L);
        c10.intoArray(scratch, 10 * L);
        c11.intoArray(scratch, 11 * L);
        merge(c, ci, ldc, accumulate, mr, nr, scratch, L);
    }

    /** Merges rows of width nr, stride `stride` in scratch, into C: stored, or added when accumulate is true. */
    private static void merge(float[] c, int ci, int ldc, boolean accumulate, int mr, int nr, float[] scratch,
                              int stride) {
        for (int r = 0; r < mr; r++) {
            int row = ci + r * ldc;
            int t = r * stride;
            if (accumulate) {
                for (int j = 0; j < nr; j++) {
                    c[row + j] += scratch[t + j];
                }
            } else {
                System.arraycopy(scratch, t, c, row, nr);
            }
        }
    }

    /**
     * A partial tile (mr rows, nr columns, at most MR x NR): the same full-width kernel runs into a scratch
     * tile (packing zero-pads the operands) and only the valid part is merged into C. Sharing the one hot
     * kernel matters: a rarely used copy of it stays interpreted or in C1 for long, where the Vector API is
     * two orders of magnitude slower (it showed up as 10-17 % of GEMM time in profiles).
     */
    static void edgeTile(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
                         boolean accumulate, int mr, int nr, float[] scratch) {
        tile(kc, ap, ai, MR, bp, bi, NR, scratch, 0, NR, false);
        merge(c, ci, ldc, accumulate, mr, nr, scratch, NR);
    }

}
