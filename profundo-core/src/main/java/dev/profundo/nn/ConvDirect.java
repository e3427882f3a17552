package dev.profundo.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct (implicit-GEMM) convolution for stride 1 or 2, dilation 1, one group: the input is copied once
 * into a zero-padded plane per channel, and every kernel tap then reads a shifted window of that plane
 * straight into the FMA loop, so no patch matrix is built. Outputs are computed on the padded width
 * (see {@link Plan}), so every vector is full; a tile of 4 output channels by 4 vectors stays in
 * registers over the whole depth.
 * The input gradient is the same loop run on the padded output gradient with flipped, transposed weights.
 */
final class ConvDirect {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels per register tile (the packed weight interleaves this many rows). */
    static final int MR = 4;

    private ConvDirect() {}

    /**
     * Whether the direct kernels handle g: one group, dilation 1, padding below the kernel size, and stride 1,
     * or stride 2 with a kernel of at least 2x2 (a 1x1 kernel would use one phase of four: it measured slower
     * than GEMM on the subsampled input, 2.2 vs 1.5 ms for the resnet's 16->64 shortcut at batch 128).
     */
    static boolean supports(ConvGeometry g) {
        boolean stride = g.strideH() == 1 && g.strideW() == 1
                || g.strideH() == 2 && g.strideW() == 2 && g.kh() >= 2 && g.kw() >= 2;
        return g.groups() == 1 && stride && g.dilH() == 1 && g.dilW() == 1 && g.padH() < g.kh() && g.padW() < g.kw();
    }

    /**
     * One correlation: cIn planes h x w padded by padH x padW, a kh x kw kernel at stride 1 or 2, cOut output
     * planes outH x outW. Holds the offsets every image shares.
     *
     * <p>Outputs are computed on the plane width: flat position q = oh * wp + ow for ow in [0, wp) reads
     * the input at q + tap offset, so a vector covers consecutive positions across row ends and no lane
     * is masked. The wp - outW positions past each row's end are computed and dropped; at 7x7 that is
     * 63 positions in 4 full vectors instead of 7 rows of 7 lanes out of 16.
     *
     * <p>Stride 2 becomes stride 1 by splitting each padded channel into its four phases (even/odd rows
     * by even/odd columns, each plane a quarter of the size): tap (ki, kj) reads phase (ki % 2, kj % 2)
     * shifted by (ki / 2, kj / 2), and consecutive outputs read consecutive floats again.
     */
    record Plan(int cIn, int h, int w, int padH, int padW, int kh, int kw, int stride, int cOut, int outH,
                int outW, int[] tapOff) {

        /** Width and height of one (phase) plane of a padded channel. */
        int wp() { return (w + 2 * padW + stride - 1) / stride; }
        int hp() { return (h + 2 * padH + stride - 1) / stride; }
        int planeP() { return wp() * hp(); }
        /** Floats of one padded channel: stride * stride planes. */
        int channelSize() { return stride * stride * planeP(); }
        /** Depth of the implicit GEMM: cIn * kh * kw. */
        int depth() { return cIn * kh * kw; }
        /** Vectors covering the flat output positions outH * wp. */
        int vecs() { return (outH * wp() + L - 1) / L; }
        /** Floats of one padded image, with slack for the last vector's reads past the last plane. */
        int paddedSize() { return cIn * channelSize() + 2 * L + kw; }
        /** Output channels rounded up to whole tiles. */
        int coutPad() { return (cOut + MR - 1) / MR * MR; }

        static Plan of(int cIn, int h, int w, int padH, int padW, int kh, int kw, int stride) {
            int outH = (h + 2 * padH - kh) / stride + 1, outW = (w + 2 * padW - kw) / stride + 1;
            var p = new Plan(cIn, h, w, padH, padW, kh, kw, stride, -1, outH, outW, null);
            int[] tap = new int[cIn * kh * kw];
            for (int ci = 0, t = 0; ci < cIn; ci++)
                for (int ki = 0; ki < kh; ki++)
                    for (int kj = 0; kj < kw; kj++)
                        tap[t++] = ci * p.channelSize() + p.tapInChannel(ki, kj);
            return new Plan(cIn, h, w, padH, padW, kh, kw, stride, -1, outH, outW, tap);
        }

        /** Offset of tap (ki, kj) from the start of its channel's planes. */
        int tapInChannel(int ki, int kj) {
            int phase = (ki % stride) * stride + kj % stride;
            return phase * planeP() + (ki / stride) * wp() + kj / stride;
        }

        Plan withCout(int cOut) {
            return new Plan(cIn, h, w, padH, padW, kh, kw, stride, cOut, outH, outW, tapOff);
        }
    }

    /** The forward plan of g. */
    static Plan forwardPlan(ConvGeometry g) {
        return Plan.of(g.cin(), g.h(), g.w(), g.padH(), g.padW(), g.kh(), g.kw(), g.strideH()).withCout(g.cout());
    }

    /**
     * The input-gradient plan of a stride-1 g: the output gradient padded by k-1-pad, producing cin planes
     * h x w.
     */
    static Plan inputGradPlan(ConvGeometry g) {
        return Plan.of(g.cout(), g.outH(), g.outW(), g.kh() - 1 - g.padH(), g.kw() - 1 - g.padW(), g.kh(), g.kw(), 1)
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

    /**
     * Copies image planes src[srcOff..] (p.cIn x p.h x p.w) into dst with a zero border of the plan's padding
     * (split into phases at stride 2), then zeroes the slack.
     */
    static void pad(Plan p, float[] src, int srcOff, float[] dst, int dstOff) {
        if (p.stride() == 1) padUnitStride(p, src, srcOff, dst, dstOff);
        else
            for (int c = 0; c < p.cIn(); c++)
                padChannel(p, src, srcOff + c * p.h() * p.w(), dst, dstOff + c * p.channelSize());
        // The slack read by the last vectors only feeds dropped positions; zeroed so they stay finite.
        java.util.Arrays.fill(dst, dstOff + p.cIn() * p.channelSize(), dstOff + p.paddedSize(), 0f);
    }

    /**
     * One channel h x w from src[from..] into its padded (phase) planes at dst[at..at + channelSize()).
     */
    static void padChannel(Plan p, float[] src, int from, float[] dst, int at) {
        int h = p.h(), w = p.w(), s = p.stride(), wp = p.wp(), planeP = p.planeP();
        java.util.Arrays.fill(dst, at, at + p.channelSize(), 0f);
        for (int y = 0; y < h; y++) {
            int r = y + p.padH();
            int row = at + (r % s) * s * planeP + (r / s) * wp;
            if (s == 1) {
                System.arraycopy(src, from + y * w, dst, row + p.padW(), w);
                continue;
            }
            // Column c = padW + x of the padded row goes to phase c % 2 at c / 2: the row's even and odd
            // elements go to two runs, one per phase.
            int srcRow = from + y * w, c0 = p.padW();
            int even = row + (c0 & 1) * planeP + (c0 >> 1);                  // x = 0, 2, 4, ...
            int odd = row + ((c0 + 1) & 1) * planeP + ((c0 + 1) >> 1);      // x = 1, 3, 5, ...
            for (int j = 0, x = 0; x < w; j++, x += 2) dst[even + j] = src[srcRow + x];
            for (int j = 0, x = 1; x < w; j++, x += 2) dst[odd + j] = src[srcRow + x];
        }
    }

    /** pad() at stride 1: only the borders are zeroed, the interior is copied row by row. */
    private static void padUnitStride(Plan p, float[] src, int srcOff, float[] dst, int dstOff) {
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
    static void compute(Plan p, float[] xp, int xpOff, float[] packed, int packedOff, float[] bias, int bOff,
                        float[] out, int outOff, int blk0, int blk1) {
        int nv = p.vecs(), depth = p.depth(), outHW = p.outH() * p.outW();
        int flat = nv * L, wp = p.wp(), outW = p.outW();
        // One channel tile on the padded width, compacted into the output rows afterwards.
        float[] t = ConvScratch.get().tile(MR * flat);
        for (int blk = blk0; blk < blk1; blk++) {
            int wBase = packedOff + blk * depth * MR;
            int co = blk * MR;
            int rows = Math.min(MR, p.cOut() - co);
            float b0 = bias(bias, bOff, co, rows, 0), b1 = bias(bias, bOff, co, rows, 1);
            float b2 = bias(bias, bOff, co, rows, 2), b3 = bias(bias, bOff, co, rows, 3);
            int v = 0;
            for (; v + 4 <= nv; v += 4) tile4(p, xp, xpOff + v * L, packed, wBase, b0, b1, b2, b3, t, v * L, flat);
            for (; v + 2 <= nv; v += 2) tile2(p, xp, xpOff + v * L, packed, wBase, b0, b1, b2, b3, t, v * L, flat);
            for (; v < nv; v++) tile1(p, xp, xpOff + v * L, packed, wBase, b0, b1, b2, b3, t, v * L, flat);
            int oBase = outOff + co * outHW;
            for (int r = 0; r < rows; r++)
                for (int oh = 0; oh < p.outH(); oh++)
                    System.arraycopy(t, r * flat + oh * wp, out, oBase + r * outHW + oh * outW, outW);
        }
    }

    private static float bias(float[] b, int bOff, int co, int rows, int r) {
        return b == null || r >= rows ? 0f : b[bOff + co + r];
    }

    /*
     * Tile sizes are bounded by the JIT, not only by registers: a 4x6 tile with its 24 masked stores was too
     * large for C1 ("out of virtual registers"), and tiered compilation then left it in slow C1 code.
     * Each tile reads the input at i + tap offset and writes rows of t at tOff + r * flat.
     */
    private static void tile4(Plan p, float[] xp, int i, float[] wp, int wBase,
                              float b0, float b1, float b2, float b3, float[] t, int tOff, int flat) {
        int[] tap = p.tapOff();
        var a00 = FloatVector.broadcast(S, b0); var a01 = a00; var a02 = a00; var a03 = a00;
        var a10 = FloatVector.broadcast(S, b1); var a11 = a10; var a12 = a10; var a13 = a10;
        var a20 = FloatVector.broadcast(S, b2); var a21 = a20; var a22 = a20; var a23 = a20;
        var a30 = FloatVector.broadcast(S, b3); var a31 = a30; var a32 = a30; var a33 = a30;
        int wi = wBase;
        for (int k = 0; k < tap.length; k++, wi += MR) {
            int o = tap[k] + i;
            var w0 = FloatVector.broadcast(S, wp[wi]);
            var w1 = FloatVector.broadcast(S, wp[wi + 1]);
            var w2 = FloatVector.broadcast(S, wp[wi + 2]);
            var w3 = FloatVector.broadcast(S, wp[wi + 3]);
            var x = FloatVector.fromArray(S, xp, o);
            a00 = x.fma(w0, a00); a10 = x.fma(w1, a10); a20 = x.fma(w2, a20); a30 = x.fma(w3, a30);
            x = FloatVector.fromArray(S, xp, o + L);
            a01 = x.fma(w0, a01); a11 = x.fma(w1, a11); a21 = x.fma(w2, a21); a31 = x.fma(w3, a31);
            x = FloatVector.fromArray(S, xp, o + 2 * L);
            a02 = x.fma(w0, a02); a12 = x.fma(w1, a12); a22 = x.fma(w2, a22); a32 = x.fma(w3, a32);
            x = FloatVector.fromArray(S, xp, o + 3 * L);
            a03 = x.fma(w0, a03); a13 = x.fma(w1, a13); a23 = x.fma(w2, a23); a33 = x.fma(w3, a33);
        }
        int r0 = tOff, r1 = r0 + flat, r2 = r1 + flat, r3 = r2 + flat;
        a00.intoArray(t, r0); a01.intoArray(t, r0 + L); a02.intoArray(t, r0 + 2 * L); a03.intoArray(t, r0 + 3 * L);
        a10.intoArray(t, r1); a11.intoArray(t, r1 + L); a12.intoArray(t, r1 + 2 * L); a13.intoArray(t, r1 + 3 * L);
        a20.intoArray(t, r2); a21.intoArray(t, r2 + L); a22.intoArray(t, r2 + 2 * L); a23.intoArray(t, r2 + 3 * L);
        a30.intoArray(t, r3); a31.intoArray(t, r3 + L); a32.intoArray(t, r3 + 2 * L); a33.intoArray(t, r3 + 3 * L);
    }

    private static void tile2(Plan p, float[] xp, int i, float[] wp, int wBase,
                              float b0, float b1, float b2, float b3, float[] t, int tOff, int flat) {
        int[] tap = p.tapOff();
        var a00 = FloatVector.broadcast(S, b0); var a01 = a00;
        var a10 = FloatVector.broadcast(S, b1); var a11 = a10;
        var a20 = FloatVector.broadcast(S, b2); var a21 = a20;
        var a30 = FloatVector.broadcast(S, b3); var a31 = a30;
        int wi = wBase;
        for (int k = 0; k < tap.length; k++, wi += MR) {
            int o = tap[k] + i;
            var w0 = FloatVector.broadcast(S, wp[wi]);
            var w1 = FloatVector.broadcast(S, wp[wi + 1]);
            var w2 = FloatVector.broadcast(S, wp[wi + 2]);
            var w3 = FloatVector.broadcast(S, wp[wi + 3]);
            var x = FloatVector.fromArray(S, xp, o);
            a00 = x.fma(w0, a00); a10 = x.fma(w1, a10); a20 = x.fma(w2, a20); a30 = x.fma(w3, a30);
            x = FloatVector.fromArray(S, xp, o + L);
            a01 = x.fma(w0, a01); a11 = x.fma(w1, a11); a21 = x.fma(w2, a21); a31 = x.fma(w3, a31);
        }
        int r0 = tOff, r1 = r0 + flat, r2 = r1 + flat, r3 = r2 + flat;
        a00.intoArray(t, r0); a01.intoArray(t, r0 + L);
        a10.intoArray(t, r1); a11.intoArray(t, r1 + L);
        a20.intoArray(t, r2); a21.intoArray(t, r2 + L);
        a30.intoArray(t, r3); a31.intoArray(t, r3 + L);
    }

    private static void tile1(Plan p, float[] xp, int i, float[] wp, int wBase,
                              float b0, float b1, float b2, float b3, float[] t, int tOff, int flat) {
        int[] tap = p.tapOff();
        var a0 = FloatVector.broadcast(S, b0);
        var a1 = FloatVector.broadcast(S, b1);
        var a2 = FloatVector.broadcast(S, b2);
        var a3 = FloatVector.broadcast(S, b3);
        int wi = wBase;
        for (int k = 0; k < tap.length; k++, wi += MR) {
            var x = FloatVector.fromArray(S, xp, tap[k] + i);
            a0 = x.fma(FloatVector.broadcast(S, wp[wi]), a0);
            a1 = x.fma(FloatVector.broadcast(S, wp[wi + 1]), a1);
            a2 = x.fma(FloatVector.broadcast(S, wp[wi + 2]), a2);
            a3 = x.fma(FloatVector.broadcast(S, wp[wi + 3]), a3);
        }
        a0.intoArray(t, tOff); a1.intoArray(t, tOff + flat); a2.intoArray(t, tOff + 2 * flat); a3.intoArray(t, tOff + 3 * flat);
    }
}
