package dev.profundo.nn;

import dev.profundo.kernels.Gemm;
import dev.profundo.kernels.Im2col;
import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;

import java.util.Arrays;

/**
 * The array-level convolution: each image is unfolded into a patch matrix (im2col) and multiplied
 * by the weight with GEMM, per group. Images are spread over the cores; a batch too small to share
 * leaves the cores to GEMM instead.
 */
final class ConvKernel {
    /** Images summed into one partial weight gradient before the partials are added up. */
    private static final int IMAGES_PER_CHUNK = 8;
    /** Cap on partial weight gradients per backward call (memory and final-sum cost grow with it). */
    private static final int MAX_CHUNKS = 16;

    /**
     * Whether the batch is split over threads (true) or images run one after another with GEMM
     * parallel inside (false). Results are bit-identical either way; the benchmark flips it to compare.
     */
    static volatile boolean batchParallel = true;

    /**
     * Largest GEMM depth (C_in/groups * kH * kW) handled by {@link ConvSmallK} instead of GEMM;
     * tests set it to 0 to drive every shape through GEMM.
     */
    static volatile int smallDepth = 32;

    /** Whether shapes {@link ConvDirect} supports take the direct path (tests turn it off to compare). */
    static volatile boolean direct = true;

    /** Whether the direct path also computes the weight gradient directly (benchmarks flip it to compare). */
    static volatile boolean directWeightGrad = true;

    private ConvKernel() {}

    /** out[n, cout, outH, outW] = conv(x, w) + b; out is overwritten, b may be null. */
    static void forward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff, float[] out) {
        if (direct && ConvWinograd.supports(g)) {
            ConvWinograd.forward(g, x, xOff, w, wOff, b, bOff, out);
            return;
        }
        if (direct && ConvDirect.supports(g)) {
            forwardDirect(g, x, xOff, w, wOff, b, bOff, out);
            return;
        }
        Parallel.RangeBody body = (s, e) -> {
            for (int i = s; i < e; i++) forwardImage(g, i, x, xOff, w, wOff, b, bOff, out);
        };
        if (shareBatch(g.n())) Parallel.forRange(g.n(), 1, body);
        else body.run(0, g.n());
    }

    private static void forwardImage(ConvGeometry g, int i, float[] x, int xOff, float[] w, int wOff,
                                     float[] b, int bOff, float[] out) {
        int outHW = g.outHW(), kG = g.kG(), coutG = g.coutG();
        int xBase = xOff + i * g.cin() * g.h() * g.w();
        float[] cols = x;
        int colsOff = xBase;
        if (!g.pointwise()) {
            cols = ConvScratch.get().cols(g.colsSize());
            colsOff = 0;
            unfold(g, x, xBase, cols);
        }
        int outBase = i * g.cout() * outHW;
        if (kG <= smallDepth) {
            for (int gr = 0; gr < g.groups(); gr++)
                ConvSmallK.forward(coutG, outHW, kG, w, wOff + gr * coutG * kG, cols, colsOff + gr * kG * outHW,
                        b, bOff + gr * coutG, out, outBase + gr * coutG * outHW);
            return;
        }
        if (b != null)
            for (int co = 0; co < g.cout(); co++)
                Arrays.fill(out, outBase + co * outHW, outBase + (co + 1) * outHW, b[bOff + co]);
        float beta = b != null ? 1f : 0f;
        for (int gr = 0; gr < g.groups(); gr++)
            Gemm.sgemm(false, false, coutG, outHW, kG, 1f, w, wOff + gr * coutG * kG, kG,
                    cols, colsOff + gr * kG * outHW, outHW, beta, out, outBase + gr * coutG * outHW, outHW);
    }

    /**
     * Gradients from gy [n, cout, outH, outW]: gx, gw and gb (each may be null) are overwritten with the
     * input, weight and bias gradients, so callers need not zero them. The batch
     * is cut into a number of chunks that depends only on n, each chunk sums its images in order and
     * the chunks are added in order, so the result does not depend on the thread count.
     */
    static void backward(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] gy, int gyOff,
                         float[] gx, float[] gw, float[] gb) {
        if (gw != null && direct && patchWeightGrad(g)) {
            ConvPatchWeightGrad.compute(g, x, xOff, gy, gyOff, gw, gb);
            if (gx != null) backward(g, x, xOff, w, wOff, gy, gyOff, gx, null, null);
            return;
        }
        if (direct && ConvDirect.supports(g)) {
            // Input gradient by the direct kernel (at stride 2 one correlation per input phase); weight
            // gradient direct where it measured faster. Shallow depths (a first layer's few taps) stay on
            // ConvSmallK, which needs no padded copies.
            // 3x3 stride-1 layers with enough channels go through Winograd's transform for both gradients.
            boolean winograd = ConvWinograd.supports(g);
            boolean directGx = gx != null && (g.strideH() == 1 || ConvStridedInputGrad.supports(g));
            boolean winogradGw = winograd && ConvWinogradWeightGrad.supports(g);
            boolean directGw = gw != null && directWeightGrad
                    && (winogradGw || g.kG() > smallDepth && ConvDirectWeightGrad.pays(g));
            if (directGx && winograd) ConvWinograd.inputGrad(g, w, wOff, gy, gyOff, gx);
            else if (directGx && g.strideH() == 2) ConvStridedInputGrad.compute(g, w, wOff, gy, gyOff, gx);
            else if (directGx) inputGradDirect(g, w, wOff, gy, gyOff, gx);
            if (directGw && winogradGw) ConvWinogradWeightGrad.compute(g, x, xOff, gy, gyOff, gw, gb);
            else if (directGw) ConvDirectWeightGrad.compute(g, x, xOff, gy, gyOff, gw, gb);
            float[] restGx = directGx ? null : gx, restGw = directGw ? null : gw, restGb = directGw ? null : gb;
            if (restGx != null || restGw != null || restGb != null)
                lowered(g, x, xOff, w, wOff, gy, gyOff, restGx, restGw, restGb);
            return;
        }
        lowered(g, x, xOff, w, wOff, gy, gyOff, gx, gw, gb);
    }

    /**
     * Whether the weight gradient goes through {@link ConvPatchWeightGrad}: no Winograd path applies, the kernel
     * is wider than 1x1, and the layer is strided or deep enough per position to repay the channel-minor copies.
     * Measured on 1 thread at batch 128 (ms, patch vs before): stride-2 3x3 64->128 at 14x14 7.6 vs 11.5, 16->64 at
     * 28x28 6.6 vs 7.6, 5x5 32->64 at 14x14 19.0 vs 30.2; but 3x3 16->16 at 28x28 8.7 vs 6.1 (direct kernel) and
     * 1x1 stride 2 2.1-2.9 vs 1.5 (GEMM), which stay where they were.
     */
    private static boolean patchWeightGrad(ConvGeometry g) {
        int taps = g.kh() * g.kw();
        return ConvPatchWeightGrad.supports(g) && taps > 1 && (g.strideH() != 1 || g.strideW() != 1 || g.cin() * taps >= 256)
                && !(ConvWinograd.supports(g) && ConvWinogradWeightGrad.supports(g));
    }

    /** backward() by im2col + GEMM (or ConvSmallK) for whichever of gx, gw, gb are not null. */
    private static void lowered(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] gy, int gyOff,
                                float[] gx, float[] gw, float[] gb) {
        int n = g.n();
        boolean reduce = gw != null || gb != null;
        int chunks = reduce ? weightChunks(n) : n;
        int wSize = g.weightSize(), per = wSize + g.cout();
        float[] partials = reduce && chunks > 1 ? ConvScratch.get().partials(chunks * per) : null;
        Parallel.RangeBody body = (s, e) -> {
            for (int c = s; c < e; c++) {
                int i0 = (int) ((long) n * c / chunks), i1 = (int) ((long) n * (c + 1) / chunks);
                float[] gwT = gw == null ? null : partials == null ? gw : partials;
                float[] gbT = gb == null ? null : partials == null ? gb : partials;
                int gwOff = partials == null ? 0 : c * per;
                int gbOff = partials == null ? 0 : c * per + wSize;
                // Deep products go to GEMM once per chunk, not once per image: a depth of one image's
                // output positions (196 in the small CNN) is too short for GEMM to run at speed.
                // 1x1 kernels too, whatever their depth: per image, ConvSmallK ran the resnet's 16->64 stride-2
                // shortcut at 14 GFLOP/s.
                boolean wide = gwT != null && (g.kG() > smallDepth || g.kh() == 1 && g.kw() == 1);
                if (wide) ConvWeightGrad.accumulate(g, i0, i1, x, xOff, gy, gyOff, gwT, gwOff, true);
                for (int i = i0; i < i1; i++)
                    backwardImage(g, i, i == i0, x, xOff, w, wOff, gy, gyOff, gx,
                            wide ? null : gwT, gwOff, gbT, gbOff);
            }
        };
        if (chunks > 1 && shareBatch(n)) Parallel.forRange(chunks, 1, body);
        else body.run(0, chunks);
        if (partials != null) {
            if (gw != null) sumPartials(partials, 0, per, chunks, gw, wSize);
            if (gb != null) sumPartials(partials, wSize, per, chunks, gb, g.cout());
        }
    }

    private static void backwardImage(ConvGeometry g, int i, boolean first, float[] x, int xOff, float[] w, int wOff,
                                      float[] gy, int gyOff, float[] gx, float[] gw, int gwOff, float[] gb, int gbOff) {
        int outHW = g.outHW(), kG = g.kG(), coutG = g.coutG();
        int imageSize = g.cin() * g.h() * g.w();
        int gyBase = gyOff + i * g.cout() * outHW;
        ConvScratch scratch = ConvScratch.get();
        if (gw != null) {
            float[] cols = x;
            int colsOff = xOff + i * imageSize;
            if (!g.pointwise()) {
                // Recomputed rather than kept from forward: a batch of patch matrices can be 9x the activations.
                cols = scratch.cols(g.colsSize());
                colsOff = 0;
                unfold(g, x, xOff + i * imageSize, cols);
            }
            float beta = first ? 0f : 1f;
            for (int gr = 0; gr < g.groups(); gr++)
                if (kG <= smallDepth)
                    ConvSmallK.weightGrad(coutG, outHW, kG, gy, gyBase + gr * coutG * outHW,
                            cols, colsOff + gr * kG * outHW, gw, gwOff + gr * coutG * kG, first);
                else Gemm.sgemm(false, true, coutG, kG, outHW, 1f, gy, gyBase + gr * coutG * outHW, outHW,
                        cols, colsOff + gr * kG * outHW, outHW, beta, gw, gwOff + gr * coutG * kG, kG);
        }
        if (gb != null) {
            for (int co = 0; co < g.cout(); co++) {
                float s = (float) VectorOps.sum(gy, gyBase + co * outHW, outHW);
                gb[gbOff + co] = first ? s : gb[gbOff + co] + s;
            }
        }
        if (gx != null) {
            int gxBase = i * imageSize;
            float[] dcols = gx;
            int dcolsOff = gxBase;
            if (!g.pointwise()) {
                dcols = scratch.gradCols(g.colsSize());
                dcolsOff = 0;
            }
            for (int gr = 0; gr < g.groups(); gr++)
                Gemm.sgemm(true, false, kG, outHW, coutG, 1f, w, wOff + gr * coutG * kG, kG,
                        gy, gyBase + gr * coutG * outHW, outHW, 0f, dcols, dcolsOff + gr * kG * outHW, outHW);
            if (!g.pointwise()) {
                // col2im adds into the image: zero this image's slice here, on the thread that fills it.
                Arrays.fill(gx, gxBase, gxBase + imageSize, 0f);
                Im2col.col2im(dcols, 0, g.cin(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                        g.padH(), g.padW(), g.dilH(), g.dilW(), gx, gxBase);
            }
        }
    }

    private static void forwardDirect(ConvGeometry g, float[] x, int xOff, float[] w, int wOff, float[] b, int bOff,
                                      float[] out) {
        ConvDirect.Plan p = ConvDirect.forwardPlan(g);
        float[] packed = ConvScratch.get().packed(p.coutPad() * p.depth());
        ConvDirect.packWeights(g, w, wOff, false, packed);
        int n = g.n(), imageSize = g.cin() * g.h() * g.w(), outSize = g.cout() * g.outHW();
        int blocks = p.coutPad() / ConvDirect.MR;
        // Few images (inference): split each image's output channels too, so every core has work.
        int threads = Parallel.threads();
        int parts = n >= 2 * threads ? 1 : Math.min(blocks, 2 * threads);
        Parallel.RangeBody body = (s, e) -> {
            float[] xp = ConvScratch.get().padded(p.paddedSize());
            int padded = -1;
            for (int u = s; u < e; u++) {
                int i = u / parts, part = u % parts;
                if (i != padded) {
                    ConvDirect.pad(p, x, xOff + i * imageSize, xp, 0);
                    padded = i;
                }
                ConvDirect.compute(p, xp, 0, packed, 0, b, bOff, out, i * outSize,
                        blocks * part / parts, blocks * (part + 1) / parts);
            }
        };
        if (n * parts > 1 && batchParallel) Parallel.forRange(n * parts, 1, body);
        else body.run(0, n * parts);
    }

    private static void inputGradDirect(ConvGeometry g, float[] w, int wOff, float[] gy, int gyOff, float[] gx) {
        ConvDirect.Plan bp = ConvDirect.inputGradPlan(g);
        float[] packedT = ConvScratch.get().packed(bp.coutPad() * bp.depth());
        ConvDirect.packWeights(g, w, wOff, true, packedT);
        int n = g.n(), imageSize = g.cin() * g.h() * g.w(), outSize = g.cout() * g.outHW();
        int blocks = bp.coutPad() / ConvDirect.MR;
        Parallel.RangeBody body = (s, e) -> {
            float[] yp = ConvScratch.get().padded(bp.paddedSize());
            for (int i = s; i < e; i++) {
                ConvDirect.pad(bp, gy, gyOff + i * outSize, yp, 0);
                ConvDirect.compute(bp, yp, 0, packedT, 0, null, 0, gx, i * imageSize, 0, blocks);
            }
        };
        if (shareBatch(n)) Parallel.forRange(n, 1, body);
        else body.run(0, n);
    }

    private static void unfold(ConvGeometry g, float[] x, int xBase, float[] cols) {
        Im2col.im2col(x, xBase, g.cin(), g.h(), g.w(), g.kh(), g.kw(), g.strideH(), g.strideW(),
                g.padH(), g.padW(), g.dilH(), g.dilW(), cols, 0);
    }

    /** dst[0..len) = sum over chunks c, in order, of partials[c*per + from ..]. */
    private static void sumPartials(float[] partials, int from, int per, int chunks, float[] dst, int len) {
        System.arraycopy(partials, from, dst, 0, len);
        for (int c = 1; c < chunks; c++) VectorOps.add(dst, 0, partials, c * per + from, dst, 0, len);
    }

    /** Chunks for the weight-gradient reduction: a function of the batch size only, never of the threads. */
    static int weightChunks(int n) {
        return Math.max(1, Math.min(MAX_CHUNKS, n / IMAGES_PER_CHUNK));
    }

    private static boolean shareBatch(int n) {
        return batchParallel && n > 1 && Parallel.threads() > 1;
    }
}
