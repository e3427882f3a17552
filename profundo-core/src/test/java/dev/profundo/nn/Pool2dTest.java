package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pool2d: max, average and adaptive average pooling, forward values, gradients, shapes and errors. */
class Pool2dTest {

    /** 0, 1, 2, … laid out row-major in the given shape. */
    private static Tensor ramp(int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i;
        return Tensor.of(v, shape);
    }

    /** Distinct values at least 0.05 apart in shuffled order: no ties for max pooling's finite differences. */
    private static Tensor distinct(long seed, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (i - n / 2f) * 0.05f;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape);
    }

    @Test
    void maxPoolTakesTheLargestOfEachWindow() {
        // 4x4 ramp, 2x2 windows: the bottom-right corner of each window wins.
        Tensor y = Pool2d.maxPool2d(ramp(1, 1, 4, 4), 2, 2, 2, 2, 0, 0);
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {5, 7, 13, 15}, y.toFloatArray());
    }

    @Test
    void maxPoolPaddingNeverWinsEvenAgainstNegativeValues() {
        Tensor x = ramp(1, 1, 3, 3).sub(100);  // -100 … -92
        Tensor y = Pool2d.maxPool2d(x, 2, 2, 2, 2, 1, 1);
        // Windows: {-100}, {-99,-98}, {-97,-94}, {-96,-95,-93,-92}.
        assertArrayEquals(new float[] {-100, -98, -94, -92}, y.toFloatArray());
    }

    @Test
    void maxPoolGradientGoesToTheArgmaxOnly() {
        Tensor x = ramp(1, 1, 4, 4).requiresGrad(true);
        Pool2d.maxPool2d(x, 2, 2, 2, 2, 0, 0).sum().backward();
        float[] g = x.grad().toFloatArray();
        float[] expected = new float[16];
        expected[5] = expected[7] = expected[13] = expected[15] = 1;
        assertArrayEquals(expected, g);
    }

    @Test
    void maxPoolPassesGradCheckWithOverlappingPaddedNonSquareWindows() {
        var report = GradCheck.check(in -> Pool2d.maxPool2d(in[0], 3, 2, 2, 1, 1, 1), distinct(1, 2, 3, 7, 6));
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void avgPoolCountsPaddingInTheDivisorOnlyWhenAsked() {
        Tensor x = Tensor.ones(1, 1, 2, 2);
        // 2x2 windows with padding 1 on a 2x2 image of ones: each window holds one real pixel.
        assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f},
                Pool2d.avgPool2d(x, 2, 2, 2, 2, 1, 1, true).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1, 1}, Pool2d.avgPool2d(x, 2, 2, 2, 2, 1, 1, false).toFloatArray());
    }

    @Test
    void avgPoolAveragesEachWindow() {
        // 4x4 ramp, 2x2 windows: means of {0,1,4,5}, {2,3,6,7}, …
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f},
                Pool2d.avgPool2d(ramp(1, 1, 4, 4), 2, 2, 2, 2, 0, 0, true).toFloatArray());
    }

    @Test
    void avgPoolPassesGradCheckWithAndWithoutPaddingInTheDivisor() {
        Tensor x = GradCheck.randomInput(2, 0, 2, 2, 6, 5);
        for (boolean include : new boolean[] {true, false}) {
            var report = GradCheck.check(in -> Pool2d.avgPool2d(in[0], 3, 2, 2, 1, 1, 1, include), x);
            assertTrue(report.passed(), "countIncludePad=" + include + ": " + report);
        }
        var plain = GradCheck.check(in -> Pool2d.avgPool2d(in[0], 2, 2, 2, 2, 0, 0, true), x);
        assertTrue(plain.passed(), plain.toString());
    }

    @Test
    void adaptiveBinsOverlapWhenTheSizeDoesNotDivide() {
        // 5 -> 3 bins: rows [0,2), [1,4), [3,5); on a 1x5 row 0..4 the means are 0.5, 2, 3.5.
        Tensor y = Pool2d.adaptiveAvgPool2d(ramp(1, 1, 1, 5), 1, 3);
        assertArrayEquals(new float[] {0.5f, 2f, 3.5f}, y.toFloatArray());
        assertEquals(0, PoolAdaptive.binStart(0, 5, 3));
        assertEquals(2, PoolAdaptive.binEnd(0, 5, 3));
        assertEquals(1, PoolAdaptive.binStart(1, 5, 3));
        assertEquals(4, PoolAdaptive.binEnd(1, 5, 3));
        assertEquals(3, PoolAdaptive.binStart(2, 5, 3));
        assertEquals(5, PoolAdaptive.binEnd(2, 5, 3));
    }

    @Test
    void adaptiveToOneIsTheGlobalMean() {
        Tensor y = Pool2d.adaptiveAvgPool2d(ramp(2, 3, 4, 4), 1, 1);
        assertArrayEquals(new int[] {2, 3, 1, 1}, y.shape());
        // Plane p holds 16p .. 16p+15, mean 16p + 7.5.
        for (int p = 0; p < 6; p++) assertEquals(16 * p + 7.5f, y.toFloatArray()[p], 1e-4);
    }

    @Test
    void adaptivePassesGradCheckForNonDividingAndUpsamplingSizes() {
        var shrink = GradCheck.check(in -> Pool2d.adaptiveAvgPool2d(in[0], 3, 2), GradCheck.randomInput(3, 0, 2, 2, 5, 7));
        assertTrue(shrink.passed(), shrink.toString());
        var grow = GradCheck.check(in -> Pool2d.adaptiveAvgPool2d(in[0], 4, 3), GradCheck.randomInput(4, 0, 1, 2, 3, 2));
        assertTrue(grow.passed(), grow.toString());
    }

    @Test
    void unbatchedInputKeepsThreeDimensions() {
        Tensor x = distinct(5, 3, 8, 8);
        assertArrayEquals(new int[] {3, 4, 4}, Pool2d.maxPool2d(x, 2, 2, 2, 2, 0, 0).shape());
        assertArrayEquals(new int[] {3, 4, 4}, Pool2d.avgPool2d(x, 2, 2, 2, 2, 0, 0, true).shape());
        assertArrayEquals(new int[] {3, 2, 2}, Pool2d.adaptiveAvgPool2d(x, 2, 2).shape());
        assertArrayEquals(Pool2d.maxPool2d(x.reshape(1, 3, 8, 8), 2, 2, 2, 2, 0, 0).toFloatArray(),
                Pool2d.maxPool2d(x, 2, 2, 2, 2, 0, 0).toFloatArray());
    }

    @Test
    void stridedViewInputPoolsLikeItsContiguousCopy() {
        Tensor view = distinct(6, 2, 3, 6, 8).slice(0, 1, 2).permute(0, 1, 3, 2);  // offset and transposed
        assertArrayEquals(Pool2d.maxPool2d(view.contiguous(), 2, 2, 2, 2, 0, 0).toFloatArray(),
                Pool2d.maxPool2d(view, 2, 2, 2, 2, 0, 0).toFloatArray());
        assertArrayEquals(Pool2d.adaptiveAvgPool2d(view.contiguous(), 3, 3).toFloatArray(),
                Pool2d.adaptiveAvgPool2d(view, 3, 3).toFloatArray());
    }

    @Test
    void badArgumentsAreRejectedWithTheOffendingValues() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> Pool2d.maxPool2d(Tensor.zeros(28, 28), 2, 2, 2, 2, 0, 0)).getMessage();
        assertTrue(msg.contains("maxPool2d") && msg.contains("[28, 28]"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> Pool2d.avgPool2d(Tensor.zeros(1, 1, 8, 8), 2, 2, 2, 2, 2, 0, true)).getMessage();
        assertTrue(msg.contains("padding") && msg.contains("2x0"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> Pool2d.maxPool2d(Tensor.zeros(1, 1, 3, 3), 5, 5, 1, 1, 0, 0)).getMessage();
        assertTrue(msg.contains("too small") && msg.contains("[1, 1, 3, 3]"), msg);
        msg = assertThrows(IllegalArgumentException.class,
                () -> Pool2d.adaptiveAvgPool2d(Tensor.zeros(1, 1, 3, 3), 0, 2)).getMessage();
        assertTrue(msg.contains("output size") && msg.contains("0x2"), msg);
    }
}
