package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/** Max and average 2-D pooling over NCHW batches, forward and backward, with PyTorch's semantics (floor mode). */
public final class Pooling {
    /** Planes per parallel chunk floor: tiny planes are not worth a fork each. */
    private static final int PLANE_GRAIN_WORK = 1 << 14;
    private static final VectorSpecies<Float> F = Simd.F;
    private static final int L = Simd.LANES;
    /** Ints with as many lanes as {@link #F}, for the argmax indices. */
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** 0, 2, 4, ...: the gather map picking every other element (one per 2-wide window). */
    private static final int[] EVEN = java.util.stream.IntStream.range(0, L).map(j -> 2 * j).toArray();
    /**
     * EVEN_FIRST[k]: the first k entries of {@link #EVEN}, then zeros. Masked gathers still range-check
     * every lane, so lanes past the row's end must point somewhere inside the array.
     */
    private static final int[][] EVEN_FIRST = java.util.stream.IntStream.rangeClosed(0, L)
            .mapToObj(k -> java.util.stream.IntStream.range(0, L).map(j -> j < k ? 2 * j : 0).toArray())
            .toArray(int[][]::new);

    private Pooling() {}

    /**
     * Max pooling of x (n x c x h x w) into out (n x c x outH x outW); argmax gets, for each output, the index
     * within its h*w input plane of the maximum (-1 if the window saw only padding). Padding counts as -inf;
     * a NaN in a window wins, as in PyTorch.
     */
    public static void maxPool2dForward(float[] x, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
                                        int ph, int pw, float[] out, int[] argmax) {
        int outH = Im2col.outSize(h, kh, sh, ph, 1);
        int outW = Im2col.outSize(w, kw, sw, pw, 1);
        int planes = n * c;
        int grain = grain(outH * outW * kh * kw);
        if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0) {
            Parallel.forRange(planes, grain, (s, e) -> maxPool2x2(x, s, e, h, w, outH, outW, out, argmax));
            return;
        }
        Spans rows = Spans.of(h, kh, sh, ph, outH), cols = Spans.of(w, kw, sw, pw, outW);
        Parallel.forRange(planes, grain, (s, e) -> {
            for (int pl = s; pl < e; pl++) {
                int xBase = pl * h * w;
                int oBase = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++) {
                    int hs = rows.start[oh], he = rows.end[oh];
                    for (int ow = 0; ow < outW; ow++) {
                        int ws = cols.start[ow], we = cols.end[ow];
                        float best = Float.NEGATIVE_INFINITY;
                        // PyTorch's rule: start at the window's first pixel, take strictly larger values or NaN.
                        int bestIdx = hs < he && ws < we ? hs * w + ws : -1;
                        for (int ih = hs; ih < he; ih++) {
                            for (int iw = ws; iw < we; iw++) {
                                int idx = ih * w + iw;
                                float v = x[xBase + idx];
                                if (v > best || Float.isNaN(v)) {
                                    best = v;
                                    bestIdx = idx;
                                }
                            }
                        }
                        out[oBase + oh * outW + ow] = best;
                        argmax[oBase + oh * outW + ow] = bestIdx;
                    }
                }
            }
        });
    }

    /**
     * The common 2x2, stride-2, unpadded window with the general loop's exact rule: start at the top-left
     * pixel, then take each of the other three in row-major order if strictly larger or NaN. One output
     * row at a time, a vector of outputs per step: the four window corners are gathered with stride 2, and
     * compare-and-blend keeps the maximum and its index (a scalar version ran at ~15 ns per output).
     */
    private static void maxPool2x2(float[] x, int s, int e, int h, int w, int outH, int outW, float[] out, int[] argmax) {
        IntVector lane2 = IntVector.fromArray(I, EVEN, 0);                 // 0, 2, 4, ...: each window's column offset
        for (int pl = s; pl < e; pl++) {
            int xBase = pl * h * w;
            for (int oh = 0; oh < outH; oh++) {
                int o = (pl * outH + oh) * outW;
                for (int ow = 0; ow < outW; ow += L) {
                    VectorMask<Float> m = F.indexInRange(ow, outW);
                    int[] map = EVEN_FIRST[Math.min(L, outW - ow)];
                    int i = 2 * oh * w + 2 * ow;                            // top-left corner of the first window
                    IntVector at = lane2.add(i);
                    FloatVector best = FloatVector.fromArray(F, x, xBase + i, map, 0, m);
                    IntVector idx = at;
                    // top-right, bottom-left, bottom-right, in that order (the order decides ties)
                    FloatVector v = FloatVector.fromArray(F, x, xBase + i + 1, map, 0, m);
                    VectorMask<Float> take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    idx = idx.blend(at.add(1), take.cast(I));
                    v = FloatVector.fromArray(F, x, xBase + i + w, map, 0, m);
                    take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    idx = idx.blend(at.add(w), take.cast(I));
                    v = FloatVector.fromArray(F, x, xBase + i + w + 1, map, 0, m);
                    take = v.compare(VectorOperators.GT, best).or(v.test(VectorOperators.IS_NAN));
                    best = best.blend(v, take);
                    idx = idx.blend(at.add(w + 1), take.cast(I));
                    best.intoArray(out, o + ow, m);
                    idx.intoArray(argmax, o + ow, m.cast(I));
                }
            }
        }
    }

    /** Routes each output gradient to its argmax input position; overwrites gradIn (n x c x h x w) entirely. */
    public static void maxPool2dBackward(float[] gradOut, int[] argmax, int n, int c, int h, int w,
                                         int outH, int outW, float[] gradIn) {
        int planes = n * c;
        int hw = h * w;
        int ohw = outH * outW;
        Parallel.forRange(planes, grain(hw + ohw), (s, e) -> {
            for (int pl = s; pl < e; pl++) {
                int gBase = pl * hw;
                Arrays.fill(gradIn, gBase, gBase + hw, 0f);
                int oBase = pl * ohw;
                for (int o = 0; o < ohw; o++) {
                    int idx = argmax[oBase + o];
                    if (idx >= 0) {
                        gradIn[gBase + idx] += gradOut[oBase + o];
                    }
                }
            }
        });
    }

    /**
     * Average pooling of x (n x c x h x w) into out (n x c x outH x outW); the divisor is the window size
     * clipped to the padded input, or to the real input when countIncludePad is false (PyTorch's rule).
     */
    public static void avgPool2dForward(float[] x, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
                                        int ph, int pw, boolean countIncludePad, float[] out) {
        int outH = Im2col.outSize(h, kh, sh, ph, 1);
        int outW = Im2col.outSize(w, kw, sw, pw, 1);
        Spans rows = Spans.of(h, kh, sh, ph, outH), cols = Spans.of(w, kw, sw, pw, outW);
        Parallel.forRange(n * c, grain(outH * outW * kh * kw), (s, e) -> {
            for (int pl = s; pl < e; pl++) {
                int xBase = pl * h * w;
                int oBase = pl * outH * outW;
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        float sum = 0f;
                        for (int ih = rows.start[oh]; ih < rows.end[oh]; ih++) {
                            int row = xBase + ih * w;
                            for (int iw = cols.start[ow]; iw < cols.end[ow]; iw++) sum += x[row + iw];
                        }
                        int divisor = Spans.divisor(countIncludePad, rows, oh, cols, ow);
                        out[oBase + oh * outW + ow] = divisor > 0 ? sum / divisor : 0f;
                    }
            }
        });
    }

    /** Spreads each output gradient evenly over its window (same divisor as forward); overwrites gradIn. */
    public static void avgPool2dBackward(float[] gradOut, int n, int c, int h, int w, int kh, int kw, int sh, int sw,
                                         int ph, int pw, boolean countIncludePad, float[] gradIn) {
        int outH = Im2col.outSize(h, kh, sh, ph, 1);
        int outW = Im2col.outSize(w, kw, sw, pw, 1);
        Spans rows = Spans.of(h, kh, sh, ph, outH), cols = Spans.of(w, kw, sw, pw, outW);
        Parallel.forRange(n * c, grain(outH * outW * kh * kw), (s, e) -> {
            for (int pl = s; pl < e; pl++) {
                int gBase = pl * h * w;
                int oBase = pl * outH * outW;
                Arrays.fill(gradIn, gBase, gBase + h * w, 0f);
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        int divisor = Spans.divisor(countIncludePad, rows, oh, cols, ow);
                        if (divisor <= 0) continue;
                        float g = gradOut[oBase + oh * outW + ow] / divisor;
                        for (int ih = rows.start[oh]; ih < rows.end[oh]; ih++) {
                            int row = gBase + ih * w;
                            for (int iw = cols.start[ow]; iw < cols.end[ow]; iw++) gradIn[row + iw] += g;
                        }
                    }
            }
        });
    }

    /**
     * The windows of one axis: output o covers input [start[o], end[o]) (clipped to the input; empty when
     * it lies in the padding) and padded[o] positions of the padded input.
     */
    private record Spans(int[] start, int[] end, int[] padded) {
        static Spans of(int in, int k, int stride, int pad, int out) {
            int[] s = new int[out], e = new int[out], p = new int[out];
            for (int o = 0; o < out; o++) {
                int lo = o * stride - pad;
                s[o] = Math.max(lo, 0);
                e[o] = Math.max(s[o], Math.min(lo + k, in));
                p[o] = Math.min(lo + k, in + pad) - lo;
            }
            return new Spans(s, e, p);
        }

        /** PyTorch's divisor: the window clipped to the padded input, or to the real input. */
        static int divisor(boolean countIncludePad, Spans rows, int oh, Spans cols, int ow) {
            return countIncludePad ? rows.padded[oh] * cols.padded[ow]
                    : (rows.end[oh] - rows.start[oh]) * (cols.end[ow] - cols.start[ow]);
        }
    }

    private static int grain(int workPerPlane) {
        return Math.max(1, PLANE_GRAIN_WORK / Math.max(1, workPerPlane));
    }
}
