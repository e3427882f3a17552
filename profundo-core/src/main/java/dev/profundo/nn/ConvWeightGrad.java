package dev.profundo.nn;

import dev.profundo.kernels.Gemm;
import dev.profundo.kernels.Im2col;

/**
 * Weight gradient of a run of images with one GEMM: their patch matrices are unfolded side by side
 * into one wide matrix and their output gradients laid out to match, so GEMM sees a long depth
 * (images x output positions) instead of one short product per image.
 */
final class ConvWeightGrad {
    /** Cap, in floats, on the wide patch matrix; longer runs of images go in several passes. */
    private static final int WIDE_LIMIT = 1 << 21;

    private ConvWeightGrad() {}

    /**
     * gw[gwOff..] = (first ? 0 : gw) + sum over images [i0, i1) of gy_i * cols_i^T, per group. Pass sizes
     * depend only on the geometry, so the sum is grouped the same way whatever the thread count.
     */
    static void accumulate(ConvGeometry g, int i0, int i1, float[] x, int xOff, float[] gy, int gyOff,
                           float[] gw, int gwOff, boolean first) {
        int outHW = g.outHW(), kG = g.kG(), coutG = g.coutG(), rows = g.groups() * kG;
        int perPass = Math.max(1, WIDE_LIMIT / Math.max(1, rows * outHW));
        ConvScratch scratch = ConvScratch.get();
        // Computed transposed (kG x coutG per group): GEMM packs the wide patch matrix as its A operand,
        // which measured about 10% faster than packing it as a transposed B.
        float[] gwT = scratch.wideOut(rows * coutG);
        for (int p0 = i0; p0 < i1; p0 += perPass) {
            int p1 = Math.min(i1, p0 + perPass);
            int ld = (p1 - p0) * outHW;
            float[] cols = scratch.wideCols(rows * ld);
            float[] gyWide = scratch.wideGy(g.cout() * ld);
            gather(g, p0, p1, x, xOff, gy, gyOff, cols, gyWide, ld);
            float beta = p0 == i0 ? 0f : 1f;
            for (int gr = 0; gr < g.groups(); gr++)
                Gemm.sgemm(false, true, kG, coutG, ld, 1f, cols, gr * kG * ld, ld,
                        gyWide, gr * coutG * ld, ld, beta, gwT, gr * kG * coutG, coutG);
        }
        for (int gr = 0; gr < g.groups(); gr++) {
            int src = gr * kG * coutG, dst = gwOff + gr * coutG * kG;
            for (int co = 0; co < coutG; co++)
                for (int k = 0; k < kG; k++) {
                    float v = gwT[src + k * coutG + co];
                    gw[dst + co * kG + k] = first ? v : gw[dst + co * kG + k] + v;
                }
        }
    }

    /** Image j of the pass fills columns [j*outHW, (j+1)*outHW) of both wide matrices. */
    private static void gather(ConvGeometry g, int p0, int p1, float[] x, int xOff, float[] gy, int gyOff,
                               float[] cols, float[] gyWide, int ld) {
        int outHW = g.outHW(), imageSize = g.cin() * g.h() * g.w(), cout = g.cout();
        int paddedSize = g.cin() * (g.h() + 2 * g.padH()) * (g.w() + 2 * g.padW());
        float[] xp = ConvScratch.get().widePadded(paddedSize);
        // Every image writes the same interior, so the border zeroed here stays zero for the whole pass.
        java.util.Arrays.fill(xp, 0, paddedSize, 0f);
        for (int i = p0; i < p1; i++) {
            int col = (i - p0) * outHW;
            int xBase = xOff + i * imageSize;
            if (g.pointwise()) {
                // 1x1, stride 1, no padding: the image itself is the patch matrix.
                for (int ci = 0; ci < g.cin(); ci++)
                    System.arraycopy(x, xBase + ci * outHW, cols, ci * ld + col, outHW);
            } else if (g.strideH() == 1 && g.strideW() == 1 && g.dilH() == 1 && g.dilW() == 1) {
                unfoldUnitStride(g, x, xBase, xp, cols, col, ld);
            } else {
                Im2col.im2col(x, xBase, g.cin(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                        g.padH(), g.padW(), g.dilH(), g.dilW(), cols, col, ld);
            }
            int gyBase = gyOff + i * cout * outHW;
            for (int co = 0; co < cout; co++)
                System.arraycopy(gy, gyBase + co * outHW, gyWide, co * ld + col, outHW);
        }
    }

    /**
     * im2col for stride 1 and dilation 1 through a zero-padded copy of the image: each patch-matrix row
     * segment is then one plain copy, with none of the per-segment padding checks, about 30% faster.
     */
    private static void unfoldUnitStride(ConvGeometry g, float[] x, int xBase, float[] xp, float[] cols, int col,
                                         int ld) {
        int h = g.h(), w = g.w(), kh = g.kh(), kw = g.kw(), padH = g.padH(), padW = g.padW();
        int hp = h + 2 * padH, wp = w + 2 * padW, outH = g.outH(), outW = g.outW();
        for (int ci = 0; ci < g.cin(); ci++)
            for (int r = 0; r < h; r++)
                System.arraycopy(x, xBase + (ci * h + r) * w, xp, (ci * hp + r + padH) * wp + padW, w);
        for (int ci = 0; ci < g.cin(); ci++)
            for (int ki = 0; ki < kh; ki++)
                for (int kj = 0; kj < kw; kj++) {
                    int row = ((ci * kh + ki) * kw + kj) * ld + col;
                    int src = (ci * hp + ki) * wp + kj;
                    for (int oh = 0; oh < outH; oh++)
                        System.arraycopy(xp, src + oh * wp, cols, row + oh * outW, outW);
                }
    }
}
