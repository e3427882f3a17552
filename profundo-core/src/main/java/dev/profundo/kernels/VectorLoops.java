package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The Vector API bodies behind {@link VectorOps}; kept apart so VectorOps loads even without the incubator module. */
final class VectorLoops {

    /** Elements per block of {@link #sum}: partial sums stay in float only this long before going to double. */
    private static final int SUM_BLOCK = 1024;

    private VectorLoops() {}

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
        FloatVector acc0 = FloatVector.zero(s);
        FloatVector acc1 = FloatVector.zero(s);
        int i = 0;
        int step = 2 * s.length();
        for (int bound = len - step; i <= bound; i += step) {
            acc0 = FloatVector.fromArray(s, a, aOff + i).fma(FloatVector.fromArray(s, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(s, a, aOff + i + s.length())
                    .fma(FloatVector.fromArray(s, b, bOff + i + s.length()), acc1);
        }
        if (i + s.length() <= len) {
            acc0 = FloatVector.fromArray(s, a, aOff + i).fma(FloatVector.fromArray(s, b, bOff + i), acc0);
            i += s.length();
        }
        float r = hsum(acc0.add(acc1));
        for (; i < len; i++) {
            r = Math.fma(a[aOff + i], b[bOff + i], r);
        }
        return r;
    }
}
