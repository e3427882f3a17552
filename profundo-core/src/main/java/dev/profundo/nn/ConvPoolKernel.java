package dev.profundo.nn;

import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The array-level kernels of {@link ConvMaxPool}: a 3x3, stride-1, padding-1 convolution of a few input
 * channels and the 2x2 max pool after it, computed together, so the full-size convolution output is never
 * written or read back (for a 1→32 first layer on 28x28 images that output is 4x larger than anything else
 * the pair produces).
 *
 * <p>Each image is first split into two phase planes per channel, the even and the odd columns of the
 * zero-padded image. A pooling window covers the convolution outputs (2i, 2j), (2i, 2j+1), (2i+1, 2j) and
 * (2i+1, 2j+1); in phase planes every tap of all four is a plain vector load at column j or j+1 of one of
 * the padded rows 2i..2i+3, so one vector step computes the four candidates for L windows side by side
 * and keeps the largest, with PyTorch's rule: start at the window's top-left output, take each later one
 * (row-major) if strictly larger or NaN. Which of the four won is kept as a code 0..3 for the backward.
 *
 * <p>The weight gradient mirrors the forward: the output gradient goes to the winning candidate of each
 * window (a blend per candidate, no scatter), and the same loads of phase planes meet it. The batch is cut
 * into a number of chunks that depends only on its size, each chunk sums its images in order and the
 * chunks are added in order, so the result does not depend on the thread count.
 */
final class ConvPoolKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Input channels the fused kernel takes; deeper layers are faster on the Winograd and direct paths. */
    static final int MAX_CHANNELS = 4;

    private ConvPoolKernel() {}

    /**
     * Sizes of one call: input [n, cin, h, w], weight [cout, cin, 3, 3], pooled output [n, cout, outH, outW].
     * Phase planes hold the padded rows 0..2*outH+1, each {@code stride} floats wide: {@code blocks} vectors
     * of windows plus the one column a window's right taps reach past them.
     */
    record Plan(int n, int cin, int h, int w, int cout, int outH, int outW, int blocks, int stride) {
        static Plan of(int n, int cin, int h, int w, int cout) {
            int outH = h / 2, outW = w / 2, blocks = (outW + L - 1) / L;
            return new Plan(n, cin, h, w, cout, outH, outW, blocks, blocks * L + 1);
        }

        int rows() { return 2 * outH + 2; }

        int planeSize() { return rows() * stride; }

        /** Floats of one image's phase planes: an even and an odd plane per input channel. */
        int imageFloats() { return 2 * cin * planeSize(); }

        int outPlane() { return outH * outW; }

        int outImage() { return cout * outPlane(); }
    }

    /**
     * Writes the pooled convolution of x into out [n, cout, outH, outW] and, when codes is not null, which
     * window position won (0..3, row-major) into codes; b may be null.
     */
    static void forward(Plan p, float[] x, int xOff, float[] wt, int wOff, float[] b, int bOff, float[] out, float[] codes) {
        // Few images (batch-1 inference): each image's output channels are split too, so both cores work
        // (batch 1, the CNN's first layer with its ReLU and pool: 9.5 -> 6.7-7.3 us); each part splits its image
        // into phases itself.
        int threads = Parallel.threads();
        int parts = p.n() >= 2 * threads ? 1 : Math.min(p.cout(), 2 * threads);
        Parallel.forRange(p.n() * parts, 1, (s, e) -> {
            float[] xs = ConvScratch.get().padded(p.imageFloats());
            float[] lastBest = new float[L], lastCode = new float[L];
            int splitImage = -1;
            for (int u = s; u < e; u++) {
                int image = u / parts, part = u % parts;
                if (image != splitImage) {
                    split(p, x, xOff + image * p.cin() * p.h() * p.w(), xs, 0);
                    splitImage = image;
                }
                forwardImage(p, xs, wt, wOff, b, bOff, out, codes, image * p.outImage(), p.cout() * part / parts,
                        p.cout() * (part + 1) / parts, lastBest, lastCode);
            }
        });
    }

    /** Output channels [co0, co1) of one image, from its phase planes xs. */
    private static void forwardImage(Plan p, float[] xs, float[] wt, int wOff, float[] b, int bOff,
                                     float[] out, float[] codes, int outBase, int co0, int co1, float[] lastBest,
                                     float[] lastCode) {
        // Whole-vector stores may run past a row into outputs this call writes later, never past channel co1.
        int stride = p.stride(), plane = p.planeSize(), outW = p.outW(), end = outBase + co1 * p.outPlane();
        FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f), three = FloatVector.broadcast(S, 3f);
        for (int co = co0; co < co1; co++) {
            FloatVector bias = FloatVector.broadcast(S, b == null ? 0f : b[bOff + co]);
            for (int i = 0; i < p.outH(); i++) {
                for (int kb = 0; kb < p.blocks(); kb++) {
                    int j0 = kb * L;
                    // The four candidates of L windows: a0 = (2i, 2j), a1 = (2i, 2j+1), a2 = (2i+1, 2j), a3 = (2i+1, 2j+1).
                    FloatVector a0 = bias, a1 = bias, a2 = bias, a3 = bias;
                    for (int ci = 0; ci < p.cin(); ci++) {
                        int k = wOff + (co * p.cin() + ci) * 9;
                        var w00 = FloatVector.broadcast(S, wt[k]);
                        var w01 = FloatVector.broadcast(S, wt[k + 1]);
                        var w02 = FloatVector.broadcast(S, wt[k + 2]);
                        var w10 = FloatVector.broadcast(S, wt[k + 3]);
                        var w11 = FloatVector.broadcast(S, wt[k + 4]);
                        var w12 = FloatVector.broadcast(S, wt[k + 5]);
                        var w20 = FloatVector.broadcast(S, wt[k + 6]);
                        var w21 = FloatVector.broadcast(S, wt[k + 7]);
                        var w22 = FloatVector.broadcast(S, wt[k + 8]);
                        int ev = 2 * ci * plane + 2 * i * stride + j0, od = ev + plane;
                        // Padded row 2i: tap row 0 of the upper candidates.
                        var e0 = FloatVector.fromArray(S, xs, ev);
                        var o0 = FloatVector.fromArray(S, xs, od);
                        var e1 = FloatVector.fromArray(S, xs, ev + 1);
                        var o1 = FloatVector.fromArray(S, xs, od + 1);
                        a0 = e1.fma(w02, o0.fma(w01, e0.fma(w00, a0)));
                        a1 = o1.fma(w02, e1.fma(w01, o0.fma(w00, a1)));
                        // Row 2i+1: tap row 1 of the upper candidates, tap row 0 of the lower ones.
                        e0 = FloatVector.fromArray(S, xs, ev + stride);
                        o0 = FloatVector.fromArray(S, xs, od + stride);
                        e1 = FloatVector.fromArray(S, xs, ev + stride + 1);
                        o1 = FloatVector.fromArray(S, xs, od + stride + 1);
                        a0 = e1.fma(w12, o0.fma(w11, e0.fma(w10, a0)));
                        a1 = o1.fma(w12, e1.fma(w11, o0.fma(w10, a1)));
                        a2 = e1.fma(w02, o0.fma(w01, e0.fma(w00, a2)));
                        a3 = o1.fma(w02, e1.fma(w01, o0.fma(w00, a3)));
                        // Row 2i+2: tap row 2 of the upper candidates, tap row 1 of the lower ones.
                        e0 = FloatVector.fromArray(S, xs, ev + 2 * stride);
                        o0 = FloatVector.fromArray(S, xs, od + 2 * stride);
                        e1 = FloatVector.fromArray(S, xs, ev + 2 * stride + 1);
                        o1 = FloatVector.fromArray(S, xs, od + 2 * stride + 1);
                        a0 = e1.fma(w22, o0.fma(w21, e0.fma(w20, a0)));
                        a1 = o1.fma(w22, e1.fma(w21, o0.fma(w20, a1)));
                        a2 = e1.fma(w12, o0.fma(w11, e0.fma(w10, a2)));
                        a3 = o1.fma(w12, e1.fma(w11, o0.fma(w10, a3)));
                        // Row 2i+3: tap row 2 of the lower candidates.
                        e0 = FloatVector.fromArray(S, xs, ev + 3 * stride);
                        o0 = FloatVector.fromArray(S, xs, od + 3 * stride);
                        e1 = FloatVector.fromArray(S, xs, ev + 3 * stride + 1);
                        o1 = FloatVector.fromArray(S, xs, od + 3 * stride + 1);
                        a2 = e1.fma(w22, o0.fma(w21, e0.fma(w20, a2)));
                        a3 = o1.fma(w22, e1.fma(w21, o0.fma(w20, a3)));
                    }
                    // PyTorch's rule: a later candidate wins if strictly larger, or NaN. (Written out: a helper
                    // method here is past the JIT's inlining budget, and its vectors would not be compiled.)
                    FloatVector best = a0, code = FloatVector.zero(S);
                    VectorMask<Float> take = a1.compare(VectorOperators.GT, best).or(a1.compare(VectorOperators.NE, a1));
                    best = best.blend(a1, take);
                    code = code.blend(one, take);
                    take = a2.compare(VectorOperators.GT, best).or(a2.compare(VectorOperators.NE, a2));
                    best = best.blend(a2, take);
                    code = code.blend(two, take);
                    take = a3.compare(VectorOperators.GT, best).or(a3.compare(VectorOperators.NE, a3));
                    best = best.blend(a3, take);
                    code = code.blend(three, take);
                    int o = outBase + co * p.outPlane() + i * outW + j0;
                    if (o + L <= end) {
                        // Whole vectors: lanes past the row land on outputs of this part written later.
                        best.intoArray(out, o);
                        if (codes != null) code.intoArray(codes, o);
                    } else {
                        int k = Math.min(L, outW - j0);
                        best.intoArray(lastBest, 0);
                        System.arraycopy(lastBest, 0, out, o, k);
                        if (codes != null) {
                            code.intoArray(lastCode, 0);
                            System.arraycopy(lastCode, 0, codes, o, k);
                        }
                    }
                }
            }
        }
    }

    /**
     * gw [cout, cin, 3, 3] and gb [cout] (either may be null) are overwritten with the gradients of the
     * pooled convolution, given the pooled output gradient gy and the forward's codes.
     */
    static void weightGrad(Plan p, float[] x, int xOff, float[] gy, int gyOff, float[] codes, float[] gw, float[] gb) {
        int n = p.n(), chunks = ConvKernel.weightChunks(n);
        int wSize = p.cout() * p.cin() * 9, per = wSize + p.cout();
        float[] partials = new float[chunks * per];
        Parallel.RangeBody body = (s, e) -> {
            float[] lanes = new float[L];
            for (int c = s; c < e; c++) {
                int i0 = (int) ((long) n * c / chunks), i1 = (int) ((long) n * (c + 1) / chunks);
                float[] xs = ConvScratch.get().padded((i1 - i0) * p.imageFloats());
                for (int image = i0; image < i1; image++)
                    split(p, x, xOff + image * p.cin() * p.h() * p.w(), xs, (image - i0) * p.imageFloats());
                chunkGrad(p, xs, i0, i1, gy, gyOff, codes, partials, c * per, lanes);
                if (gb != null)
                    for (int image = i0; image < i1; image++)
                        for (int co = 0; co < p.cout(); co++)
                            partials[c * per + wSize + co] += (float) VectorOps.sum(gy,
                                    gyOff + image * p.outImage() + co * p.outPlane(), p.outPlane());
            }
        };
        if (chunks > 1 && Parallel.threads() > 1) Parallel.forRange(chunks, 1, body);
        else body.run(0, chunks);
        if (gw != null) Arrays.fill(gw, 0f);
        if (gb != null) Arrays.fill(gb, 0f);
        for (int c = 0; c < chunks; c++) {
            if (gw != null) for (int k = 0; k < wSize; k++) gw[k] += partials[c * per + k];
            if (gb != null) for (int k = 0; k < p.cout(); k++) gb[k] += partials[c * per + wSize + k];
        }
    }

    /** The weight gradient of images [i0, i1), whose phase planes are in xs, into partials[at ..]. */
    private static void chunkGrad(Plan p, float[] xs, int i0, int i1, float[] gy, int gyOff, float[] codes,
                                  float[] partials, int at, float[] lanes) {
        for (int co = 0; co < p.cout(); co++)
            for (int ci = 0; ci < p.cin(); ci++)
                kernelGrad(p, xs, i0, i1, gy, gyOff, codes, co, ci, partials, at + (co * p.cin() + ci) * 9, lanes);
    }

    /**
     * The gradient of the nine weights of output channel co and input channel ci over images [i0, i1),
     * added to partials[at .. at+8]. The upper candidates of a window meet padded rows 2i..2i+2, the lower
     * ones rows 2i+1..2i+3. (All vector operations are written out in this one loop: a helper method here is
     * past the JIT's inlining budget, and the vectors it gets or returns are then not compiled.)
     */
    private static void kernelGrad(Plan p, float[] xs, int i0, int i1, float[] gy, int gyOff, float[] codes, int co, int ci,
                                   float[] partials, int at, float[] lanes) {
        int stride = p.stride(), plane = p.planeSize(), outW = p.outW(), outPlane = p.outPlane(), outImage = p.outImage();
        int imageFloats = p.imageFloats(), blocks = p.blocks(), outH = p.outH();
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f),
                three = FloatVector.broadcast(S, 3f), iota = zero.addIndex(1);
        // a<dy><dx>: the gradient of weight tap (dy, dx), L partial sums each.
        FloatVector a00 = zero, a01 = zero, a02 = zero, a10 = zero, a11 = zero, a12 = zero, a20 = zero, a21 = zero, a22 = zero;
        for (int image = i0; image < i1; image++) {
            int xsBase = (image - i0) * imageFloats + 2 * ci * plane;
            int gBase = gyOff + image * outImage + co * outPlane, cBase = image * outImage + co * outPlane;
            for (int i = 0; i < outH; i++) {
                for (int kb = 0; kb < blocks; kb++) {
                    int j0 = kb * L, g = gBase + i * outW + j0, cd = cBase + i * outW + j0;
                    FloatVector gv, cv;
                    if (g + L <= gy.length && cd + L <= codes.length) {
                        gv = FloatVector.fromArray(S, gy, g);
                        cv = FloatVector.fromArray(S, codes, cd);
                    } else {
                        VectorMask<Float> m = S.indexInRange(0, Math.min(L, outW - j0));
                        gv = FloatVector.fromArray(S, gy, g, m);
                        cv = FloatVector.fromArray(S, codes, cd, m);
                    }
                    // Lanes past the row hold the next row's windows: their gradient is dropped.
                    gv = zero.blend(gv, iota.compare(VectorOperators.LT, (float) (outW - j0)));
                    // The gradient of each candidate: the window's gradient where it won, zero elsewhere.
                    var g0 = zero.blend(gv, cv.compare(VectorOperators.EQ, zero));
                    var g1 = zero.blend(gv, cv.compare(VectorOperators.EQ, one));
                    var g2 = zero.blend(gv, cv.compare(VectorOperators.EQ, two));
                    var g3 = zero.blend(gv, cv.compare(VectorOperators.EQ, three));
                    int ev = xsBase + 2 * i * stride + j0, od = ev + plane;
                    // Padded row 2i: tap row 0 of the upper candidates.
                    var e0 = FloatVector.fromArray(S, xs, ev);
                    var o0 = FloatVector.fromArray(S, xs, od);
                    var e1 = FloatVector.fromArray(S, xs, ev + 1);
                    var o1 = FloatVector.fromArray(S, xs, od + 1);
                    a00 = o0.fma(g1, e0.fma(g0, a00));
                    a01 = e1.fma(g1, o0.fma(g0, a01));
                    a02 = o1.fma(g1, e1.fma(g0, a02));
                    // Row 2i+1: tap row 1 of the upper candidates, tap row 0 of the lower ones.
                    e0 = FloatVector.fromArray(S, xs, ev + stride);
                    o0 = FloatVector.fromArray(S, xs, od + stride);
                    e1 = FloatVector.fromArray(S, xs, ev + stride + 1);
                    o1 = FloatVector.fromArray(S, xs, od + stride + 1);
                    a10 = o0.fma(g1, e0.fma(g0, a10));
                    a11 = e1.fma(g1, o0.fma(g0, a11));
                    a12 = o1.fma(g1, e1.fma(g0, a12));
                    a00 = o0.fma(g3, e0.fma(g2, a00));
                    a01 = e1.fma(g3, o0.fma(g2, a01));
                    a02 = o1.fma(g3, e1.fma(g2, a02));
                    // Row 2i+2: tap row 2 of the upper candidates, tap row 1 of the lower ones.
                    e0 = FloatVector.fromArray(S, xs, ev + 2 * stride);
                    o0 = FloatVector.fromArray(S, xs, od + 2 * stride);
                    e1 = FloatVector.fromArray(S, xs, ev + 2 * stride + 1);
                    o1 = FloatVector.fromArray(S, xs, od + 2 * stride + 1);
                    a20 = o0.fma(g1, e0.fma(g0, a20));
                    a21 = e1.fma(g1, o0.fma(g0, a21));
                    a22 = o1.fma(g1, e1.fma(g0, a22));
                    a10 = o0.fma(g3, e0.fma(g2, a10));
                    a11 = e1.fma(g3, o0.fma(g2, a11));
                    a12 = o1.fma(g3, e1.fma(g2, a12));
                    // Row 2i+3: tap row 2 of the lower candidates.
                    e0 = FloatVector.fromArray(S, xs, ev + 3 * stride);
                    o0 = FloatVector.fromArray(S, xs, od + 3 * stride);
                    e1 = FloatVector.fromArray(S, xs, ev + 3 * stride + 1);
                    o1 = FloatVector.fromArray(S, xs, od + 3 * stride + 1);
                    a20 = o0.fma(g3, e0.fma(g2, a20));
                    a21 = e1.fma(g3, o0.fma(g2, a21));
                    a22 = o1.fma(g3, e1.fma(g2, a22));
                }
            }
        }
        // Written out too: putting the nine accumulators in an array, even after the loop, lets them escape
        // and the loop's vectors get boxed (forward + backward measured 5.3-7.9 ms instead of 3.1-3.5 ms).
        a00.intoArray(lanes, 0);
        partials[at] += sumLanes(lanes);
        a01.intoArray(lanes, 0);
        partials[at + 1] += sumLanes(lanes);
        a02.intoArray(lanes, 0);
        partials[at + 2] += sumLanes(lanes);
        a10.intoArray(lanes, 0);
        partials[at + 3] += sumLanes(lanes);
        a11.intoArray(lanes, 0);
        partials[at + 4] += sumLanes(lanes);
        a12.intoArray(lanes, 0);
        partials[at + 5] += sumLanes(lanes);
        a20.intoArray(lanes, 0);
        partials[at + 6] += sumLanes(lanes);
        a21.intoArray(lanes, 0);
        partials[at + 7] += sumLanes(lanes);
        a22.intoArray(lanes, 0);
        partials[at + 8] += sumLanes(lanes);
    }

    /** The lanes summed left to right (a fixed order, whatever the code is compiled to). */
    private static float sumLanes(float[] lanes) {
        float s = 0f;
        for (float f : lanes) s += f;
        return s;
    }

    /**
     * Splits one image (cin planes of h x w at x[from ..]) into its padded phase planes at xs[at ..]: for
     * channel c, padded row r (input row r-1) and column j, the even plane holds padded column 2j (input
     * column 2j-1) and the odd plane padded column 2j+1 (input column 2j); everything else is zero.
     */
    static void split(Plan p, float[] x, int from, float[] xs, int at) {
        int h = p.h(), w = p.w(), stride = p.stride(), plane = p.planeSize();
        Arrays.fill(xs, at, at + p.imageFloats(), 0f);
        for (int c = 0; c < p.cin(); c++) {
            int even = at + 2 * c * plane, odd = even + plane;
            for (int r = 1; r < p.rows() && r - 1 < h; r++) {
                int src = from + (c * h + r - 1) * w, row = r * stride;
                for (int col = 0; col < w; col += 2) xs[odd + row + col / 2] = x[src + col];
                for (int col = 1; col < w; col += 2) xs[even + row + (col + 1) / 2] = x[src + col];
            }
        }
    }
}
