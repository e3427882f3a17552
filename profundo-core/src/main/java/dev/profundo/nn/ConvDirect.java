package dev.profundo.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct (implicit-GEMM) convolution for stride 1, dilation 1, one group: the input is copied once
 * into a zero-padded plane per channel, and every kernel tap then reads a shifted window of that plane
 * straight into the FMA loop, so no patch matrix is built. Output rows are cut into vectors (the last
 * one masked); a tile of 4 output channels by 4 vectors stays in registers over the whole depth.
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
            if (rows == MR) {
                for (; v + 4 <= nv; v += 4)
                    tile4(p, xp, xpOff, packed, wBase, v, b0, b1, b2, b3, out, oBase, outHW);
                for (; v + 2 <= nv; v += 2)
                    tile2(p, xp, xpOff, packed, wBase, v, b0, b1, b2, b3, out, oBase, outHW);
            }
            // The last, partial channel block (and any odd vector) goes one vector at a time.
            for (; v < nv; v++)
                tile1(p, xp, xpOff, packed, wBase, v, b0, b1, b2, b3, out, oBase, outHW, rows);
        }
    }

    private static float bias(float[] b, int bOff, int co, int rows, int r) {
        return b == null || r >= rows ? 0f : b[bOff + co + r];
    }

    /*
     * Tile sizes are bounded by the JIT, not only by registers: a 4x6 tile with its 24 masked stores was too
     * large for C1 ("out of virtual registers"), and tiered compilation then left it in slow C1 code.
     */
    private static void tile4(Plan p, float[] xp, int xpOff, float[] wp, int wBase, int v,
                              float b0, float b1, float b2, float b3, float[] out, int oBase, int outHW) {
        int[] tap = p.tapOff(), vin = p.vecIn();
        int i0 = xpOff + vin[v], i1 = xpOff + vin[v + 1], i2 = xpOff + vin[v + 2], i3 = xpOff + vin[v + 3];
        var a00 = FloatVector.broadcast(S, b0); var a01 = a00; var a02 = a00; var a03 = a00;
        var a10 = FloatVector.broadcast(S, b1); var a11 = a10; var a12 = a10; var a13 = a10;
        var a20 = FloatVector.broadcast(S, b2); var a21 = a20; var a22 = a20; var a23 = a20;
        var a30 = FloatVector.broadcast(S, b3); var a31 = a30; var a32 = a30; var a33 = a30;
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
        }
        // Plain stores into a per-thread tile, then a copy of the valid lanes: masked stores written out
        // here made the method too large for C1, and tiered compilation then kept it in slow code.
        float[] t = ConvScratch.get().tile(16 * L);
        a00.intoArray(t, 0); a01.intoArray(t, L); a02.intoArray(t, 2 * L); a03.intoArray(t, 3 * L);
        a10.intoArray(t, 4 * L); a11.intoArray(t, 5 * L); a12.intoArray(t, 6 * L); a13.intoArray(t, 7 * L);
        a20.intoArray(t, 8 * L); a21.intoArray(t, 9 * L); a22.intoArray(t, 10 * L); a23.intoArray(t, 11 * L);
        a30.intoArray(t, 12 * L); a31.intoArray(t, 13 * L); a32.intoArray(t, 14 * L); a33.intoArray(t, 15 * L);
        copyTile(p, v, 4, t, out, oBase, outHW);
    }

    /** Copies a 4-row tile of {@code cols} vectors, stored row-major in t, to its output positions. */
    private static void copyTile(Plan p, int v, int cols, float[] t, float[] out, int oBase, int outHW) {
        int[] vo = p.vecOut(), ln = p.vecLanes();
        for (int r = 0; r < MR; r++)
            for (int j = 0; j < cols; j++)
                System.arraycopy(t, (r * cols + j) * L, out, oBase + r * outHW + vo[v + j], ln[v + j]);
    }

    private static void tile2(Plan p, float[] xp, int xpOff, float[] wp, int wBase, int v,
                              float b0, float b1, float b2, float b3, float[] out, int oBase, int outHW) {
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
        float[] t = ConvScratch.get().tile(8 * L);
        a00.intoArray(t, 0); a01.intoArray(t, L); a10.intoArray(t, 2 * L); a11.intoArray(t, 3 * L);
        a20.intoArray(t, 4 * L); a21.intoArray(t, 5 * L); a30.intoArray(t, 6 * L); a31.intoArray(t, 7 * L);
        copyTile(p, v, 2, t, out, oBase, outHW);
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
