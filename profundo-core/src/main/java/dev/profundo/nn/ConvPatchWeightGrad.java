package dev.profundo.nn;

import dev.profundo.kernels.PanelProduct;
import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Weight gradient as one product per block of output positions, with both operands laid out for the
 * GEMM register tile to read in place: gw[co][tap, ci] = sum over positions of gy[co][pos] times the
 * input patch patch[pos][tap, ci]. The image is copied once channel-minor and zero-padded, so each
 * tap's patch row is a contiguous run of the input channels (vector copies, no gather); the output
 * gradient is transposed to [pos][co]. No packing, and any stride or kernel size.
 *
 * <p>The batch is cut into a number of chunks that depends only on its size; each chunk sums its blocks
 * in order and the chunks are added in order, so bits do not depend on the thread count.
 */
final class ConvPatchWeightGrad {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Target floats of one block's patch rows (positions x padded row): about 512 KiB, within L2. */
    private static final int BLOCK_FLOATS = 1 << 17;

    /** Whether supported shapes take this path (tests and benchmarks turn it off to compare). */
    static volatile boolean enabled = true;

    private ConvPatchWeightGrad() {}

    /**
     * Whether g takes this path: one group, no dilation, and input channels in whole vectors (a patch row is
     * then whole vector copies); where the direct weight gradient or Winograd apply they are used first.
     */
    static boolean supports(ConvGeometry g) {
        return enabled && g.groups() == 1 && g.dilH() == 1 && g.dilW() == 1 && g.cin() % L == 0;
    }

    /** gw [cout, cin, kh, kw] and gb [cout] (either may be null) are overwritten with the gradients of g. */
    static void compute(ConvGeometry g, float[] x, int xOff, float[] gy, int gyOff, float[] gw, float[] gb) {
        int n = g.n(), cin = g.cin(), cout = g.cout(), khw = g.kh() * g.kw(), outHW = g.outHW();
        int hp = g.h() + 2 * g.padH(), wp = g.w() + 2 * g.padW();
        int rows = roundUp(cout, PanelProduct.ROWS), cols = roundUp(khw * cin, PanelProduct.COLS);
        int per = Math.max(1, Math.min(n, BLOCK_FLOATS / (outHW * cols)));
        int blocks = (n + per - 1) / per, chunks = Math.min(blocks, ConvKernel.weightChunks(n));
        int dw = rows * cols, stride = dw + cout;
        float[] partials = ConvScratch.get().partials(chunks * stride);
        int xImage = cin * g.h() * g.w(), gyImage = cout * outHW, positions = per * outHW;
        Parallel.RangeBody body = (s, e) -> {
            ConvScratch scratch = ConvScratch.get();
            float[] xs = scratch.padded(hp * wp * cin);
            float[] patches = scratch.streamed(positions * cols + L);
            float[] gt = scratch.products(positions * cout + PanelProduct.ROWS);
            for (int c = s; c < e; c++) {
                int b0 = (int) ((long) blocks * c / chunks), b1 = (int) ((long) blocks * (c + 1) / chunks);
                int at = c * stride;
                java.util.Arrays.fill(partials, at + dw, at + stride, 0f);
                for (int blk = b0; blk < b1; blk++) {
                    int i0 = blk * per, images = Math.min(per, n - i0);
                    for (int i = 0; i < images; i++) {
                        int image = i0 + i, pos0 = i * outHW;
                        channelMinor(g, x, xOff + image * xImage, xs, hp, wp);
                        patchRows(g, xs, wp, patches, cols, pos0);
                        for (int co = 0; co < cout; co++) {
                            int src = gyOff + image * gyImage + co * outHW;
                            for (int q = 0; q < outHW; q++) gt[(pos0 + q) * cout + co] = gy[src + q];
                            if (gb != null) partials[at + dw + co] += (float) VectorOps.sum(gy, src, outHW);
                        }
                    }
                    PanelProduct.multiplyDepthMajor(rows / PanelProduct.ROWS, cols / PanelProduct.COLS,
                            images * outHW, gt, 0, cout, patches, 0, cols, partials, at, cols, blk != b0);
                }
            }
        };
        if (chunks > 1 && Parallel.threads() > 1) Parallel.forRange(chunks, 1, body);
        else body.run(0, chunks);
        for (int c = 1; c < chunks; c++) VectorOps.add(partials, 0, partials, c * stride, partials, 0, stride);
        if (gw != null)
            for (int co = 0; co < cout; co++)
                for (int ci = 0; ci < cin; ci++)
                    for (int t = 0; t < khw; t++) gw[(co * cin + ci) * khw + t] = partials[co * cols + t * cin + ci];
        if (gb != null) System.arraycopy(partials, dw, gb, 0, cout);
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }

    /** One image [cin][h][w] into dst[(r * wp + q) * cin + c] at padded row r, column q; the border zero. */
    private static void channelMinor(ConvGeometry g, float[] src, int from, float[] dst, int hp, int wp) {
        int cin = g.cin(), h = g.h(), w = g.w(), ph = g.padH(), pw = g.padW();
        if (ph > 0 || pw > 0) java.util.Arrays.fill(dst, 0, hp * wp * cin, 0f);
        for (int c = 0; c < cin; c++)
            for (int y = 0; y < h; y++) {
                int s = from + (c * h + y) * w, d = ((y + ph) * wp + pw) * cin + c;
                for (int xq = 0; xq < w; xq++, d += cin) dst[d] = src[s + xq];
            }
    }

    /** Patch rows of one image from position pos0: row p holds, tap by tap, the cin input values the tap reads. */
    private static void patchRows(ConvGeometry g, float[] xs, int wp, float[] patches, int cols, int pos0) {
        int cin = g.cin(), kh = g.kh(), kw = g.kw(), sh = g.strideH(), sw = g.strideW();
        for (int oy = 0, p = pos0; oy < g.outH(); oy++)
            for (int ox = 0; ox < g.outW(); ox++, p++) {
                int row = p * cols;
                for (int ki = 0; ki < kh; ki++) {
                    int src = ((oy * sh + ki) * wp + ox * sw) * cin;
                    for (int kj = 0; kj < kw; kj++, src += cin, row += cin)
                        for (int c = 0; c < cin; c += L) FloatVector.fromArray(S, xs, src + c).intoArray(patches, row + c);
                }
            }
    }
}
