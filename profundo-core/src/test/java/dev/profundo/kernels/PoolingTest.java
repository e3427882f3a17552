package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoolingTest {

    private static final int[][] CASES = {
        // n, c, h, w, kh, kw, sh, sw, ph, pw
        {2, 3, 8, 8, 2, 2, 2, 2, 0, 0},
        {1, 2, 7, 9, 3, 3, 2, 2, 1, 1},
        {3, 1, 5, 6, 3, 2, 1, 1, 1, 0},
        {1, 4, 13, 11, 4, 3, 3, 2, 2, 1},
        {2, 2, 1, 1, 1, 1, 1, 1, 0, 0},
    };

    @Test
    void maxPoolForwardAndBackwardMatchNaive() {
        SplittableRandom r = new SplittableRandom(9);
        for (int[] p : CASES) {
            int n = p[0], c = p[1], h = p[2], w = p[3], kh = p[4], kw = p[5], sh = p[6], sw = p[7], ph = p[8],
                    pw = p[9];
            int outH = Im2col.outSize(h, kh, sh, ph, 1);
            int outW = Im2col.outSize(w, kw, sw, pw, 1);
            float[] x = TestArrays.uniform(r, n * c * h * w);
            float[] out = new float[n * c * outH * outW];
            int[] arg = new int[out.length];
            Pooling.maxPool2dForward(x, n, c, h, w, kh, kw, sh, sw, ph, pw, out, arg);
            float[] gOut = TestArrays.uniform(r, out.length);
            float[] expectGin = new float[x.length];
            for (int pl = 0; pl < n * c; pl++) {
                for (int oh = 0; oh < outH; oh++) {
                    for (int ow = 0; ow < outW; ow++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int bi = -1;
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                int ih = oh * sh - ph + i;
                                int iw = ow * sw - pw + j;
                                if (ih >= 0 && ih < h && iw >= 0 && iw < w && x[pl * h * w + ih * w + iw] > best) {
                                    best = x[pl * h * w + ih * w + iw];
                                    bi = ih * w + iw;
                                }
                            }
                        }
                        int o = pl * outH * outW + oh * outW + ow;
                        assertEquals(best, out[o]);
                        assertEquals(bi, arg[o]);
                        expectGin[pl * h * w + bi] += gOut[o];
                    }
                }
            }
            float[] gIn = new float[x.length];
            java.util.Arrays.fill(gIn, 99f);
            Pooling.maxPool2dBackward(gOut, arg, n, c, h, w, outH, outW, gIn);
            assertArrayEquals(expectGin, gIn, 1e-6f);
        }
    }

    @Test
    void theVectorised2x2PathFollowsTheScalarRuleAtEveryWidthWithTiesAndNaNs() {
        SplittableRandom r = new SplittableRandom(21);
        java.util.List<int[]> shapes = new java.util.ArrayList<>();            // n, c, h, w
        for (int h = 2; h <= 9; h += 7)
            for (int w = 2; w <= 41; w++) shapes.add(new int[] {2, 3, h, w});
        shapes.add(new int[] {64, 8, 28, 28});                                  // many planes: chunks on every thread
        shapes.add(new int[] {32, 16, 15, 15});
        for (int[] shape : shapes) {
            int n = shape[0], c = shape[1], h = shape[2], w = shape[3], outH = h / 2, outW = w / 2;
            float[] x = new float[n * c * h * w];
            // Few distinct values, so ties are common; some NaNs and infinities.
            for (int i = 0; i < x.length; i++) {
                int k = r.nextInt(40);
                x[i] = k == 0 ? Float.NaN : k == 1 ? Float.NEGATIVE_INFINITY : k == 2 ? Float.POSITIVE_INFINITY : r.nextInt(4);
            }
            float[] out = new float[n * c * outH * outW];
            int[] arg = new int[out.length];
            Pooling.maxPool2dForward(x, n, c, h, w, 2, 2, 2, 2, 0, 0, out, arg);
            for (int pl = 0; pl < n * c; pl++)
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        int first = 2 * oh * w + 2 * ow, bi = first;
                        float best = x[pl * h * w + first];
                        for (int d : new int[] {1, w, w + 1}) {           // row-major; strictly larger or NaN wins
                            float v = x[pl * h * w + first + d];
                            if (v > best || Float.isNaN(v)) {
                                best = v;
                                bi = first + d;
                            }
                        }
                        int o = pl * outH * outW + oh * outW + ow;
                        assertEquals(bi, arg[o], "argmax, h " + h + " w " + w + " at " + o);
                        assertEquals(best, out[o], "value, h " + h + " w " + w + " at " + o);
                    }
        }
    }

    @Test
    void maxPoolPropagatesNaN() {
        float[] x = {1f, Float.NaN, 3f, 2f};
        float[] out = new float[1];
        int[] arg = new int[1];
        Pooling.maxPool2dForward(x, 1, 1, 2, 2, 2, 2, 2, 2, 0, 0, out, arg);
        assertTrue(Float.isNaN(out[0]));
        assertEquals(1, arg[0]);
    }

    @Test
    void avgPoolMatchesNaiveForBothPaddingRules() {
        SplittableRandom r = new SplittableRandom(10);
        for (boolean include : new boolean[] {true, false}) {
            for (int[] p : CASES) {
                int n = p[0], c = p[1], h = p[2], w = p[3], kh = p[4], kw = p[5], sh = p[6], sw = p[7],
                        ph = p[8], pw = p[9];
                int outH = Im2col.outSize(h, kh, sh, ph, 1);
                int outW = Im2col.outSize(w, kw, sw, pw, 1);
                float[] x = TestArrays.uniform(r, n * c * h * w);
                float[] out = new float[n * c * outH * outW];
                Pooling.avgPool2dForward(x, n, c, h, w, kh, kw, sh, sw, ph, pw, include, out);
                float[] gOut = TestArrays.uniform(r, out.length);
                float[] expectGin = new float[x.length];
                for (int pl = 0; pl < n * c; pl++) {
                    for (int oh = 0; oh < outH; oh++) {
                        for (int ow = 0; ow < outW; ow++) {
                            double sum = 0;
                            int inside = 0;
                            int padded = 0;
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int ih = oh * sh - ph + i;
                                    int iw = ow * sw - pw + j;
                                    if (ih < h + ph && iw < w + pw) {
                                        padded++;
                                    }
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                        sum += x[pl * h * w + ih * w + iw];
                                        inside++;
                                    }
                                }
                            }
                            int div = include ? padded : inside;
                            int o = pl * outH * outW + oh * outW + ow;
                            assertEquals(sum / div, out[o], 1e-5, "case " + java.util.Arrays.toString(p));
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    int ih = oh * sh - ph + i;
                                    int iw = ow * sw - pw + j;
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                                        expectGin[pl * h * w + ih * w + iw] += gOut[o] / div;
                                    }
                                }
                            }
                        }
                    }
                }
                float[] gIn = new float[x.length];
                java.util.Arrays.fill(gIn, -5f);
                Pooling.avgPool2dBackward(gOut, n, c, h, w, kh, kw, sh, sw, ph, pw, include, gIn);
                assertArrayEquals(expectGin, gIn, 1e-5f, "case " + java.util.Arrays.toString(p));
            }
        }
    }
}
