package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Im2colTest {

    private static final int[][] CASES = {
        // c, h, w, kh, kw, sh, sw, ph, pw, dh, dw
        {1, 5, 5, 3, 3, 1, 1, 0, 0, 1, 1},
        {2, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1},
        {3, 8, 9, 3, 2, 2, 3, 1, 2, 1, 1},
        {2, 9, 11, 3, 3, 1, 2, 2, 1, 2, 3},
        {1, 4, 4, 5, 5, 1, 1, 2, 2, 1, 1},
        {4, 1, 17, 1, 3, 1, 1, 0, 1, 1, 1},
        {2, 13, 13, 1, 1, 3, 3, 0, 0, 1, 1},
        {1, 6, 6, 2, 2, 1, 1, 3, 3, 1, 1},
    };

    private static float naivePatch(float[] x, int c, int h, int w, int[] p, int row, int col, int outW) {
        int kh = p[3];
        int kw = p[4];
        int ci = row / (kh * kw);
        int ki = row / kw % kh;
        int kj = row % kw;
        int oh = col / outW;
        int ow = col % outW;
        int ih = oh * p[5] - p[7] + ki * p[9];
        int iw = ow * p[6] - p[8] + kj * p[10];
        if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
            return 0f;
        }
        return x[ci * h * w + ih * w + iw];
    }

    @Test
    void im2colMatchesNaiveWithStridePaddingDilation() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] p : CASES) {
            int c = p[0];
            int h = p[1];
            int w = p[2];
            int outH = Im2col.outSize(h, p[3], p[5], p[7], p[9]);
            int outW = Im2col.outSize(w, p[4], p[6], p[8], p[10]);
            int rows = c * p[3] * p[4];
            float[] x = new float[2 + c * h * w];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble();
            }
            float[] xs = new float[c * h * w];
            System.arraycopy(x, 2, xs, 0, xs.length);
            float[] cols = new float[5 + rows * outH * outW];
            java.util.Arrays.fill(cols, Float.NaN);
            Im2col.im2col(x, 2, c, h, w, p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], cols, 5);
            for (int row = 0; row < rows; row++) {
                for (int col = 0; col < outH * outW; col++) {
                    assertEquals(naivePatch(xs, c, h, w, p, row, col, outW), cols[5 + row * outH * outW + col],
                            "case " + java.util.Arrays.toString(p) + " row " + row + " col " + col);
                }
            }
        }
    }

    @Test
    void col2imAccumulatesTheAdjoint() {
        SplittableRandom r = new SplittableRandom(4);
        for (int[] p : CASES) {
            int c = p[0];
            int h = p[1];
            int w = p[2];
            int outH = Im2col.outSize(h, p[3], p[5], p[7], p[9]);
            int outW = Im2col.outSize(w, p[4], p[6], p[8], p[10]);
            int rows = c * p[3] * p[4];
            float[] cols = new float[rows * outH * outW];
            for (int i = 0; i < cols.length; i++) {
                cols[i] = (float) (r.nextInt(17) - 8);
            }
            float[] dx = new float[3 + c * h * w];
            float[] expect = new float[dx.length];
            for (int i = 0; i < dx.length; i++) {
                dx[i] = i;
                expect[i] = i;
            }
            for (int row = 0; row < rows; row++) {
                int ci = row / (p[3] * p[4]);
                int ki = row / p[4] % p[3];
                int kj = row % p[4];
                for (int col = 0; col < outH * outW; col++) {
                    int ih = col / outW * p[5] - p[7] + ki * p[9];
                    int iw = col % outW * p[6] - p[8] + kj * p[10];
                    if (ih >= 0 && ih < h && iw >= 0 && iw < w) {
                        expect[3 + ci * h * w + ih * w + iw] += cols[row * outH * outW + col];
                    }
                }
            }
            Im2col.col2im(cols, 0, c, h, w, p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], dx, 3);
            assertArrayEquals(expect, dx, "case " + java.util.Arrays.toString(p));
        }
    }

    @Test
    void outSizeFollowsTheConvolutionFormula() {
        assertEquals(26, Im2col.outSize(28, 3, 1, 0, 1));
        assertEquals(28, Im2col.outSize(28, 3, 1, 1, 1));
        assertEquals(14, Im2col.outSize(28, 2, 2, 0, 1));
        assertEquals(24, Im2col.outSize(28, 3, 1, 0, 2));
        assertEquals(0, Im2col.outSize(2, 5, 1, 0, 1));
    }
}
