package dev.profundo.nn;

import dev.profundo.kernels.PanelProduct;
import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static dev.profundo.nn.ConvWinograd.SKEW;
import static dev.profundo.nn.ConvWinograd.XI;

/**
 * The weight gradient of a 3x3 stride-1 convolution through {@link ConvWinograd}'s F(2x2, 3x3) transform,
 * by the chain rule through the forward's three steps. The forward computes M[xi] = U[xi] V[xi] and
 * Y = A^T M A per tile, so the output gradient gives dM = A dY A^T per tile, dU[xi] = sum over tiles of
 * dM[xi] V[xi]^T (16 products whose depth is the tiles), and gw = G^T dU G.
 *
 * <p>Here the tiles are the depth of the products, so both operands are laid out tile-major with the
 * channels side by side ([tile][channel]): the GEMM register tile then reads them in place, dM as its
 * broadcast operand and V as its vector operand, with no packing. To get there the image and its output
 * gradient are first split into phase planes channel-minor, and the transforms run on vectors of 16
 * channels.
 *
 * <p>The batch is cut into a number of chunks that depends only on its size; each chunk sums its blocks of
 * images in order into its own dU and the chunks are added in order, so the result does not depend on the
 * thread count.
 */
final class ConvWinogradWeightGrad {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private ConvWinogradWeightGrad() {}

    /** Whether g takes this path: a Winograd shape whose channel counts are whole vectors. */
    static boolean supports(ConvGeometry g) {
        return ConvWinograd.supports(g) && g.cin() % L == 0 && g.cout() % L == 0;
    }

    /** gw [cout, cin, 3, 3] and gb [cout] (either may be null) are overwritten with the gradients of g. */
    static void compute(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, float[] gb) {
        int n = g.n(), cin = g.cin(), cout = g.cout();
        var t = ConvWinograd.Tiles.of(cin, g.h(), g.w(), g.padH(), g.padW(), cout);
        int per = t.imagesPerBlock(), blocks = (n + per - 1) / per;
        int chunks = Math.min(blocks, ConvKernel.weightChunks(n));
        int rows = roundUp(cout, PanelProduct.ROWS), cols = roundUp(cin, PanelProduct.COLS);
        int du = XI * rows * cols, stride = du + cout;
        float[] partials = ConvScratch.get().partials(chunks * stride);
        int dense = t.tilesH() * t.tilesW();                  // real tiles per image: the dropped column is skipped
        int tilesMax = per * dense, vXi = tilesMax * cin + SKEW, mXi = tilesMax * cout + SKEW;
        int plane = t.phases().planeP();
        int xImage = cin * g.h() * g.w(), gyImage = cout * g.outHW();
        Parallel.RangeBody body = (s, e) -> {
            ConvScratch scratch = ConvScratch.get();
            float[] xs = scratch.padded(4 * plane * cin + cin);   // + the dropped column's reads past the end
            float[] gs = scratch.staging(4 * plane * cout);
            float[] v = scratch.streamed(XI * vXi);
            float[] dm = scratch.products(XI * mXi);
            for (int c = s; c < e; c++) {
                int b0 = (int) ((long) blocks * c / chunks), b1 = (int) ((long) blocks * (c + 1) / chunks);
                int at = c * stride;
                java.util.Arrays.fill(partials, at + du, at + stride, 0f);
                for (int blk = b0; blk < b1; blk++) {
                    int i0 = blk * per, images = Math.min(per, n - i0), tiles = images * dense;
                    for (int i = 0; i < images; i++) {
                        int image = i0 + i, tile0 = i * dense;
                        splitChannelMinor(t, cin, g.h(), g.w(), g.padH(), g.padW(), x, xOff + image * xImage, xs);
                        transformInput(t, cin, xs, v, vXi, tile0);
                        splitChannelMinor(t, cout, g.outH(), g.outW(), 0, 0, gy, gyOff + image * gyImage, gs);
                        transformGradient(t, cout, gs, dm, mXi, tile0);
                        if (gb != null)
                            for (int k = 0; k < cout; k++)
                                partials[at + du + k] += (float) VectorOps.sum(gy, gyOff + image * gyImage + k * g.outHW(), g.outHW());
                    }
                    for (int xi = 0; xi < XI; xi++)
                        PanelProduct.multiplyDepthMajor(rows / PanelProduct.ROWS, cols / PanelProduct.COLS, tiles,
                                dm, xi * mXi, cout, v, xi * vXi, cin, partials, at + xi * rows * cols, cols, blk != b0);
                }
            }
        };
        if (chunks > 1 && Parallel.threads() > 1) Parallel.forRange(chunks, 1, body);
        else body.run(0, chunks);
        // The chunks' partials are added in chunk order and untransformed, split over output channels: every
        // element is summed in the same order as one serial pass, so the bits do not depend on the split.
        Parallel.forRange(cout, 8, (k0, k1) -> {
            for (int xi = 0; xi < XI; xi++) {
                int from = xi * rows * cols + k0 * cols, len = (k1 - k0) * cols;
                for (int c = 1; c < chunks; c++) VectorOps.add(partials, from, partials, c * stride + from, partials, from, len);
            }
            if (gw != null) untransform(partials, rows, cols, k0, k1, cin, gw);
            if (gb != null) {
                for (int c = 1; c < chunks; c++)
                    VectorOps.add(partials, du + k0, partials, c * stride + du + k0, partials, du + k0, k1 - k0);
                System.arraycopy(partials, du + k0, gb, k0, k1 - k0);
            }
        });
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /**
     * Planes [channels][h][w] from src[from..] into the tile phases, channel-minor: element (y, x) of
     * channel c, at padded row r = y + padH and column q = x + padW, goes to phase (r % 2, q % 2), position
     * (r / 2) * wq + q / 2, at dst[(phase * plane + position) * channels + c]. Everything else is zero:
     * the padding, and for the output gradient the dropped tile column, so those tiles add nothing.
     */
    private static void splitChannelMinor(ConvWinograd.Tiles t, int channels, int h, int w, int padH, int padW,
                                          float[] src, int from, float[] dst) {
        int plane = t.phases().planeP(), wq = t.wq();
        java.util.Arrays.fill(dst, 0, Math.min(dst.length, 4 * plane * channels + channels), 0f);
        // Pixel by pixel, L channels per step: one gather down the channel planes, one plain store (the
        // channel count is a whole number of vectors on this path). The scalar channel-by-channel copy it
        // replaced held a quarter of this weight gradient's JFR samples; the whole weight gradient measured
        // 4-9 % faster for the resnet's 64@14x14 and 128@7x7 layers, within the noise for the CNN's 32->64.
        int hw = h * w;
        int[] down = new int[L];
        for (int l = 0; l < L; l++) down[l] = l * hw;
        for (int y = 0; y < h; y++) {
            int r = y + padH, row = from + y * w;
            int base = (r & 1) * 2 * plane + (r >> 1) * wq;
            for (int xq = 0; xq < w; xq++) {
                int q = xq + padW, at = (base + (q & 1) * plane + (q >> 1)) * channels;
                for (int c = 0; c < channels; c += L)
                    FloatVector.fromArray(S, src, row + c * hw + xq, down, 0).intoArray(dst, at + c);
            }
        }
    }

    /**
     * V[xi][tile0 + f][c] = (B^T d B)[xi] for every real tile f = i * tilesW + j of one image (see
     * {@link ConvWinograd}; the dropped column is skipped here), 16 channels at a time from the
     * channel-minor phases.
     */
    private static void transformInput(ConvWinograd.Tiles t, int cin, float[] xs, float[] v, int xiStride, int tile0) {
        int plane = t.phases().planeP(), wq = t.wq();
        int ee = 0, eo = plane * cin, oe = 2 * plane * cin, oo = 3 * plane * cin;
        int down = wq * cin;
        for (int f = 0; f < t.tilesH() * t.tilesW(); f++) {
            int position = f / t.tilesW() * wq + f % t.tilesW();              // tile (i, j) at i * wq + j
            for (int c = 0; c < cin; c += L) {
                int a = position * cin + c;
                ConvWinograd.transformTile(xs, ee + a, eo + a, oe + a, oo + a, cin, down, v, (tile0 + f) * cin + c, xiStride);
            }
        }
    }

    /**
     * dM[xi][tile0 + f][k] = (A dY A^T)[xi] for the 2x2 gradient block dY of every real tile f, A = [[1, 0],
     * [1, 1], [1, -1], [0, -1]], 16 output channels at a time.
     */
    private static void transformGradient(ConvWinograd.Tiles t, int cout, float[] gs, float[] dm, int xiStride,
                                          int tile0) {
        int plane = t.phases().planeP() * cout, wq = t.wq();
        for (int f = 0; f < t.tilesH() * t.tilesW(); f++) {
            int position = f / t.tilesW() * wq + f % t.tilesW();
            for (int k = 0; k < cout; k += L) {
                int p = position * cout + k;
                FloatVector y00 = FloatVector.fromArray(S, gs, p), y01 = FloatVector.fromArray(S, gs, p + plane);
                FloatVector y10 = FloatVector.fromArray(S, gs, p + 2 * plane), y11 = FloatVector.fromArray(S, gs, p + 3 * plane);
                // Rows (A dY): [y0, y0 + y1, y0 - y1, -y1] per column, then the same along each row.
                FloatVector r10 = y00.add(y10), r11 = y01.add(y11);
                FloatVector r20 = y00.sub(y10), r21 = y01.sub(y11);
                FloatVector r30 = y10.neg(), r31 = y11.neg();
                int o = (tile0 + f) * cout + k;
                store(y00, y01, dm, o, xiStride);
                store(r10, r11, dm, o + 4 * xiStride, xiStride);
                store(r20, r21, dm, o + 8 * xiStride, xiStride);
                store(r30, r31, dm, o + 12 * xiStride, xiStride);
            }
        }
    }

    /** The four columns [c0, c0 + c1, c0 - c1, -c1] of one transformed row, xiStride apart. */
    private static void store(FloatVector c0, FloatVector c1, float[] dm, int o, int xiStride) {
        c0.intoArray(dm, o);
        c0.add(c1).intoArray(dm, o + xiStride);
        c0.sub(c1).intoArray(dm, o + 2 * xiStride);
        c1.neg().intoArray(dm, o + 3 * xiStride);
    }

    /**
     * gw[k][c] = G^T dU[k][c] G (3x3 from 4x4), G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]],
     * from dU[xi] stored rows x cols (padded), for output channels [k0, k1).
     */
    private static void untransform(float[] du, int rows, int cols, int k0, int k1, int cin, float[] gw) {
        int plane = rows * cols;
        float[] tmp = new float[12];
        for (int k = k0; k < k1; k++)
            for (int c = 0; c < cin; c++) {
                int at = k * cols + c;
                // tmp = G^T dU (3 x 4).
                for (int s = 0; s < 4; s++) {
                    float u0 = du[s * plane + at], u1 = du[(4 + s) * plane + at];
                    float u2 = du[(8 + s) * plane + at], u3 = du[(12 + s) * plane + at];
                    tmp[s] = u0 + 0.5f * (u1 + u2);
                    tmp[4 + s] = 0.5f * (u1 - u2);
                    tmp[8 + s] = 0.5f * (u1 + u2) + u3;
                }
                // gw = tmp G (3 x 3).
                int o = (k * cin + c) * 9;
                for (int p = 0; p < 3; p++) {
                    float t0 = tmp[4 * p], t1 = tmp[4 * p + 1], t2 = tmp[4 * p + 2], t3 = tmp[4 * p + 3];
                    gw[o + 3 * p] = t0 + 0.5f * (t1 + t2);
                    gw[o + 3 * p + 1] = 0.5f * (t1 - t2);
                    gw[o + 3 * p + 2] = 0.5f * (t1 + t2) + t3;
                }
            }
    }
}
