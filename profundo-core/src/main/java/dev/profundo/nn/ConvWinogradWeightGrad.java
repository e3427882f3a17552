package dev.profundo.nn;

import dev.profundo.kernels.Gemm;
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
 * dM[xi] V[xi]^T (16 GEMMs whose depth is the tiles), and gw = G^T dU G.
 *
 * <p>The batch is cut into a number of chunks that depends only on its size; each chunk sums its blocks of
 * images in order into its own dU and the chunks are added in order, so the result does not depend on the
 * thread count.
 */
final class ConvWinogradWeightGrad {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private ConvWinogradWeightGrad() {}

    /** gw [cout, cin, 3, 3] and gb [cout] (either may be null) are overwritten with the gradients of g. */
    static void compute(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, float[] gb) {
        int n = g.n(), cin = g.cin(), cout = g.cout();
        var t = ConvWinograd.Tiles.of(cin, g.h(), g.w(), g.padH(), g.padW(), cout);
        int per = t.imagesPerBlock(), blocks = (n + per - 1) / per;
        int chunks = Math.min(blocks, ConvKernel.weightChunks(n));
        int du = XI * cout * cin, stride = du + cout;
        float[] partials = ConvScratch.get().partials(chunks * stride);
        int ld = t.rowLength(per), vXi = cin * ld + SKEW, mXi = cout * ld + SKEW;
        int xImage = cin * g.h() * g.w(), gyImage = cout * g.outHW();
        Parallel.RangeBody body = (s, e) -> {
            ConvScratch scratch = ConvScratch.get();
            float[] padded = scratch.padded(t.phases().paddedSize());
            float[] split = scratch.winogradStaged(4 * t.phases().planeP() * cout + 2 * L);
            float[] v = scratch.winogradInput(XI * vXi);
            float[] dm = scratch.winogradOutput(XI * mXi);
            for (int c = s; c < e; c++) {
                int b0 = (int) ((long) blocks * c / chunks), b1 = (int) ((long) blocks * (c + 1) / chunks);
                int at = c * stride;
                java.util.Arrays.fill(partials, at + du, at + stride, 0f);
                for (int blk = b0; blk < b1; blk++) {
                    int i0 = blk * per, images = Math.min(per, n - i0), cols = images * t.perImage();
                    for (int i = 0; i < images; i++) {
                        int image = i0 + i;
                        ConvDirect.pad(t.phases(), x, xOff + image * xImage, padded, 0);
                        ConvWinograd.transformInput(t, padded, v, ld, vXi, i * t.perImage());
                        splitPhases(t, gy, gyOff + image * gyImage, split);
                        transformGradient(t, split, dm, ld, mXi, i * t.perImage());
                        if (gb != null)
                            for (int k = 0; k < cout; k++)
                                partials[at + du + k] += (float) VectorOps.sum(gy, gyOff + image * gyImage + k * g.outHW(), g.outHW());
                    }
                    float beta = blk == b0 ? 0f : 1f;
                    for (int xi = 0; xi < XI; xi++)
                        Gemm.sgemm(false, true, cout, cin, cols, 1f, dm, xi * mXi, ld, v, xi * vXi, ld,
                                beta, partials, at + xi * cout * cin, cin);
                }
            }
        };
        if (chunks > 1 && Parallel.threads() > 1) Parallel.forRange(chunks, 1, body);
        else body.run(0, chunks);
        for (int c = 1; c < chunks; c++) VectorOps.add(partials, 0, partials, c * stride, partials, 0, stride);
        if (gw != null) untransform(partials, cout, cin, gw);
        if (gb != null) System.arraycopy(partials, du, gb, 0, cout);
    }

    /**
     * The output gradient of one image (cout planes outH x outW) into four phase planes per channel, tile
     * numbering as the input's: phase (a, b) holds gy[2i + a][2j + b] at i * wq + j, zero past the edges
     * and in the dropped column j = tilesW, so those tiles add nothing to the sums.
     */
    private static void splitPhases(ConvWinograd.Tiles t, float[] gy, int from, float[] dst) {
        int plane = t.phases().planeP(), wq = t.wq(), outH = t.outH(), outW = t.outW(), channel = 4 * plane;
        java.util.Arrays.fill(dst, 0, t.cOut() * channel + 2 * L, 0f);
        for (int k = 0; k < t.cOut(); k++)
            for (int y = 0; y < outH; y++) {
                int src = from + (k * outH + y) * outW, row = k * channel + (y & 1) * 2 * plane + (y >> 1) * wq;
                for (int x = 0, j = 0; x < outW; x += 2, j++) dst[row + j] = gy[src + x];
                for (int x = 1, j = 0; x < outW; x += 2, j++) dst[row + plane + j] = gy[src + x];
            }
    }

    /**
     * dM[xi][k][col0 + f] = (A dY A^T)[xi] for the 2x2 gradient block dY of tile f, A = [[1, 0], [1, 1],
     * [1, -1], [0, -1]]; whole vectors, spilling as {@link ConvWinograd#transformInput} does.
     */
    private static void transformGradient(ConvWinograd.Tiles t, float[] split, float[] dm, int ld, int rowStride,
                                          int col0) {
        int plane = t.phases().planeP(), channel = 4 * plane;
        for (int k = 0; k < t.cOut(); k++) {
            int p = k * channel, out = k * ld + col0;
            for (int f = 0; f < t.perImage(); f += L) {
                FloatVector y00 = FloatVector.fromArray(S, split, p + f);
                FloatVector y01 = FloatVector.fromArray(S, split, p + plane + f);
                FloatVector y10 = FloatVector.fromArray(S, split, p + 2 * plane + f);
                FloatVector y11 = FloatVector.fromArray(S, split, p + 3 * plane + f);
                // Rows (A dY): [y0, y0 + y1, y0 - y1, -y1] per column ...
                FloatVector r10 = y00.add(y10), r11 = y01.add(y11);
                FloatVector r20 = y00.sub(y10), r21 = y01.sub(y11);
                FloatVector r30 = y10.neg(), r31 = y11.neg();
                // ... then columns ((A dY) A^T), the same combination along each row.
                int o = out + f;
                store(y00, y01, dm, o, rowStride);
                store(r10, r11, dm, o + 4 * rowStride, rowStride);
                store(r20, r21, dm, o + 8 * rowStride, rowStride);
                store(r30, r31, dm, o + 12 * rowStride, rowStride);
            }
        }
    }

    /** The four columns [c0, c0 + c1, c0 - c1, -c1] of one transformed row, rowStride apart. */
    private static void store(FloatVector c0, FloatVector c1, float[] dm, int o, int rowStride) {
        c0.intoArray(dm, o);
        c0.add(c1).intoArray(dm, o + rowStride);
        c0.sub(c1).intoArray(dm, o + 2 * rowStride);
        c1.neg().intoArray(dm, o + 3 * rowStride);
    }

    /** gw[k][c] = G^T dU[k][c] G (3x3 from 4x4), G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]. */
    private static void untransform(float[] du, int cout, int cin, float[] gw) {
        int plane = cout * cin;
        float[] tmp = new float[12];
        for (int k = 0; k < cout; k++)
            for (int c = 0; c < cin; c++) {
                int at = k * cin + c;
                // tmp = G^T dU (3 x 4).
                for (int s = 0; s < 4; s++) {
                    float u0 = du[(s) * plane + at], u1 = du[(4 + s) * plane + at];
                    float u2 = du[(8 + s) * plane + at], u3 = du[(12 + s) * plane + at];
                    tmp[s] = u0 + 0.5f * (u1 + u2);
                    tmp[4 + s] = 0.5f * (u1 - u2);
                    tmp[8 + s] = 0.5f * (u1 + u2) + u3;
                }
                // gw = tmp G (3 x 3).
                int o = at * 9;
                for (int p = 0; p < 3; p++) {
                    float t0 = tmp[4 * p], t1 = tmp[4 * p + 1], t2 = tmp[4 * p + 2], t3 = tmp[4 * p + 3];
                    gw[o + 3 * p] = t0 + 0.5f * (t1 + t2);
                    gw[o + 3 * p + 1] = 0.5f * (t1 - t2);
                    gw[o + 3 * p + 2] = 0.5f * (t1 + t2) + t3;
                }
            }
    }
}
