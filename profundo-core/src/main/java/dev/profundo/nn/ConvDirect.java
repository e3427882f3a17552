package dev.profundo.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct (implicit-GEMM) convolution for stride 1, dilation 1, one group: the input is copied once
 * into a zero-padded plane per channel, and every kernel tap then reads a shifted window of that plane
 * straight into the FMA loop, so no patch matrix is built. Output rows are cut into vectors (the last
 * one masked); a tile of 4 output channels by up to 6 vectors stays in registers over the whole depth.
 * The input gradient is the same loop run on the padded output gradient with flipped, transposed weights.
 */
final class ConvDirect {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels per register tile (the packed weight interleaves this many rows). */
    static final int MR = 4;

    private ConvDirect() {}

    /** Whether the direct kernels handle g: stride 1, dilation 1, one group, padding below the kernel size. */
    static boolean supports(ConvGeometry g) {
        return g.groups() == 1 && g.strideH() == 1 && g.strideW() == 1 && g.dilH() == 1 && g.dilW() == 1
                && g.padH() < g.kh() && g.padW() < g.kw();
    }

    /**
     * One stride-1 correlation: cIn planes h x w padded by padH x padW, a kh x kw kernel, cOut output
     * planes outH x outW. Holds the offsets every image shares.
     */
    record Plan(int cIn, int h, int w, int padH, int padW, int kh, int kw, int cOut, int outH, int outW,
                int[] tapOff, int[] vecIn, int[] vecOut, int[] vecLanes) {

        /** Padded plane width and height. */
        int wp() { return w + 2 * padW; }
        int hp() { return h + 2 * padH; }
        int planeP() { return wp() * hp(); }
        /** Depth of the implicit GEMM: cIn * kh * kw. */
        int depth() { return cIn * kh * kw; }
        /** Floats of one padded image, with slack for the masked-off lanes of the last vectors. */
        int paddedSize() { return cIn * planeP() + vecsPerRow() * L + kw + L; }
        int vecsPerRow() { return (outW + L - 1) / L; }
        int vecs() { return vecIn.length; }
        /** Output channels rounded up to whole tiles. */
        int coutPad() { return (cOut + MR - 1) / MR * MR; }

        static Plan of(int cIn, int h, int w, int padH, int padW, int kh, int kw) {
            int wp = w + 2 * padW, hp = h + 2 * padH;
            int outH = hp - kh + 1, outW = wp - kw + 1;
            int[] tap = new int[cIn * kh * kw];
            for (int ci = 0, t = 0; ci < cIn; ci++)
                for (int ki = 0; ki < kh; ki++)
                    for (int kj = 0; kj < kw; kj++) tap[t++] = ci * wp * hp + ki * wp + kj;
            int vpr = (outW + L - 1) / L;
            int[] vin = new int[outH * vpr], vout = new int[vin.length], lanes = new int[vin.length];
            for (int oh = 0, v = 0; oh < outH; oh++)
                for (int j = 0; j < vpr; j++, v++) {
                    vin[v] = oh * wp + j * L;
                    vout[v] = oh * outW + j * L;
                    lanes[v] = Math.min(L, outW - j * L);
                }
            return new Plan(cIn, h, w, padH, padW, kh, kw, -1, outH, outW, tap, vin, vout, lanes);
        }

        Plan withCout(int cOut) {
            return new Plan(cIn, h, w, padH, padW, kh, kw, cOut, outH, outW, tapOff, vecIn, vecOut, vecLanes);
        }
    }

    /** The forward plan of g. */
    static Plan forwardPlan(ConvGeometry g) {
        return Plan.of(g.cin(), g.h(), g.w(), g.padH(), g.padW(), g.kh(), g.kw()).withCout(g.cout());
    }

    /** The input-gradient plan of g: the output gradient padded by k-1-pad, producing cin planes h x w. */
    static Plan inputGradPlan(ConvGeometry g) {
        return Plan.of(g.cout(), g.outH(), g.outW(), g.kh() - 1 - g.padH(), g.kw() - 1 - g.padW(), g.kh(), g.kw())
                .withCout(g.cin());
    }

    /**
     * Packs weight [cout, cin, kh, kw] into tiles of {@link #MR} output channels: packed[(blk*depth + k)*MR + r]
     * = w[blk*MR + r, k], zero for rows past cout. With {@code transposeFlip} it packs the input-gradient
     * weight instead: row ci, depth (co, ki, kj) holds w[co, ci, kh-1-ki, kw-1-kj].
     */
    static void packWeights(ConvGeometry g, float[] w, int wOff, boolean transposeFlip, float[] packed) {
        int kh = g.kh(), kw = g.kw(), khw = kh * kw;
        int rows = transposeFlip ? g.cin() : g.cout();
        int inner = transposeFlip ? g.cout() : g.cin();
        int depth = inner * khw;
        int rowsPad = (rows + MR - 1) / MR * MR;
        for (int row = 0; row < rowsPad; row++) {
            int blk = row / MR, r = row % MR;
            for (int c = 0; c < inner; c++)
                for (int t = 0; t < khw; t++) {
                    float v = 0f;
                    if (row < rows) {
                        v = transposeFlip ? w[wOff + (c * g.cin() + row) * khw + (khw - 1 - t)]
                                : w[wOff + (row * g.cin() + c) * khw + t];
                    }
                    packed[(blk * depth + c * khw + t) * MR + r] = v;
                }
        }
    }

    /** Copies image planes src[srcOff..] (p.cIn x p.h x p.w) into dst with a zero border of the plan's padding. */
    static void pad(Plan p, float[] src, int srcOff, float[] dst, int dstOff) {
        int h = p.h(), w = p.w(), wp = p.wp(), hp = p.hp(), ph = p.padH(), pw = p.padW();
        for (int c = 0; c < p.cIn(); c++) {
            int d = dstOff + c * hp * wp, s = srcOff + c * h * w;
            java.util.Arrays.fill(dst, d, d + ph * wp + pw, 0f);
            for (int y = 0; y < h; y++) {
                int row = d + (ph + y) * wp + pw;
                System.arraycopy(src, s + y * w, dst, row, w);
                // Right border of this row and left border of the next are adjacent.
                java.util.Arrays.fill(dst, row + w, row + w + 2 * pw, 0f);
            }
            // The last row's fill above already reached pw floats into the bottom border (or past the plane).
            int tail = d + (ph + h) * wp + pw, end = d + hp * wp;
            if (tail < end) java.util.Arrays.fill(dst, tail, end, 0f);
        }
    }

    /**
     * out[outOff + co*outHW + ...] = bias[co] + correlation of the padded image xp[xpOff..] with the packed
     * weight, for output-channel tiles [blk0, blk1); bias may be null.
     */
    static void compute(Plan p, float[] xp, int xpOff, float[] packed, float[] bias, int bOff,
                        float[] out, int outOff, int blk0, int blk1) {
        int nv = p.vecs(), depth = p.depth(), outHW = p.outH() * p.outW();
        for (int blk = blk0; blk < blk1; blk++) {
            int wBase = blk * depth * MR;
            int co = blk * MR;
            int rows = Math.min(MR, p.cOut() - co);
            float b0 = bias(bias, bOff, co, rows, 0), b1 = bias(bias, bOff, co, rows, 1);
            float b2 = bias(bias, bOff, co, rows, 2), b3 = bias(bias, bOff, co, rows, 3);
            int oBase = outOff + co * outHW;
            int v = 0;
            for (; v + 6 <= nv; v += 6)
                tile6(p, xp, xpOff, packed, wBase, v, b0, b1, b2, b3, out, oBase, outHW, rows);
            for (; v + 2 <= nv; v += 2)
                tile2(p, xp, xpOff, packed, wBase, v, b0, b1, b2, b3, out, oBase, outHW, rows);
            for (; v < nv; v++)
                tile1(p, xp, xpOff, packed, wBase, v, b0, b1, b2, b3, out, oBase, outHW, rows);
        }
    }

    private static float bias(float[] b, int bOff, int co, int rows, int r) {
        return b == null || r >= rows ? 0f : b[bOff + co + r];
    }

    private static void tile6(Plan p, float[] xp, int xpOff, float[] wp, int wBase, int v,
                              float b0, float b1, float b2, float b3, float[] out, int oBase, int outHW, int rows) {
        int[] tap = p.tapOff(), vin = p.vecIn();
        int i0 = xpOff + vin[v], i1 = xpOff + vin[v + 1], i2 = xpOff + vin[v + 2];
        int i3 = xpOff + vin[v + 3], i4 = xpOff + vin[v + 4], i5 = xpOff + vin[v + 5];
        var z0 = FloatVector.broadcast(S, b0); var z1 = FloatVector.broadcast(S, b1);
        var z2 = FloatVector.broadcast(S, b2); var z3 = FloatVector.broadcast(S, b3);
        var a00 = z0; var a01 = z0; var a02 = z0; var a03 = z0; var a04 = z0; var a05 = z0;
        var a10 = z1; var a11 = z1; var a12 = z1; var a13 = z1; var a14 = z1; var a15 = z1;
        var a20 = z2; var a21 = z2; var a22 = z2; var a23 = z2; var a24 = z2; var a25 = z2;
        var a30 = z3; var a31 = z3; var a32 = z3; var a33 = z3; var a34 = z3; var a35 = z3;
        int wi = wBase;
        for (int k = 0; k < tap.length; k++, wi += MR) {
            int o = tap[k];
            var w0 = FloatVector.broadcast(S, wp[wi]);
            var w1 = FloatVector.broadcast(S, wp[wi + 1]);
            var w2 = FloatVector.broadcast(S, wp[wi + 2]);
            var w3 = FloatVector.broadcast(S, wp[wi + 3]);
            var x = FloatVector.fromArray(S, xp, o + i0);
            a00 = x.fma(w0, a00); a10 = x.fma(w1, a10); a20 = x.fma(w2, a20); a30 = x.fma(w3, a30);
            x = FloatVector.fromArray(S, xp, o + i1);
            a01 = x.fma(w0, a01); a11 = x.fma(w1, a11); a21 = x.fma(w2, a21); a31 = x.fma(w3, a31);
            x = FloatVector.fromArray(S, xp, o + i2);
            a02 = x.fma(w0, a02); a12 = x.fma(w1, a12); a22 = x.fma(w2, a22); a32 = x.fma(w3, a32);
            x = FloatVector.fromArray(S, xp, o + i3);
            a03 = x.fma(w0, a03); a13 = x.fma(w1, a13); a23 = x.fma(w2, a23); a33 = x.fma(w3, a33);
            x = FloatVector.fromArray(S, xp, o + i4);
            a04 = x.fma(w0, a04); a14 = x.fma(w1, a14); a24 = x.fma(w2, a24); a34 = x.fma(w3, a34);
            x = FloatVector.fromArray(S, xp, o + i5);
            a05 = x.fma(w0, a05); a15 = x.fma(w1, a15); a25 = x.fma(w2, a25); a35 = x.fma(w3, a35);
        }
        // Stores are written out here: a helper taking vectors as arguments would box them.
        int[] vo = p.vecOut(), ln = p.vecLanes();
        var m0 = S.indexInRange(0, ln[v]); var m1 = S.indexInRange(0, ln[v + 1]); var m2 = S.indexInRange(0, ln[v + 2]);
        var m3 = S.indexInRange(0, ln[v + 3]); var m4 = S.indexInRange(0, ln[v + 4]); var m5 = S.indexInRange(0, ln[v + 5]);
        int o0 = oBase + vo[v], o1 = oBase + vo[v + 1], o2 = oBase + vo[v + 2];
        int o3 = oBase + vo[v + 3], o4 = oBase + vo[v + 4], o5 = oBase + vo[v + 5];
        a00.intoArray(out, o0, m0); a01.intoArray(out, o1, m1); a02.intoArray(out, o2, m2);
        a03.intoArray(out, o3, m3); a04.intoArray(out, o4, m4); a05.intoArray(out, o5, m5);
        if (rows > 1) {
            int d = outHW;
            a10.intoArray(out, o0 + d, m0); a11.intoArray(out, o1 + d, m1); a12.intoArray(out, o2 + d, m2);
            a13.intoArray(out, o3 + d, m3); a14.intoArray(out, o4 + d, m4); a15.intoArray(out, o5 + d, m5);
        }
        if (rows > 2) {
            int d = 2 * outHW;
            a20.intoArray(out, o0 + d, m0); a21.intoArray(out, o1 + d, m1); a22.intoArray(out, o2 + d, m2);
            a23.intoArray(out, o3 + d, m3); a24.intoArray(out, o4 + d, m4); a25.intoArray(out, o5 + d, m5);
        }
        if (rows > 3) {
            int d = 3 * outHW;
            a30.intoArray(out, o0 + d, m0); a31.intoArray(out, o1 + d, m1); a32.intoArray(out, o2 + d, m2);
            a33.intoArray(out, o3 + d, m3); a34.intoArray(out, o4 + d, m4); a35.intoArray(out, o5 + d, m5);
        }
    }

    private static void tile2(Plan p, float[] xp, int xpOff, float[] wp, int wBase, int v,
                              float b0, float b1, float b2, float b3, float[] out, int oBase, int outHW, int rows) {
        int[] tap = p.tapOff(), vin = p.vecIn();
        int i0 = xpOff + vin[v], i1 = xpOff + vin[v + 1];
        var a00 = FloatVector.broadcast(S, b0); var a01 = a00;
        var a10 = FloatVector.broadcast(S, b1); var a11 = a10;
        var a20 = FloatVector.broadcast(S, b2); var a21 = a20;
        var a30 = FloatVector.broadcast(S, b3); var a31 = a30;
        int wi = wBase;
        for (int k = 0; k < tap.length; k++, wi += MR) {
            int o = tap[k];
            var w0 = FloatVector.broadcast(S, wp[wi]);
            var w1 = FloatVector.broadcast(S, wp[wi + 1]);
            var w2 = FloatVector.broadcast(S, wp[wi + 2]);
            var w3 = FloatVector.broadcast(S, wp[wi + 3]);
            var x = FloatVector.fromArray(S, xp, o + i0);
            a00 = x.fma(w0, a00); a10 = x.fma(w1, a10); a20 = x.fma(w2, a20); a30 = x.fma(w3, a30);
            x = FloatVector.fromArray(S, xp, o + i1);
            a01 = x.fma(w0, a01); a11 = x.fma(w1, a11); a21 = x.fma(w2, a21); a31 = x.fma(w3, a31);
        }
        int[] vo = p.vecOut(), ln = p.vecLanes();
        var m0 = S.indexInRange(0, ln[v]); var m1 = S.indexInRange(0, ln[v + 1]);
        int o0 = oBase + vo[v], o1 = oBase + vo[v + 1];
        a00.intoArray(out, o0, m0); a01.intoArray(out, o1, m1);
        if (rows > 1) { a10.intoArray(out, o0 + outHW, m0); a11.intoArray(out, o1 + outHW, m1); }
        if (rows > 2) { a20.intoArray(out, o0 + 2 * outHW, m0); a21.intoArray(out, o1 + 2 * outHW, m1); }
        if (rows > 3) { a30.intoArray(out, o0 + 3 * outHW, m0); a31.intoArray(out, o1 + 3 * outHW, m1); }
    }

    private static void tile1(Plan p, float[] xp, int xpOff, float[] wp, int wBase, int v,
                              float b0, float b1, float b2, float b3, float[] out, int oBase, int outHW, int rows) {
        int[] tap = p.tapOff();
        int i0 = xpOff + p.vecIn()[v];
        var a0 = FloatVector.broadcast(S, b0);
        var a1 = FloatVector.broadcast(S, b1);
        var a2 = FloatVector.broadcast(S, b2);
        var a3 = FloatVector.broadcast(S, b3);
        int wi = wBase;
        for (int k = 0; k < tap.length; k++, wi += MR) {
            var x = FloatVector.fromArray(S, xp, tap[k] + i0);
            a0 = x.fma(FloatVector.broadcast(S, wp[wi]), a0);
            a1 = x.fma(FloatVector.broadcast(S, wp[wi + 1]), a1);
            a2 = x.fma(FloatVector.broadcast(S, wp[wi + 2]), a2);
            a3 = x.fma(FloatVector.broadcast(S, wp[wi + 3]), a3);
        }
        var m = S.indexInRange(0, p.vecLanes()[v]);
        int o0 = oBase + p.vecOut()[v];
        a0.intoArray(out, o0, m);
        if (rows > 1) a1.intoArray(out, o0 + outHW, m);
        if (rows > 2) a2.intoArray(out, o0 + 2 * outHW, m);
        if (rows > 3) a3.intoArray(out, o0 + 3 * outHW, m);
    }
}
