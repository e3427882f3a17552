package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API bodies behind {@link VectorOps}; kept apart so VectorOps loads even without the incubator module. */
final class VectorLoops {

    /** Elements per block of {@link #sum}: partial sums stay in float only this long before going to double. */
    private static final int SUM_BLOCK = 1024;

    /** Rotations by L/2, L/4, ..., 1 lanes: the fixed pairing of {@link #treeSum}. */
    private static final VectorShuffle<Float>[] HALVES = halves();

    private VectorLoops() {}

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int steps = Integer.numberOfTrailingZeros(Simd.LANES);
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int i = 0, h = Simd.LANES / 2; h >= 1; i++, h /= 2) {
            out[i] = VectorShuffle.iota(Simd.F, h, 1, true);
        }
        return out;
    }

    /**
     * Sum of the lanes by a fixed pairwise tree (lane i plus lane i + L/2, and so on): defined lane by lane,
     * so compiled and interpreted code give the same bits, at log2(L) shuffles instead of L extractions.
     */
    static float treeSum(FloatVector v) {
        for (VectorShuffle<Float> h : HALVES) {
            v = v.add(v.rearrange(h));
        }
        return v.lane(0);
    }

    /** out[i] = a[i] + b[i] for len elements. */
    static void add(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, aOff + i).add(FloatVector.fromArray(s, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    /** out[i] = a[i] - b[i] for len elements. */
    static void sub(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, aOff + i).sub(FloatVector.fromArray(s, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] - b[bOff + i];
        }
    }

    /** out[i] = a[i] * b[i] for len elements. */
    static void mul(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, aOff + i).mul(FloatVector.fromArray(s, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] * b[bOff + i];
        }
    }

    /** out[i] = a[i] / b[i] for len elements. */
    static void div(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector.fromArray(s, a, aOff + i).div(FloatVector.fromArray(s, b, bOff + i)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] / b[bOff + i];
        }
    }

    /** out[i] = a[i] + s for len elements. */
    static void addScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        VectorSpecies<Float> sp = Simd.F;
        FloatVector sv = FloatVector.broadcast(sp, s);
        int i = 0;
        for (int bound = sp.loopBound(len); i < bound; i += sp.length()) {
            FloatVector.fromArray(sp, a, aOff + i).add(sv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] + s;
        }
    }

    /** out[i] = a[i] * s for len elements. */
    static void mulScalar(float[] a, int aOff, float s, float[] out, int outOff, int len) {
        VectorSpecies<Float> sp = Simd.F;
        FloatVector sv = FloatVector.broadcast(sp, s);
        int i = 0;
        for (int bound = sp.loopBound(len); i < bound; i += sp.length()) {
            FloatVector.fromArray(sp, a, aOff + i).mul(sv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = a[aOff + i] * s;
        }
    }

    /** out[i] = max(a[i], 0) for len elements (NaN stays NaN, as in PyTorch). */
    static void relu(float[] a, int aOff, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        FloatVector zero = FloatVector.zero(s);
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector v = FloatVector.fromArray(s, a, aOff + i);
            // A blend on "v < 0" keeps NaN, which max(v, 0) would also do but a compare-to-positive would not.
            v.blend(zero, v.compare(VectorOperators.LT, zero)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float v = a[aOff + i];
            out[outOff + i] = v < 0f ? 0f : v;
        }
    }

    /** out[i] = relu(a[i] + b[i]) for len elements, rounding as the add then the relu would. */
    static void addRelu(float[] a, int aOff, float[] b, int bOff, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        FloatVector zero = FloatVector.zero(s);
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector v = FloatVector.fromArray(s, a, aOff + i).add(FloatVector.fromArray(s, b, bOff + i));
            v.blend(zero, v.compare(VectorOperators.LT, zero)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float v = a[aOff + i] + b[bOff + i];
            out[outOff + i] = v < 0f ? 0f : v;
        }
    }

    /** out[i] = x[i] > 0 ? g[i] : 0 for len elements: the gradient of relu. */
    static void reluBackward(float[] x, int xOff, float[] g, int gOff, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        FloatVector zero = FloatVector.zero(s);
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector xv = FloatVector.fromArray(s, x, xOff + i);
            FloatVector gv = FloatVector.fromArray(s, g, gOff + i);
            zero.blend(gv, xv.compare(VectorOperators.GT, zero)).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            out[outOff + i] = x[xOff + i] > 0f ? g[gOff + i] : 0f;
        }
    }

    /** y[i] += alpha * x[i] for len elements. */
    static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        FloatVector av = FloatVector.broadcast(s, alpha);
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector.fromArray(s, x, xOff + i).fma(av, FloatVector.fromArray(s, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < len; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    /**
     * Sum of len elements in a fixed order: float vector lanes within blocks of 1024, then the blocks in
     * double, so the result is reproducible and the float rounding error stays bounded by the block size.
     */
    static double sum(float[] a, int off, int len) {
        VectorSpecies<Float> s = Simd.F;
        double total = 0;
        for (int blockStart = 0; blockStart < len; blockStart += SUM_BLOCK) {
            int blockLen = Math.min(SUM_BLOCK, len - blockStart);
            int base = off + blockStart;
            FloatVector acc0 = FloatVector.zero(s);
            FloatVector acc1 = FloatVector.zero(s);
            int i = 0;
            int step = 2 * s.length();
            for (int bound = blockLen - step; i <= bound; i += step) {
                acc0 = acc0.add(FloatVector.fromArray(s, a, base + i));
                acc1 = acc1.add(FloatVector.fromArray(s, a, base + i + s.length()));
            }
            double block = hsum(acc0.add(acc1));
            for (; i < blockLen; i++) {
                block += a[base + i];
            }
            total += block;
        }
        return total;
    }

    /**
     * Adds the lanes of v strictly left to right; reduceLanes(ADD) leaves the order to the implementation,
     * which could make interpreted and compiled runs differ in the last bit.
     */
    static float hsum(FloatVector v) {
        float r = 0f;
        for (int l = 0; l < Simd.LANES; l++) {
            r += v.lane(l);
        }
        return r;
    }

    /** Largest of len elements (NaN if any is NaN); negative infinity when len is 0. */
    static float max(float[] a, int off, int len) {
        VectorSpecies<Float> s = Simd.F;
        FloatVector acc = FloatVector.broadcast(s, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            acc = acc.max(FloatVector.fromArray(s, a, off + i));
        }
        float m = acc.reduceLanes(VectorOperators.MAX);
        for (; i < len; i++) {
            m = Math.max(m, a[off + i]);
        }
        return m;
    }

    /** Dot product of len elements of a and b, accumulated in float vector lanes in a fixed order. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        int lanes = s.length();
        FloatVector acc0 = FloatVector.zero(s);
        FloatVector acc1 = FloatVector.zero(s);
        int i = 0;
        for (int bound = len - 2 * lanes; i <= bound; i += 2 * lanes) {
            acc0 = FloatVector.fromArray(s, a, aOff + i).fma(FloatVector.fromArray(s, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(s, a, aOff + i + lanes).fma(FloatVector.fromArray(s, b, bOff + i + lanes), acc1);
        }
        if (i + lanes <= len) {
            acc0 = FloatVector.fromArray(s, a, aOff + i).fma(FloatVector.fromArray(s, b, bOff + i), acc0);
            i += lanes;
        }
        float r = treeSum(acc0.add(acc1));
        for (; i < len; i++) {
            r = Math.fma(a[aOff + i], b[bOff + i], r);
        }
        return r;
    }

    /**
     * Four dot products of a against rows of b starting at b0..b3, into out[o..o+3]. Each is bit-identical
     * to {@link #dot} (same accumulators, same order); doing four at once reuses every load of a and keeps
     * eight independent FMA chains in flight, which is what a matrix-vector product (batch-1 inference) needs.
     */
    static void dot4(float[] a, int aOff, float[] b, int b0, int b1, int b2, int b3, int len, float[] out, int o) {
        VectorSpecies<Float> s = Simd.F;
        int lanes = s.length();
        FloatVector p0 = FloatVector.zero(s), q0 = FloatVector.zero(s);
        FloatVector p1 = FloatVector.zero(s), q1 = FloatVector.zero(s);
        FloatVector p2 = FloatVector.zero(s), q2 = FloatVector.zero(s);
        FloatVector p3 = FloatVector.zero(s), q3 = FloatVector.zero(s);
        int i = 0;
        for (int bound = len - 2 * lanes; i <= bound; i += 2 * lanes) {
            FloatVector x0 = FloatVector.fromArray(s, a, aOff + i);
            FloatVector x1 = FloatVector.fromArray(s, a, aOff + i + lanes);
            p0 = x0.fma(FloatVector.fromArray(s, b, b0 + i), p0);
            q0 = x1.fma(FloatVector.fromArray(s, b, b0 + i + lanes), q0);
            p1 = x0.fma(FloatVector.fromArray(s, b, b1 + i), p1);
            q1 = x1.fma(FloatVector.fromArray(s, b, b1 + i + lanes), q1);
            p2 = x0.fma(FloatVector.fromArray(s, b, b2 + i), p2);
            q2 = x1.fma(FloatVector.fromArray(s, b, b2 + i + lanes), q2);
            p3 = x0.fma(FloatVector.fromArray(s, b, b3 + i), p3);
            q3 = x1.fma(FloatVector.fromArray(s, b, b3 + i + lanes), q3);
        }
        if (i + lanes <= len) {
            FloatVector x0 = FloatVector.fromArray(s, a, aOff + i);
            p0 = x0.fma(FloatVector.fromArray(s, b, b0 + i), p0);
            p1 = x0.fma(FloatVector.fromArray(s, b, b1 + i), p1);
            p2 = x0.fma(FloatVector.fromArray(s, b, b2 + i), p2);
            p3 = x0.fma(FloatVector.fromArray(s, b, b3 + i), p3);
            i += lanes;
        }
        float r0 = treeSum(p0.add(q0));
        float r1 = treeSum(p1.add(q1));
        float r2 = treeSum(p2.add(q2));
        float r3 = treeSum(p3.add(q3));
        for (; i < len; i++) {
            float x = a[aOff + i];
            r0 = Math.fma(x, b[b0 + i], r0);
            r1 = Math.fma(x, b[b1 + i], r1);
            r2 = Math.fma(x, b[b2 + i], r2);
            r3 = Math.fma(x, b[b3 + i], r3);
        }
        out[o] = r0;
        out[o + 1] = r1;
        out[o + 2] = r2;
        out[o + 3] = r3;
    }
}
