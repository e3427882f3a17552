package dev.profundo.nn;

import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight gradient of a stride-1 or stride-2 convolution without a patch matrix: gw[co, ci, ki, kj] is the dot
 * product of the output gradient plane gy[n, co] with the padded input plane x[n, ci] shifted by the
 * tap (ki, kj), summed over the batch. Both planes are laid out on the padded width, as in
 * {@link ConvDirect.Plan}, with the output gradient zero past each row's end, so each dot product runs
 * over whole vectors and the positions past a row's end add nothing.
 *
 * <p>A register tile holds 8 output channels by 3 taps of one kernel row (24 vector accumulators; the
 * output-gradient copy is padded with zero channels to a multiple of 8) over a block of images, then each
 * accumulator is summed across its lanes. Every gradient element is summed in the same order whatever the thread count and compiler tier:
 * threads own output channels, blocks of images are added one after another, and lanes are summed by a
 * fixed tree.
 */
final class ConvDirectWeightGrad {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Output channels per register tile; the gradient copy is padded with zero planes to a multiple. */
    private static final int TILE = 8;
    /**
     * Vector positions per block of images: few enough that a tile's output-gradient planes for the block
     * (8 x 128 vectors, 64 KiB) stay near the core while every input channel and kernel row passes over
     * them, enough to make the lane sums that end each tile a small cost (48 measured the same, within noise).
     */
    private static final int VECTORS_PER_BLOCK = 128;
    /** Shuffles that swap lanes i and i ^ d for d = L/2, L/4, ..., 1: the steps of {@link #laneSum}. */
    private static final VectorShuffle<Float>[] HALVES = halves();

    private ConvDirectWeightGrad() {}

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int k = 0, d = L / 2; k < steps; k++, d /= 2) {
            int dist = d;
            out[k] = VectorShuffle.fromOp(S, i -> i ^ dist);
        }
        return out;
    }

    /**
     * Whether the direct weight gradient is expected to beat im2col + GEMM for g. Measured on 1 thread at
     * batch 128 (ConvPhaseCheck, ms direct vs GEMM): 16 channels at 28x28 5.7 vs 12.7, 32->64 at 14x14 9.1 vs
     * 10.0, 64 at 14x14 18.1 vs 19.1, 128 at 7x7 19.2 vs 18.1. The direct kernel loses where the padded
     * width wastes many lanes (7x7: 49 of 64 positions) and GEMM has enough output channels to fill its tiles.
     */
    static boolean pays(ConvGeometry g) {
        // At stride 2 the four-phase copy of every input costs more than it saves: 9.8 vs 8.3 ms at 16->64.
        if (g.strideH() != 1) return false;
        ConvDirect.Plan p = ConvDirect.forwardPlan(g);
        double used = (double) g.outHW() / (p.vecs() * L);
        return used >= 0.8 || g.cout() < 64;
    }

    /**
     * gw (overwritten) = gradient of the weight from x [n, cin, h, w] and gy [n, cout, outH, outW];
     * gb (may be null, overwritten) = gradient of the bias.
     */
    static void compute(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, float[] gb) {
        ConvDirect.Plan p = ConvDirect.forwardPlan(g);
        int n = g.n(), nv = p.vecs(), flat = nv * L, coutPad = (g.cout() + TILE - 1) / TILE * TILE;
        int xPlane = xPlane(p);
        int imageSize = g.cin() * g.h() * g.w(), outHW = g.outHW();
        ConvScratch scratch = ConvScratch.get();
        // Channel-major copies, [ci][n] and [co][n]: a tile then streams each channel's planes image after
        // image. (Image-major gradient planes 32 KiB apart mapped to the same cache sets and ran at a third.)
        float[] xb = scratch.batchPadded((long) g.cin() * n * xPlane);
        float[] gyb = scratch.batchGradOut((long) coutPad * n * flat);
        Parallel.forRange(n, 1, (s, e) -> {
            for (int i = s; i < e; i++) {
                for (int ci = 0; ci < g.cin(); ci++) {
                    int at = (ci * n + i) * xPlane;
                    ConvDirect.padChannel(p, x, xOff + i * imageSize + ci * g.h() * g.w(), xb, at);
                    java.util.Arrays.fill(xb, at + p.channelSize(), at + xPlane, 0f);
                }
                for (int co = 0; co < coutPad; co++)
                    flatPlane(p, gy, gyOff + (i * g.cout() + co) * outHW, co < g.cout(), gyb, (co * n + i) * flat, flat);
            }
        });
        int block = Math.max(1, Math.min(n, (VECTORS_PER_BLOCK + nv - 1) / nv));
        Parallel.forRange(coutPad / TILE, 1, (s, e) -> {
            for (int n0 = 0; n0 < n; n0 += block) {
                int n1 = Math.min(n, n0 + block);
                for (int tile = s; tile < e; tile++)
                    for (int ci = 0; ci < p.cIn(); ci++)
                        for (int ki = 0; ki < p.kh(); ki++)
                            kernelRow(p, n, xb, xPlane, gyb, flat, n0, n1, tile, ci, ki, gw, n0 == 0);
            }
        });
        if (gb != null) {
            Parallel.forRange(g.cout(), 1, (s, e) -> {
                for (int co = s; co < e; co++) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) sum += VectorOps.sum(gy, gyOff + (i * g.cout() + co) * outHW, outHW);
                    gb[co] = (float) sum;
                }
            });
        }
    }

    /**
     * Floats per padded input channel of one image: its (phase) planes, then zeros for the reads of the last
     * vector past their end.
     */
    private static int xPlane(ConvDirect.Plan p) {
        return p.channelSize() + L + p.kw();
    }

    /** One output-gradient plane on the padded width into dst[at..at+flat), zero past each row (all zero if !real). */
    private static void flatPlane(ConvDirect.Plan p, float[] gy, int from, boolean real, float[] dst, int at, int flat) {
        int outH = p.outH(), outW = p.outW(), wp = p.wp();
        java.util.Arrays.fill(dst, at, at + flat, 0f);
        if (real)
            for (int oh = 0; oh < outH; oh++) System.arraycopy(gy, from + oh * outW, dst, at + oh * wp, outW);
    }

    /**
     * The taps of kernel row ki for input channel ci and output channels [8 tile, 8 tile + 8), over images
     * [n0, n1) of n.
     */
    private static void kernelRow(ConvDirect.Plan p, int n, float[] xb, int xPlane, float[] gyb, int flat,
                                  int n0, int n1, int tile, int ci, int ki, float[] gw, boolean first) {
        int kw = p.kw(), rows = Math.min(TILE, p.cOut() - tile * TILE);
        int xAt = (ci * n + n0) * xPlane;
        int gyAt = (tile * TILE * n + n0) * flat, gyRow = n * flat;
        int gw0 = ((tile * TILE * p.cIn() + ci) * p.kh() + ki) * kw, rowStride = p.cIn() * p.kh() * kw;
        int kj = 0, images = n1 - n0;
        for (; kj + 3 <= kw; kj += 3) {
            // Three taps of the row: consecutive floats at stride 1, alternating phase planes at stride 2.
            int o0 = p.tapInChannel(ki, kj), d1 = p.tapInChannel(ki, kj + 1) - o0, d2 = p.tapInChannel(ki, kj + 2) - o0;
            taps3(xb, xPlane, xAt + o0, d1, d2, gyb, gyRow, gyAt, flat, images, gw, gw0 + kj, rowStride, rows, first);
        }
        for (; kj < kw; kj++) {
            int o = xAt + p.tapInChannel(ki, kj);
            for (int r0 = 0; r0 < rows; r0 += 4)
                taps1(xb, xPlane, o, gyb, gyRow, gyAt + r0 * gyRow, flat, images, gw, gw0 + kj + r0 * rowStride,
                        rowStride, Math.min(4, rows - r0), first);
        }
    }

    /**
     * Three taps (x at xOff, xOff + d1, xOff + d2) for 8 output channels: 24 accumulators, 11 loads per 24
     * FMAs (a 4-channel tile needed 7 per 12). One loop over the block's vector positions, image after image:
     * a plane at 7x7 is only 4 vectors, and a loop per image that short ran at a third of the rate.
     */
    private static void taps3(float[] xb, int xPlane, int xOff, int d1, int d2, float[] gyb, int gyRow, int gyOff,
                              int flat, int images, float[] gw, int gwOff, int rowStride, int rows, boolean first) {
        var a00 = FloatVector.zero(S); var a01 = a00; var a02 = a00;
        var a10 = a00; var a11 = a00; var a12 = a00;
        var a20 = a00; var a21 = a00; var a22 = a00;
        var a30 = a00; var a31 = a00; var a32 = a00;
        var a40 = a00; var a41 = a00; var a42 = a00;
        var a50 = a00; var a51 = a00; var a52 = a00;
        var a60 = a00; var a61 = a00; var a62 = a00;
        var a70 = a00; var a71 = a00; var a72 = a00;
        // gy is contiguous over the block's images; x jumps from one padded plane to the next every flat floats.
        int xi = xOff, q = 0;
        for (int gi = gyOff, end = gyOff + images * flat; gi < end; gi += L) {
            var x0 = FloatVector.fromArray(S, xb, xi + q);
            var x1 = FloatVector.fromArray(S, xb, xi + q + d1);
            var x2 = FloatVector.fromArray(S, xb, xi + q + d2);
            var g = FloatVector.fromArray(S, gyb, gi);
            a00 = g.fma(x0, a00); a01 = g.fma(x1, a01); a02 = g.fma(x2, a02);
            g = FloatVector.fromArray(S, gyb, gi + gyRow);
            a10 = g.fma(x0, a10); a11 = g.fma(x1, a11); a12 = g.fma(x2, a12);
            g = FloatVector.fromArray(S, gyb, gi + 2 * gyRow);
            a20 = g.fma(x0, a20); a21 = g.fma(x1, a21); a22 = g.fma(x2, a22);
            g = FloatVector.fromArray(S, gyb, gi + 3 * gyRow);
            a30 = g.fma(x0, a30); a31 = g.fma(x1, a31); a32 = g.fma(x2, a32);
            g = FloatVector.fromArray(S, gyb, gi + 4 * gyRow);
            a40 = g.fma(x0, a40); a41 = g.fma(x1, a41); a42 = g.fma(x2, a42);
            g = FloatVector.fromArray(S, gyb, gi + 5 * gyRow);
            a50 = g.fma(x0, a50); a51 = g.fma(x1, a51); a52 = g.fma(x2, a52);
            g = FloatVector.fromArray(S, gyb, gi + 6 * gyRow);
            a60 = g.fma(x0, a60); a61 = g.fma(x1, a61); a62 = g.fma(x2, a62);
            g = FloatVector.fromArray(S, gyb, gi + 7 * gyRow);
            a70 = g.fma(x0, a70); a71 = g.fma(x1, a71); a72 = g.fma(x2, a72);
            q += L;
            if (q == flat) {
                q = 0;
                xi += xPlane;
            }
        }
        // Through memory: handing 24 vectors to a call that is not inlined boxed them and ran 10x slower.
        float[] t = ConvScratch.get().tile(24 * L);
        a00.intoArray(t, 0); a01.intoArray(t, L); a02.intoArray(t, 2 * L);
        a10.intoArray(t, 3 * L); a11.intoArray(t, 4 * L); a12.intoArray(t, 5 * L);
        a20.intoArray(t, 6 * L); a21.intoArray(t, 7 * L); a22.intoArray(t, 8 * L);
        a30.intoArray(t, 9 * L); a31.intoArray(t, 10 * L); a32.intoArray(t, 11 * L);
        a40.intoArray(t, 12 * L); a41.intoArray(t, 13 * L); a42.intoArray(t, 14 * L);
        a50.intoArray(t, 15 * L); a51.intoArray(t, 16 * L); a52.intoArray(t, 17 * L);
        a60.intoArray(t, 18 * L); a61.intoArray(t, 19 * L); a62.intoArray(t, 20 * L);
        a70.intoArray(t, 21 * L); a71.intoArray(t, 22 * L); a72.intoArray(t, 23 * L);
        put(gw, gwOff, rowStride, rows, 3, first, t);
    }

    /**
     * gw[at + r * rowStride + j] (= or +=) the lane sum of accumulator r * taps + j, stored L floats each in
     * t, for the first {@code rows} rows.
     */
    private static void put(float[] gw, int at, int rowStride, int rows, int taps, boolean first, float[] t) {
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < taps; j++) {
                float sum = laneSum(FloatVector.fromArray(S, t, (r * taps + j) * L));
                int i = at + r * rowStride + j;
                gw[i] = first ? sum : gw[i] + sum;
            }
    }

    /**
     * The sum of v's lanes by a fixed tree (halves, quarters, ...): FloatVector.reduceLanes leaves the order
     * open, and its compiled and interpreted forms gave different bits.
     */
    private static float laneSum(FloatVector v) {
        for (VectorShuffle<Float> swap : HALVES) v = v.add(v.rearrange(swap));
        return v.lane(0);
    }

    /** One tap for 4 output channels: what remains of a kernel row whose width is not a multiple of 3. */
    private static void taps1(float[] xb, int xPlane, int xOff, float[] gyb, int gyRow, int gyOff, int flat,
                              int images, float[] gw, int gwOff, int rowStride, int rows, boolean first) {
        var a0 = FloatVector.zero(S); var a1 = a0; var a2 = a0; var a3 = a0;
        int xi = xOff, q = 0, r1 = gyRow, r2 = 2 * gyRow, r3 = 3 * gyRow;
        for (int gi = gyOff, end = gyOff + images * flat; gi < end; gi += L) {
            var x = FloatVector.fromArray(S, xb, xi + q);
            a0 = FloatVector.fromArray(S, gyb, gi).fma(x, a0);
            a1 = FloatVector.fromArray(S, gyb, gi + r1).fma(x, a1);
            a2 = FloatVector.fromArray(S, gyb, gi + r2).fma(x, a2);
            a3 = FloatVector.fromArray(S, gyb, gi + r3).fma(x, a3);
            q += L;
            if (q == flat) {
                q = 0;
                xi += xPlane;
            }
        }
        float[] t = ConvScratch.get().tile(4 * L);
        a0.intoArray(t, 0); a1.intoArray(t, L); a2.intoArray(t, 2 * L); a3.intoArray(t, 3 * L);
        put(gw, gwOff, rowStride, rows, 1, first, t);
    }
}
