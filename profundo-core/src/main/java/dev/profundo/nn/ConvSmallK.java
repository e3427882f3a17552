package dev.profundo.nn;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Convolution GEMMs whose depth (C_in/groups * kH * kW) is tiny, as in a first layer on grey or RGB
 * images (1 x 3 x 3 = 9): there the general GEMM spends its time packing and on mostly-empty edge
 * tiles, while these loops keep a few output rows in registers and write each output once.
 */
final class ConvSmallK {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private ConvSmallK() {}

    /**
     * out[co, p] = b[co] + Σ_k w[co, k] * cols[k, p] for co < rows, p < hw, k < depth; b may be null.
     * Rows of w are {@code depth} long, rows of cols and out {@code hw} long.
     */
    static void forward(int rows, int hw, int depth, float[] w, int wOff, float[] cols, int colsOff,
                        float[] b, int bOff, float[] out, int outOff) {
        // Whole vectors up to the last full one, then one masked step: masked loads and stores in the
        // loop itself cost more than the arithmetic.
        int full = S.loopBound(hw);
        int co = 0;
        for (; co + 4 <= rows; co += 4) {
            int w0 = wOff + co * depth, w1 = w0 + depth, w2 = w1 + depth, w3 = w2 + depth;
            float b0 = bias(b, bOff + co), b1 = bias(b, bOff + co + 1), b2 = bias(b, bOff + co + 2), b3 = bias(b, bOff + co + 3);
            int o0 = outOff + co * hw;
            for (int p = 0; p < full; p += L) {
                var a0 = FloatVector.broadcast(S, b0);
                var a1 = FloatVector.broadcast(S, b1);
                var a2 = FloatVector.broadcast(S, b2);
                var a3 = FloatVector.broadcast(S, b3);
                int ci = colsOff + p;
                for (int k = 0; k < depth; k++, ci += hw) {
                    var c = FloatVector.fromArray(S, cols, ci);
                    a0 = c.fma(FloatVector.broadcast(S, w[w0 + k]), a0);
                    a1 = c.fma(FloatVector.broadcast(S, w[w1 + k]), a1);
                    a2 = c.fma(FloatVector.broadcast(S, w[w2 + k]), a2);
                    a3 = c.fma(FloatVector.broadcast(S, w[w3 + k]), a3);
                }
                a0.intoArray(out, o0 + p);
                a1.intoArray(out, o0 + hw + p);
                a2.intoArray(out, o0 + 2 * hw + p);
                a3.intoArray(out, o0 + 3 * hw + p);
            }
            for (int r = 0; r < 4 && full < hw; r++) tail(hw, depth, full, w, w0 + r * depth, cols, colsOff, bias(b, bOff + co + r), out, o0 + r * hw);
        }
        for (; co < rows; co++) {
            int w0 = wOff + co * depth, o0 = outOff + co * hw;
            float b0 = bias(b, bOff + co);
            for (int p = 0; p < full; p += L) {
                var a0 = FloatVector.broadcast(S, b0);
                int ci = colsOff + p;
                for (int k = 0; k < depth; k++, ci += hw)
                    a0 = FloatVector.fromArray(S, cols, ci).fma(FloatVector.broadcast(S, w[w0 + k]), a0);
                a0.intoArray(out, o0 + p);
            }
            if (full < hw) tail(hw, depth, full, w, w0, cols, colsOff, b0, out, o0);
        }
    }

    /** The last, partial vector of one output row, from position {@code p}. */
    private static void tail(int hw, int depth, int p, float[] w, int w0, float[] cols, int colsOff, float b0, float[] out, int o0) {
        VectorMask<Float> m = S.indexInRange(p, hw);
        var a0 = FloatVector.broadcast(S, b0);
        int ci = colsOff + p;
        for (int k = 0; k < depth; k++, ci += hw)
            a0 = FloatVector.fromArray(S, cols, ci, m).fma(FloatVector.broadcast(S, w[w0 + k]), a0);
        a0.intoArray(out, o0 + p, m);
    }

    private static float bias(float[] b, int i) {
        return b == null ? 0f : b[i];
    }

    /**
     * gw[co, k] (+)= Σ_p gy[co, p] * cols[k, p]: overwritten when {@code first}, accumulated otherwise.
     * Two output channels and four taps at a time share every loaded vector.
     */
    static void weightGrad(int rows, int hw, int depth, float[] gy, int gyOff, float[] cols, int colsOff,
                           float[] gw, int gwOff, boolean first) {
        int bound = S.loopBound(hw);
        for (int co = 0; co < rows; co += 2) {
            boolean pair = co + 1 < rows;
            int g0 = gyOff + co * hw, g1 = pair ? g0 + hw : g0;
            int k = 0;
            for (; k + 4 <= depth; k += 4) {
                var s00 = FloatVector.zero(S); var s01 = FloatVector.zero(S); var s02 = FloatVector.zero(S); var s03 = FloatVector.zero(S);
                var s10 = FloatVector.zero(S); var s11 = FloatVector.zero(S); var s12 = FloatVector.zero(S); var s13 = FloatVector.zero(S);
                int c0 = colsOff + k * hw, c1 = c0 + hw, c2 = c1 + hw, c3 = c2 + hw;
                for (int p = 0; p < bound; p += L) {
                    var y0 = FloatVector.fromArray(S, gy, g0 + p);
                    var y1 = FloatVector.fromArray(S, gy, g1 + p);
                    var x0 = FloatVector.fromArray(S, cols, c0 + p);
                    var x1 = FloatVector.fromArray(S, cols, c1 + p);
                    var x2 = FloatVector.fromArray(S, cols, c2 + p);
                    var x3 = FloatVector.fromArray(S, cols, c3 + p);
                    s00 = y0.fma(x0, s00); s01 = y0.fma(x1, s01); s02 = y0.fma(x2, s02); s03 = y0.fma(x3, s03);
                    s10 = y1.fma(x0, s10); s11 = y1.fma(x1, s11); s12 = y1.fma(x2, s12); s13 = y1.fma(x3, s13);
                }
                int r0 = gwOff + co * depth + k, r1 = r0 + depth;
                put(gw, r0, s00, gy, g0, cols, c0, bound, hw, first);
                put(gw, r0 + 1, s01, gy, g0, cols, c1, bound, hw, first);
                put(gw, r0 + 2, s02, gy, g0, cols, c2, bound, hw, first);
                put(gw, r0 + 3, s03, gy, g0, cols, c3, bound, hw, first);
                if (pair) {
                    put(gw, r1, s10, gy, g1, cols, c0, bound, hw, first);
                    put(gw, r1 + 1, s11, gy, g1, cols, c1, bound, hw, first);
                    put(gw, r1 + 2, s12, gy, g1, cols, c2, bound, hw, first);
                    put(gw, r1 + 3, s13, gy, g1, cols, c3, bound, hw, first);
                }
            }
            for (; k < depth; k++) {
                var s0 = FloatVector.zero(S);
                var s1 = FloatVector.zero(S);
                int c0 = colsOff + k * hw;
                for (int p = 0; p < bound; p += L) {
                    var x0 = FloatVector.fromArray(S, cols, c0 + p);
                    s0 = FloatVector.fromArray(S, gy, g0 + p).fma(x0, s0);
                    s1 = FloatVector.fromArray(S, gy, g1 + p).fma(x0, s1);
                }
                put(gw, gwOff + co * depth + k, s0, gy, g0, cols, c0, bound, hw, first);
                if (pair) put(gw, gwOff + (co + 1) * depth + k, s1, gy, g1, cols, c0, bound, hw, first);
            }
        }
    }

    /** Stores (or adds) the lanes of {@code sum} plus the scalar tail p in [bound, hw) of one dot product. */
    private static void put(float[] gw, int i, FloatVector sum, float[] gy, int g, float[] cols, int c,
                            int bound, int hw, boolean first) {
        // Lanes are added in a fixed order: reduceLanes(ADD) leaves the order to the implementation, and
        // interpreted and compiled code then differ in the last bit, breaking same-seed reproducibility.
        float s = 0f;
        for (int l = 0; l < sum.length(); l++) s += sum.lane(l);
        for (int p = bound; p < hw; p++) s = Math.fma(gy[g + p], cols[c + p], s);
        gw[i] = first ? s : gw[i] + s;
    }
}
