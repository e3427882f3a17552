package dev.profundo.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight and bias gradients of a direct convolution ({@link ConvDirect}): gw[co, tap] is the dot product
 * of output-gradient plane co with the input window of that tap, summed over a run of images. A tile of
 * 8 output channels by 3 taps keeps 24 vector sums in registers across every image of the run, so the
 * lanes are added up once per run rather than once per image.
 */
final class ConvDirectGrad {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROWS = 8;
    private static final int TAPS = 3;
    private static final VectorOperators.Associative ADD = VectorOperators.ADD;

    private ConvDirectGrad() {}

    /**
     * gw[gwOff + co*depth + k] = Σ over images i < imgs, output positions q of
     * gy[gyOff + i*gyStride + co*outHW + q] * (padded input i at tap k, position q); overwrites gw.
     * The padded images lie at xp[i*xpStride ..].
     */
    static void weightGrad(ConvDirect.Plan p, float[] xp, int xpStride, int imgs, float[] gy, int gyOff, int gyStride,
                           float[] gw, int gwOff) {
        int cout = p.cOut(), depth = p.depth();
        for (int co = 0; co < cout; co += ROWS) {
            int k = 0;
            for (; k + TAPS <= depth; k += TAPS) tile(p, xp, xpStride, imgs, gy, gyOff, gyStride, co, k, gw, gwOff);
            for (; k < depth; k++) tap1(p, xp, xpStride, imgs, gy, gyOff, gyStride, co, k, gw, gwOff);
        }
    }

    private static void tile(ConvDirect.Plan p, float[] xp, int xpStride, int imgs, float[] gy, int gyOff, int gyStride,
                             int co, int k, float[] gw, int gwOff) {
        int cout = p.cOut(), outHW = p.outH() * p.outW(), depth = p.depth();
        int[] vin = p.vecIn(), vout = p.vecOut(), tap = p.tapOff(), ln = p.vecLanes();
        // Rows past cout repeat the last row; their sums are simply not stored.
        int r0 = co * outHW, r1 = row(co + 1, cout) * outHW, r2 = row(co + 2, cout) * outHW, r3 = row(co + 3, cout) * outHW;
        int r4 = row(co + 4, cout) * outHW, r5 = row(co + 5, cout) * outHW, r6 = row(co + 6, cout) * outHW;
        int r7 = row(co + 7, cout) * outHW;
        int t0 = tap[k], t1 = tap[k + 1], t2 = tap[k + 2];
        var z = FloatVector.zero(S);
        var s00 = z; var s01 = z; var s02 = z; var s10 = z; var s11 = z; var s12 = z;
        var s20 = z; var s21 = z; var s22 = z; var s30 = z; var s31 = z; var s32 = z;
        var s40 = z; var s41 = z; var s42 = z; var s50 = z; var s51 = z; var s52 = z;
        var s60 = z; var s61 = z; var s62 = z; var s70 = z; var s71 = z; var s72 = z;
        for (int i = 0; i < imgs; i++) {
            int g = gyOff + i * gyStride, x = i * xpStride;
            for (int v = 0; v < vin.length; v++) {
                var m = S.indexInRange(0, ln[v]);
                int gq = g + vout[v], xq = x + vin[v];
                var x0 = FloatVector.fromArray(S, xp, xq + t0, m);
                var x1 = FloatVector.fromArray(S, xp, xq + t1, m);
                var x2 = FloatVector.fromArray(S, xp, xq + t2, m);
                var y = FloatVector.fromArray(S, gy, gq + r0, m);
                s00 = y.fma(x0, s00); s01 = y.fma(x1, s01); s02 = y.fma(x2, s02);
                y = FloatVector.fromArray(S, gy, gq + r1, m);
                s10 = y.fma(x0, s10); s11 = y.fma(x1, s11); s12 = y.fma(x2, s12);
                y = FloatVector.fromArray(S, gy, gq + r2, m);
                s20 = y.fma(x0, s20); s21 = y.fma(x1, s21); s22 = y.fma(x2, s22);
                y = FloatVector.fromArray(S, gy, gq + r3, m);
                s30 = y.fma(x0, s30); s31 = y.fma(x1, s31); s32 = y.fma(x2, s32);
                y = FloatVector.fromArray(S, gy, gq + r4, m);
                s40 = y.fma(x0, s40); s41 = y.fma(x1, s41); s42 = y.fma(x2, s42);
                y = FloatVector.fromArray(S, gy, gq + r5, m);
                s50 = y.fma(x0, s50); s51 = y.fma(x1, s51); s52 = y.fma(x2, s52);
                y = FloatVector.fromArray(S, gy, gq + r6, m);
                s60 = y.fma(x0, s60); s61 = y.fma(x1, s61); s62 = y.fma(x2, s62);
                y = FloatVector.fromArray(S, gy, gq + r7, m);
                s70 = y.fma(x0, s70); s71 = y.fma(x1, s71); s72 = y.fma(x2, s72);
            }
        }
        // Reductions written out: a helper taking vectors as arguments would box them.
        int o = gwOff + co * depth + k;
        { int q = o; gw[q] = s00.reduceLanes(ADD); gw[q + 1] = s01.reduceLanes(ADD); gw[q + 2] = s02.reduceLanes(ADD); }
        if (co + 1 < cout) { int q = o + 1 * depth; gw[q] = s10.reduceLanes(ADD); gw[q + 1] = s11.reduceLanes(ADD); gw[q + 2] = s12.reduceLanes(ADD); }
        if (co + 2 < cout) { int q = o + 2 * depth; gw[q] = s20.reduceLanes(ADD); gw[q + 1] = s21.reduceLanes(ADD); gw[q + 2] = s22.reduceLanes(ADD); }
        if (co + 3 < cout) { int q = o + 3 * depth; gw[q] = s30.reduceLanes(ADD); gw[q + 1] = s31.reduceLanes(ADD); gw[q + 2] = s32.reduceLanes(ADD); }
        if (co + 4 < cout) { int q = o + 4 * depth; gw[q] = s40.reduceLanes(ADD); gw[q + 1] = s41.reduceLanes(ADD); gw[q + 2] = s42.reduceLanes(ADD); }
        if (co + 5 < cout) { int q = o + 5 * depth; gw[q] = s50.reduceLanes(ADD); gw[q + 1] = s51.reduceLanes(ADD); gw[q + 2] = s52.reduceLanes(ADD); }
        if (co + 6 < cout) { int q = o + 6 * depth; gw[q] = s60.reduceLanes(ADD); gw[q + 1] = s61.reduceLanes(ADD); gw[q + 2] = s62.reduceLanes(ADD); }
        if (co + 7 < cout) { int q = o + 7 * depth; gw[q] = s70.reduceLanes(ADD); gw[q + 1] = s71.reduceLanes(ADD); gw[q + 2] = s72.reduceLanes(ADD); }
    }

    private static int row(int co, int cout) {
        return Math.min(co, cout - 1);
    }

    /** One tap for up to 8 output channels (the depth's remainder after whole 3-tap tiles). */
    private static void tap1(ConvDirect.Plan p, float[] xp, int xpStride, int imgs, float[] gy, int gyOff, int gyStride,
                             int co, int k, float[] gw, int gwOff) {
        int cout = p.cOut(), outHW = p.outH() * p.outW(), depth = p.depth();
        int rows = Math.min(ROWS, cout - co);
        int[] vin = p.vecIn(), vout = p.vecOut(), ln = p.vecLanes();
        int t = p.tapOff()[k];
        for (int r = 0; r < rows; r++) {
            var s = FloatVector.zero(S);
            for (int i = 0; i < imgs; i++) {
                int g = gyOff + i * gyStride + (co + r) * outHW, x = i * xpStride + t;
                for (int v = 0; v < vin.length; v++) {
                    var m = S.indexInRange(0, ln[v]);
                    s = FloatVector.fromArray(S, gy, g + vout[v], m).fma(FloatVector.fromArray(S, xp, x + vin[v], m), s);
                }
            }
            gw[gwOff + (co + r) * depth + k] = s.reduceLanes(VectorOperators.ADD);
        }
    }

    /** gb[gbOff + co] = Σ over images i < imgs of the plane gy[gyOff + i*gyStride + co*hw ..+hw); overwrites gb. */
    static void biasGrad(int cout, int hw, int imgs, float[] gy, int gyOff, int gyStride, float[] gb, int gbOff) {
        int bound = S.loopBound(hw);
        for (int co = 0; co < cout; co++) {
            var s = FloatVector.zero(S);
            float tail = 0f;
            for (int i = 0; i < imgs; i++) {
                int g = gyOff + i * gyStride + co * hw;
                for (int q = 0; q < bound; q += L) s = s.add(FloatVector.fromArray(S, gy, g + q));
                for (int q = bound; q < hw; q++) tail += gy[g + q];
            }
            gb[gbOff + co] = s.reduceLanes(VectorOperators.ADD) + tail;
        }
    }
}
