package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-channel sums batch normalisation needs, vectorised in a fixed order: float vector lanes
 * within blocks of {@value #BLOCK} elements, each block's lanes added left to right into a double.
 * The result depends only on the data and {@code len}, never on threads or on JIT compilation, and
 * the float rounding error is bounded by the block size. (A plain double loop is exact enough too,
 * but it is one dependent add per element: about 20 times slower.)
 */
public final class NormStats {
    private static final int BLOCK = 1024;

    private NormStats() {}

    /** Σ (a[i] − mu)² over len elements from off. */
    public static double sumSquaredDeviation(float[] a, int off, int len, float mu) {
        VectorSpecies<Float> s = Simd.F;
        int lanes = s.length();
        FloatVector m = FloatVector.broadcast(s, mu);
        double total = 0;
        for (int b0 = 0; b0 < len; b0 += BLOCK) {
            int n = Math.min(BLOCK, len - b0), base = off + b0, i = 0;
            FloatVector acc0 = FloatVector.zero(s), acc1 = FloatVector.zero(s);
            for (int bound = n - 2 * lanes; i <= bound; i += 2 * lanes) {
                FloatVector d0 = FloatVector.fromArray(s, a, base + i).sub(m);
                FloatVector d1 = FloatVector.fromArray(s, a, base + i + lanes).sub(m);
                acc0 = d0.fma(d0, acc0);
                acc1 = d1.fma(d1, acc1);
            }
            double block = VectorLoops.hsum(acc0.add(acc1));
            for (; i < n; i++) {
                double d = a[base + i] - mu;
                block += d * d;
            }
            total += block;
        }
        return total;
    }

    /**
     * Adds Σ g[i] to {@code out[0]} and Σ g[i]·(x[i] − mu) to {@code out[1]}, over len elements: the two
     * sums of the batch-norm backward pass (gradient of the shift and, times 1/σ, of the scale). With a
     * {@code mask} (the output of a fused ReLU), only elements where {@code mask[i] > 0} count.
     */
    public static void sumAndCenteredDot(float[] g, int gOff, float[] x, int xOff, float[] mask, int maskOff, int len,
                                         float mu, double[] out) {
        VectorSpecies<Float> s = Simd.F;
        int lanes = s.length();
        FloatVector m = FloatVector.broadcast(s, mu), zero = FloatVector.zero(s);
        double sumG = 0, dot = 0;
        for (int b0 = 0; b0 < len; b0 += BLOCK) {
            int n = Math.min(BLOCK, len - b0), i = 0;
            FloatVector accG = zero, accD = zero;
            for (int bound = n - lanes; i <= bound; i += lanes) {
                FloatVector gv = FloatVector.fromArray(s, g, gOff + b0 + i);
                if (mask != null) gv = zero.blend(gv, FloatVector.fromArray(s, mask, maskOff + b0 + i).compare(VectorOperators.GT, 0f));
                accG = accG.add(gv);
                accD = gv.fma(FloatVector.fromArray(s, x, xOff + b0 + i).sub(m), accD);
            }
            double bg = VectorLoops.hsum(accG), bd = VectorLoops.hsum(accD);
            for (; i < n; i++) {
                if (mask != null && !(mask[maskOff + b0 + i] > 0)) continue;
                float gv = g[gOff + b0 + i];
                bg += gv;
                bd += gv * (double) (x[xOff + b0 + i] - mu);
            }
            sumG += bg;
            dot += bd;
        }
        out[0] += sumG;
        out[1] += dot;
    }
}
