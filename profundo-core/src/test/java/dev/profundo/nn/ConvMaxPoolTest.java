package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.kernels.Parallel;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused convolution + max pool ({@link ConvMaxPool}): the values and gradients of conv2d then
 * maxPool2d, on shapes that exercise its vector blocks and edges, the same bits on any thread count,
 * gradient checks, and {@link Sequential} choosing it only where it applies.
 */
class ConvMaxPoolTest {
    /** Output, then the gradients of x, weight and bias, for a fixed upstream gradient. */
    private static List<float[]> run(Function<Tensor[], Tensor> fn, Tensor x, Tensor w, Tensor b) {
        Tensor[] in = {copy(x), copy(w), b == null ? null : copy(b)};
        for (Tensor t : in) if (t != null) t.requiresGrad(true);
        Tensor y = fn.apply(in);
        y.backward(GradCheck.randomInput(99, 0, y.shape()));
        List<float[]> out = new ArrayList<>();
        out.add(y.toFloatArray());
        for (Tensor t : in) if (t != null) out.add(t.grad().toFloatArray());
        return out;
    }

    private static Tensor copy(Tensor t) {
        return Tensor.of(t.toFloatArray(), t.shape());
    }

    private static void assertClose(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i), a = actual.get(i);
            assertEquals(e.length, a.length);
            double scale = 0;
            for (float v : e) scale = Math.max(scale, Math.abs(v));
            for (int k = 0; k < e.length; k++)
                assertEquals(e[k], a[k], 1e-5 * Math.max(1, scale), what + ", tensor " + i + " (0 = output, then x, w, b) at " + k);
        }
    }

    private static Tensor unfused(Tensor[] t) {
        return F.maxPool2d(F.conv2d(t[0], t[1], t[2], 1, 1), 2);
    }

    private static Tensor fused(Tensor[] t) {
        return ConvMaxPool.apply(t[0], t[1], t[2]);
    }

    @Test
    void matchesConvolutionThenPoolingOnManyShapes() {
        // {n, cin, cout, h, w}: one vector of windows and less, odd sizes (the last row and column are
        // dropped by the pool), several vectors per row, the smallest image, and up to 4 input channels.
        int[][] shapes = {{3, 1, 5, 28, 28}, {2, 2, 3, 9, 11}, {1, 3, 4, 7, 70}, {4, 4, 2, 2, 2}, {2, 1, 3, 3, 5}, {17, 1, 8, 6, 6}};
        long seed = 10;
        for (int[] s : shapes) {
            Tensor x = GradCheck.randomInput(seed++, 0, s[0], s[1], s[3], s[4]);
            Tensor w = GradCheck.randomInput(seed++, 0, s[2], s[1], 3, 3);
            Tensor b = GradCheck.randomInput(seed++, 0, s[2]);
            String what = java.util.Arrays.toString(s);
            assertClose(run(ConvMaxPoolTest::unfused, x, w, b), run(ConvMaxPoolTest::fused, x, w, b), what);
            assertClose(run(ConvMaxPoolTest::unfused, x, w, null), run(ConvMaxPoolTest::fused, x, w, null), what + " without bias");
        }
    }

    @Test
    void winogradPathMatchesConvolutionThenPooling() {
        // 32+ channels on both sides: the pooled Winograd output transform. Small images, so the batch-size
        // rule is lowered to let them through; odd sizes drop a tile row or column as the pool's floor mode does.
        int saved = ConvWinograd.minPositions;
        ConvWinograd.minPositions = 0;
        try {
            int[][] shapes = {{2, 32, 32, 14, 14}, {3, 32, 48, 9, 11}, {1, 40, 32, 2, 5}};
            long seed = 70;
            for (int[] s : shapes) {
                Tensor x = GradCheck.randomInput(seed++, 0, s[0], s[1], s[3], s[4]);
                Tensor w = GradCheck.randomInput(seed++, 0, s[2], s[1], 3, 3).mul(0.2);
                Tensor b = GradCheck.randomInput(seed++, 0, s[2]);
                assertTrue(ConvMaxPool.fits(x, w), "the Winograd case must take the fused op");
                String what = java.util.Arrays.toString(s);
                assertClose(run(ConvMaxPoolTest::unfused, x, w, b), run(ConvMaxPoolTest::fused, x, w, b), what);
                assertClose(run(ConvMaxPoolTest::unfused, x, w, null), run(ConvMaxPoolTest::fused, x, w, null), what + " without bias");
            }
            // Between the two kernels (5 to 31 input channels) the layers run one by one.
            Tensor x8 = GradCheck.randomInput(1, 0, 2, 8, 6, 6), w8 = GradCheck.randomInput(2, 0, 32, 8, 3, 3);
            assertTrue(!ConvMaxPool.fits(x8, w8));
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> ConvMaxPool.apply(x8, w8, null));
            assertTrue(e.getMessage().contains("no fused kernel takes input [2, 8, 6, 6]"), e.getMessage());
        } finally {
            ConvWinograd.minPositions = saved;
        }
    }

    @Test
    void tiesGoToTheFirstPositionAndNaNWins() {
        // A zero weight makes all four candidates of every window equal (the bias): the gradient must go to
        // each window's top-left output, as max pooling sends it.
        Tensor x = GradCheck.randomInput(1, 0, 2, 1, 6, 8);
        Tensor w = Tensor.zeros(2, 1, 3, 3), b = GradCheck.randomInput(2, 0, 2);
        assertClose(run(ConvMaxPoolTest::unfused, x, w, b), run(ConvMaxPoolTest::fused, x, w, b), "ties");
        float[] data = x.toFloatArray();
        data[3 * 8 + 5] = Float.NaN;                                   // image 0, row 3, column 5
        Tensor xn = Tensor.of(data, x.shape());
        Tensor y = ConvMaxPool.apply(xn, GradCheck.randomInput(3, 0, 2, 1, 3, 3), null);
        Tensor expected = F.maxPool2d(F.conv2d(xn, Tensor.of(GradCheck.randomInput(3, 0, 2, 1, 3, 3).toFloatArray(), 2, 1, 3, 3), null, 1, 1), 2);
        float[] got = y.toFloatArray(), want = expected.toFloatArray();
        int nans = 0;
        for (int k = 0; k < got.length; k++) {
            assertEquals(Float.isNaN(want[k]), Float.isNaN(got[k]), "NaN at output " + k);
            if (Float.isNaN(got[k])) nans++;
        }
        assertTrue(nans >= 2, "a NaN pixel reaches the windows around it in both channels, got " + nans);
    }

    @Test
    void gradientsAreCorrect() {
        GradCheck.assertCorrect(ConvMaxPoolTest::fused, GradCheck.randomInput(41, 0, 2, 2, 6, 7),
                GradCheck.randomInput(42, 0, 3, 2, 3, 3), GradCheck.randomInput(43, 0, 3));
        GradCheck.assertCorrect(t -> ConvMaxPool.apply(t[0], t[1], null), GradCheck.randomInput(44, 0, 1, 1, 4, 4),
                GradCheck.randomInput(45, 0, 2, 1, 3, 3));
    }

    @Test
    void sameBitsOnOneAndTwoThreads() {
        // 40 images split by image; 1 and 3 images also split each image's output channels among the threads.
        int[][] shapes = {{40, 8}, {1, 32}, {3, 7}};
        int threads = Parallel.threads();
        try {
            for (int[] s : shapes) {
                Tensor x = GradCheck.randomInput(51, 0, s[0], 1, 28, 28), w = GradCheck.randomInput(52, 0, s[1], 1, 3, 3),
                        b = GradCheck.randomInput(53, 0, s[1]);
                Parallel.setThreads(1);
                var one = run(ConvMaxPoolTest::fused, x, w, b);
                Parallel.setThreads(2);
                var two = run(ConvMaxPoolTest::fused, x, w, b);
                for (int i = 0; i < one.size(); i++)
                    assertArrayEquals(one.get(i), two.get(i), "batch " + s[0] + ", tensor " + i);
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    @Test
    void sequentialFusesOnlyWhereItApplies() throws Exception {
        Tensor.manualSeed(7);
        var net = new Sequential(new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten());
        Tensor x = GradCheck.randomInput(61, 0, 3, 1, 8, 8);
        Conv2d conv = (Conv2d) net.get(0);
        Tensor expected = F.maxPool2d(F.conv2d(x, conv.weight(), conv.bias(), 1, 1), 2).relu().flatten(1);
        float[] e = expected.toFloatArray(), a = net.call(x).toFloatArray();
        for (int k = 0; k < e.length; k++) assertEquals(e[k], a[k], 1e-5f, "output " + k);

        // A hook on the convolution must see its full-size output: the layers then run one by one.
        int[][] seen = new int[1][];
        try (var _ = conv.addForwardHook((layer, out) -> seen[0] = out.shape())) {
            net.call(x);
        }
        assertArrayEquals(new int[] {3, 4, 8, 8}, seen[0]);

        // The 3-D (unbatched) input and a 5x5 kernel go through the two layers, with the same results.
        var wide = new Sequential(new Conv2d(1, 2, 5, 1, 2), new MaxPool2d(2));
        assertArrayEquals(new int[] {2, 4, 4}, wide.call(GradCheck.randomInput(62, 0, 1, 8, 8)).shape());
    }
}
