package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.kernels.Parallel;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Convolution.conv2d: forward against a direct convolution, gradients against finite differences and a direct formula. */
class ConvolutionTest {

    /** Hyper-parameters of one case: stride, padding, dilation (height, width) and groups. */
    private record Cfg(int sh, int sw, int ph, int pw, int dh, int dw, int groups) {}

    private static final Cfg EVERYTHING = new Cfg(2, 1, 1, 2, 2, 1, 2);

    /** out[n, co, oh, ow] = b[co] + Σ x[n, g*cinG + ci, oh*sh - ph + ki*dh, ...] * w[co, ci, ki, kj], in double. */
    static double[] naiveConv(Tensor x, Tensor w, Tensor b, Cfg c, int[] outShape) {
        int[] xs = x.shape(), ws = w.shape();
        int n = xs[0], cin = xs[1], h = xs[2], wd = xs[3], cout = ws[0], cinG = ws[1], kh = ws[2], kw = ws[3];
        int outH = (h + 2 * c.ph - c.dh * (kh - 1) - 1) / c.sh + 1;
        int outW = (wd + 2 * c.pw - c.dw * (kw - 1) - 1) / c.sw + 1;
        outShape[0] = n; outShape[1] = cout; outShape[2] = outH; outShape[3] = outW;
        float[] xv = x.toFloatArray(), wv = w.toFloatArray(), bv = b == null ? null : b.toFloatArray();
        double[] out = new double[n * cout * outH * outW];
        int coutG = cout / c.groups;
        for (int i = 0; i < n; i++)
            for (int co = 0; co < cout; co++)
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        double s = bv == null ? 0 : bv[co];
                        int g = co / coutG;
                        for (int ci = 0; ci < cinG; ci++)
                            for (int ki = 0; ki < kh; ki++)
                                for (int kj = 0; kj < kw; kj++) {
                                    int ih = oh * c.sh - c.ph + ki * c.dh, iw = ow * c.sw - c.pw + kj * c.dw;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                    s += (double) xv[((i * cin + g * cinG + ci) * h + ih) * wd + iw]
                                            * wv[((co * cinG + ci) * kh + ki) * kw + kj];
                                }
                        out[((i * cout + co) * outH + oh) * outW + ow] = s;
                    }
        return out;
    }

    /** Runs a check through GEMM and through the small-depth kernels (each handles every shape). */
    private static void onBothPaths(Runnable check) {
        int saved = ConvKernel.smallDepth;
        try {
            for (int depth : new int[] {0, Integer.MAX_VALUE}) {
                ConvKernel.smallDepth = depth;
                try {
                    check.run();
                } catch (AssertionError e) {
                    throw new AssertionError((depth == 0 ? "GEMM path: " : "small-depth path: ") + e.getMessage(), e);
                }
            }
        } finally {
            ConvKernel.smallDepth = saved;
        }
    }

    private static Tensor conv(Tensor x, Tensor w, Tensor b, Cfg c) {
        return Convolution.conv2d(x, w, b, c.sh, c.sw, c.ph, c.pw, c.dh, c.dw, c.groups);
    }

    private static void assertMatchesNaive(Tensor x, Tensor w, Tensor b, Cfg c) {
        int[] shape = new int[4];
        double[] expected = naiveConv(x, w, b, c, shape);
        Tensor y = conv(x, w, b, c);
        assertArrayEquals(shape, y.shape());
        float[] got = y.toFloatArray();
        for (int i = 0; i < got.length; i++)
            assertEquals(expected[i], got[i], 1e-4 * (1 + Math.abs(expected[i])), "element " + i);
    }

    @Test
    void forwardMatchesDirectConvolutionWithStridePaddingDilationAndGroups() {
        // 4 -> 6 channels in 2 groups, 3x2 kernel, stride 2x1, padding 1x2, dilation 2x1, on 9x7 images.
        Tensor x = GradCheck.randomInput(1, 0, 3, 4, 9, 7);
        Tensor w = GradCheck.randomInput(2, 0, 6, 2, 3, 2);
        Tensor b = GradCheck.randomInput(3, 0, 6);
        onBothPaths(() -> assertMatchesNaive(x, w, b, EVERYTHING));
    }

    @Test
    void forwardMatchesDirectConvolutionForTheFashionMnistShapes() {
        Cfg same = new Cfg(1, 1, 1, 1, 1, 1, 1);
        onBothPaths(() -> {
            assertMatchesNaive(GradCheck.randomInput(4, 0, 3, 1, 28, 28), GradCheck.randomInput(5, 0, 32, 1, 3, 3),
                    GradCheck.randomInput(6, 0, 32), same);
            assertMatchesNaive(GradCheck.randomInput(7, 0, 2, 32, 14, 14), GradCheck.randomInput(8, 0, 64, 32, 3, 3),
                    GradCheck.randomInput(9, 0, 64), same);
        });
    }

    @Test
    void pointwiseKernelWithoutBiasMatchesDirectConvolution() {
        // 1x1, stride 1, no padding: the image is its own patch matrix (no im2col).
        assertMatchesNaive(GradCheck.randomInput(10, 0, 2, 6, 5, 4), GradCheck.randomInput(11, 0, 4, 3, 1, 1), null,
                new Cfg(1, 1, 0, 0, 1, 1, 2));
    }

    @Test
    void stridedViewInputGivesTheSameResultAsItsContiguousCopy() {
        Tensor base = GradCheck.randomInput(12, 0, 2, 3, 6, 5);
        Tensor view = base.permute(0, 1, 3, 2);  // [2, 3, 5, 6], not contiguous
        Tensor w = GradCheck.randomInput(13, 0, 4, 3, 3, 3);
        Cfg c = new Cfg(1, 1, 1, 1, 1, 1, 1);
        assertArrayEquals(conv(view.contiguous(), w, null, c).toFloatArray(), conv(view, w, null, c).toFloatArray());
    }

    @Test
    void unbatchedInputGivesAThreeDimensionalOutput() {
        Tensor x = GradCheck.randomInput(14, 0, 3, 8, 8);
        Tensor w = GradCheck.randomInput(15, 0, 5, 3, 3, 3);
        Tensor y = Convolution.conv2d(x, w, null, 2, 2, 1, 1, 1, 1, 1);
        assertArrayEquals(new int[] {5, 4, 4}, y.shape());
        assertArrayEquals(conv(x.reshape(1, 3, 8, 8), w, null, new Cfg(2, 2, 1, 1, 1, 1, 1)).toFloatArray(),
                y.toFloatArray());
    }

    @Test
    void gradientsOfInputWeightAndBiasPassGradCheckWithEverythingNonTrivial() {
        Tensor x = GradCheck.randomInput(20, 0.1, 2, 4, 7, 6);
        Tensor w = GradCheck.randomInput(21, 0.1, 6, 2, 3, 2);
        Tensor b = GradCheck.randomInput(22, 0.1, 6);
        onBothPaths(() -> {
            var report = GradCheck.check(in -> conv(in[0], in[1], in[2], EVERYTHING), x, w, b);
            assertTrue(report.passed(), report.toString());
        });
    }

    @Test
    void gradientsPassGradCheckForPointwiseAndForSamePaddingKernels() {
        var pointwise = GradCheck.check(in -> conv(in[0], in[1], in[2], new Cfg(1, 1, 0, 0, 1, 1, 1)),
                GradCheck.randomInput(23, 0.1, 2, 3, 4, 5), GradCheck.randomInput(24, 0.1, 4, 3, 1, 1),
                GradCheck.randomInput(25, 0.1, 4));
        assertTrue(pointwise.passed(), pointwise.toString());
        var same = GradCheck.check(in -> conv(in[0], in[1], in[2], new Cfg(1, 1, 1, 1, 1, 1, 1)),
                GradCheck.randomInput(26, 0.1, 2, 2, 5, 5), GradCheck.randomInput(27, 0.1, 3, 2, 3, 3),
                GradCheck.randomInput(28, 0.1, 3));
        assertTrue(same.passed(), same.toString());
    }

    /** dW and db by the direct formula, in double: dW[co, ci, ki, kj] = Σ gy[n, co, oh, ow] * x[n, ci', ih, iw]. */
    private static double[][] naiveWeightAndBiasGrad(Tensor x, Tensor gy, int[] wShape, Cfg c) {
        int[] xs = x.shape(), ys = gy.shape();
        int n = xs[0], cin = xs[1], h = xs[2], wd = xs[3];
        int cout = wShape[0], cinG = wShape[1], kh = wShape[2], kw = wShape[3], outH = ys[2], outW = ys[3];
        float[] xv = x.toFloatArray(), g = gy.toFloatArray();
        double[] dw = new double[cout * cinG * kh * kw], db = new double[cout];
        int coutG = cout / c.groups;
        for (int i = 0; i < n; i++)
            for (int co = 0; co < cout; co++)
                for (int oh = 0; oh < outH; oh++)
                    for (int ow = 0; ow < outW; ow++) {
                        double go = g[((i * cout + co) * outH + oh) * outW + ow];
                        db[co] += go;
                        for (int ci = 0; ci < cinG; ci++)
                            for (int ki = 0; ki < kh; ki++)
                                for (int kj = 0; kj < kw; kj++) {
                                    int ih = oh * c.sh - c.ph + ki * c.dh, iw = ow * c.sw - c.pw + kj * c.dw;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= wd) continue;
                                    dw[((co * cinG + ci) * kh + ki) * kw + kj] +=
                                            go * xv[((i * cin + co / coutG * cinG + ci) * h + ih) * wd + iw];
                                }
                    }
        return new double[][] {dw, db};
    }

    @Test
    void weightAndBiasGradientsSumOverAnUnevenlyChunkedBatch() {
        // 37 images: 4 partial sums of 9 or 10 images each, added in order.
        assertEquals(4, ConvKernel.weightChunks(37));
        Cfg c = new Cfg(1, 2, 1, 0, 1, 1, 1);
        Tensor x = GradCheck.randomInput(30, 0, 37, 3, 6, 5);
        onBothPaths(() -> {
            Tensor w = GradCheck.randomInput(31, 0, 4, 3, 3, 2).requiresGrad(true);
            Tensor b = GradCheck.randomInput(32, 0, 4).requiresGrad(true);
            Tensor y = conv(x, w, b, c);
            Tensor gy = GradCheck.randomInput(33, 0, y.shape());
            y.backward(gy);
            double[][] expected = naiveWeightAndBiasGrad(x, gy, w.shape(), c);
            float[] gw = w.grad().toFloatArray(), gb = b.grad().toFloatArray();
            for (int i = 0; i < gw.length; i++) assertEquals(expected[0][i], gw[i], 1e-3, "dW element " + i);
            for (int i = 0; i < gb.length; i++) assertEquals(expected[1][i], gb[i], 1e-3, "db element " + i);
        });
    }

    @Test
    void inputThatNeedsNoGradientGetsNoneWhileWeightStillDoes() {
        Tensor x = GradCheck.randomInput(40, 0, 2, 1, 6, 6);
        Tensor w = GradCheck.randomInput(41, 0, 3, 1, 3, 3).requiresGrad(true);
        conv(x, w, null, new Cfg(1, 1, 1, 1, 1, 1, 1)).sum().backward();
        assertNull(x.grad());
        assertNotNull(w.grad());
        // With a gradient of ones, dW[0,0,1,1] (the centre tap) sees every pixel once: the sum of x.
        double sumX = 0;
        for (float v : x.toFloatArray()) sumX += v;
        assertEquals(sumX, w.grad().get(0, 0, 1, 1), 1e-4);
    }

    @Test
    void weightGradientIsBitIdenticalForOneOrTwoThreadsAndBothSchedules() {
        Tensor x = GradCheck.randomInput(50, 0, 32, 4, 10, 10);
        Tensor w0 = GradCheck.randomInput(51, 0, 8, 4, 3, 3);
        Tensor b0 = GradCheck.randomInput(52, 0, 8);
        int before = Parallel.threads();
        float[][] results = new float[4][];
        try {
            for (int run = 0; run < 4; run++) {
                Parallel.setThreads(run % 2 == 0 ? 1 : 2);
                ConvKernel.batchParallel = run < 2;
                Tensor w = Tensor.of(w0.toFloatArray(), w0.shape()).requiresGrad(true);
                Tensor b = Tensor.of(b0.toFloatArray(), b0.shape()).requiresGrad(true);
                conv(x, w, b, new Cfg(1, 1, 1, 1, 1, 1, 1)).square().sum().backward();
                results[run] = concat(w.grad().toFloatArray(), b.grad().toFloatArray());
            }
        } finally {
            Parallel.setThreads(before);
            ConvKernel.batchParallel = true;
        }
        for (int run = 1; run < 4; run++) assertArrayEquals(results[0], results[run], "run " + run);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String error(Tensor x, Tensor w, Tensor b, Cfg c) {
        return assertThrows(IllegalArgumentException.class, () -> conv(x, w, b, c)).getMessage();
    }

    @Test
    void wrongRankIsReportedWithTheShape() {
        String msg = error(Tensor.zeros(28, 28), Tensor.zeros(4, 1, 3, 3), null, new Cfg(1, 1, 0, 0, 1, 1, 1));
        assertTrue(msg.contains("conv2d") && msg.contains("[28, 28]") && msg.contains("4-D"), msg);
        msg = error(Tensor.zeros(1, 1, 8, 8), Tensor.zeros(4, 9), null, new Cfg(1, 1, 0, 0, 1, 1, 1));
        assertTrue(msg.contains("weight") && msg.contains("[4, 9]"), msg);
    }

    @Test
    void channelMismatchNamesBothShapes() {
        String msg = error(Tensor.zeros(2, 3, 8, 8), Tensor.zeros(4, 1, 3, 3), null, new Cfg(1, 1, 0, 0, 1, 1, 1));
        assertTrue(msg.contains("[2, 3, 8, 8]") && msg.contains("[4, 1, 3, 3]") && msg.contains("3 channels"), msg);
    }

    @Test
    void groupsThatDoNotDivideTheChannelsAreRejected() {
        String msg = error(Tensor.zeros(1, 4, 8, 8), Tensor.zeros(6, 1, 3, 3), null, new Cfg(1, 1, 0, 0, 1, 1, 3));
        assertTrue(msg.contains("groups=3") && msg.contains("4 input channels"), msg);
        msg = error(Tensor.zeros(1, 4, 8, 8), Tensor.zeros(3, 2, 3, 3), null, new Cfg(1, 1, 0, 0, 1, 1, 2));
        assertTrue(msg.contains("groups=2") && msg.contains("3 output channels"), msg);
    }

    @Test
    void outputSmallerThanOnePixelIsRejected() {
        String msg = error(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(1, 1, 3, 3), null, new Cfg(1, 1, 0, 0, 2, 2, 1));
        assertTrue(msg.contains("too small") && msg.contains("dilated extent 5x5") && msg.contains("0x0"), msg);
    }

    @Test
    void badBiasAndHyperParametersAreRejected() {
        String msg = error(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(2, 1, 3, 3), Tensor.zeros(3), new Cfg(1, 1, 0, 0, 1, 1, 1));
        assertTrue(msg.contains("bias") && msg.contains("[2]") && msg.contains("[3]"), msg);
        msg = error(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(2, 1, 3, 3), null, new Cfg(0, 1, 0, 0, 1, 1, 1));
        assertTrue(msg.contains("stride"), msg);
        msg = error(Tensor.zeros(1, 1, 4, 4), Tensor.zeros(2, 1, 3, 3), null, new Cfg(1, 1, -1, 0, 1, 1, 1));
        assertTrue(msg.contains("padding"), msg);
    }
}
