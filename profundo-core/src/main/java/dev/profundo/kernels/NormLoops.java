package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The elementwise passes of batch normalisation over one channel plane, vectorised: applying the
 * folded scale and shift (with the ReLU fused or not), and the input gradient. Each lane computes
 * exactly what the scalar expression in its comment does, with no fused multiply-add, so results
 * do not depend on the vector width or on JIT compilation.
 */
public final class NormLoops {
    private NormLoops() {}

    /** out[i] = x[i]·scale + shift, then, when {@code relu}, negative values (not NaN, not −0) become 0. */
    public static void scaleShift(float[] x, int xOff, float scale, float shift, boolean relu, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        FloatVector sc = FloatVector.broadcast(s, scale), sh = FloatVector.broadcast(s, shift), zero = FloatVector.zero(s);
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector v = FloatVector.fromArray(s, x, xOff + i).mul(sc).add(sh);
            if (relu) v = v.blend(zero, v.compare(VectorOperators.LT, zero));
            v.intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float v = x[xOff + i] * scale + shift;
            out[outOff + i] = relu && v < 0f ? 0f : v;
        }
    }

    /**
     * The batch-norm input gradient with batch statistics: {@code out[i] = k·((g[i] − mg) − ĥ·mh)} with
     * {@code ĥ = (x[i] − mean)·rstd}, where {@code g[i]} counts only where {@code mask[i] > 0} when a
     * mask (the fused ReLU's output) is given.
     */
    public static void inputGrad(float[] g, int gOff, float[] x, int xOff, float[] mask, int maskOff, float k, float mean,
                                 float rstd, float mg, float mh, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        FloatVector kv = FloatVector.broadcast(s, k), mv = FloatVector.broadcast(s, mean), rv = FloatVector.broadcast(s, rstd);
        FloatVector mgv = FloatVector.broadcast(s, mg), mhv = FloatVector.broadcast(s, mh), zero = FloatVector.zero(s);
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector gv = FloatVector.fromArray(s, g, gOff + i);
            if (mask != null) gv = zero.blend(gv, FloatVector.fromArray(s, mask, maskOff + i).compare(VectorOperators.GT, zero));
            FloatVector h = FloatVector.fromArray(s, x, xOff + i).sub(mv).mul(rv);
            gv.sub(mgv).sub(h.mul(mhv)).mul(kv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) {
            float h = (x[xOff + i] - mean) * rstd;
            float gi = mask == null || mask[maskOff + i] > 0 ? g[gOff + i] : 0f;
            out[outOff + i] = k * (gi - mg - h * mh);
        }
    }

    /** The gradient with fixed statistics (eval): {@code out[i] = g[i]·k}, g masked as in {@link #inputGrad}. */
    public static void scaledGrad(float[] g, int gOff, float[] mask, int maskOff, float k, float[] out, int outOff, int len) {
        VectorSpecies<Float> s = Simd.F;
        FloatVector kv = FloatVector.broadcast(s, k), zero = FloatVector.zero(s);
        int i = 0;
        for (int bound = s.loopBound(len); i < bound; i += s.length()) {
            FloatVector gv = FloatVector.fromArray(s, g, gOff + i);
            if (mask != null) gv = zero.blend(gv, FloatVector.fromArray(s, mask, maskOff + i).compare(VectorOperators.GT, zero));
            gv.mul(kv).intoArray(out, outOff + i);
        }
        for (; i < len; i++) out[outOff + i] = (mask == null || mask[maskOff + i] > 0 ? g[gOff + i] : 0f) * k;
    }
}
