package dev.profundo.nn;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {
    @Test
    void fansFollowPyTorch() {
        assertEquals(new Init.Fans(784, 128), Init.fans(Tensor.zeros(128, 784)));
        // Conv weight [out=16, in=3, 5, 5]: fanIn = 3·25, fanOut = 16·25.
        assertEquals(new Init.Fans(75, 400), Init.fans(Tensor.zeros(16, 3, 5, 5)));
        assertThrows(IllegalArgumentException.class, () -> Init.fans(Tensor.zeros(5)));
    }

    @Test
    void gainsFollowPyTorch() {
        assertEquals(Math.sqrt(2), Init.calculateGain(Init.Nonlinearity.RELU, 0), 1e-12);
        assertEquals(5.0 / 3, Init.calculateGain(Init.Nonlinearity.TANH, 0), 1e-12);
        assertEquals(Math.sqrt(1.0 / 3), Init.calculateGain(Init.Nonlinearity.LEAKY_RELU, Math.sqrt(5)), 1e-12);
    }

    @Test
    void kaimingUniformBound() {
        Tensor.manualSeed(1);
        Tensor w = Init.kaimingUniform(Tensor.zeros(200, 50));
        double bound = Math.sqrt(2) * Math.sqrt(3.0 / 50);
        assertTrue(maxAbs(w) <= bound && maxAbs(w) > 0.97 * bound);
        Tensor o = Init.kaimingUniform(Tensor.zeros(50, 200), 0, Init.FanMode.FAN_OUT, Init.Nonlinearity.RELU);
        assertTrue(maxAbs(o) <= bound && maxAbs(o) > 0.97 * bound);
    }

    @Test
    void normalInitialisersHaveTheRightStd() {
        Tensor.manualSeed(2);
        assertEquals(Math.sqrt(2.0 / 100), std(Init.kaimingNormal(Tensor.zeros(400, 100))), 0.003);
        assertEquals(Math.sqrt(2.0 / 500), std(Init.xavierNormal(Tensor.zeros(400, 100))), 0.002);
        assertEquals(0.5, std(Init.normal(Tensor.zeros(100, 100), 0, 0.5)), 0.01);
    }

    @Test
    void xavierUniformBound() {
        Tensor.manualSeed(3);
        double bound = 2 * Math.sqrt(6.0 / (30 + 70));
        Tensor w = Init.xavierUniform(Tensor.zeros(70, 30), 2);
        assertTrue(maxAbs(w) <= bound && maxAbs(w) > 0.97 * bound);
    }

    @Test
    void fillsInPlaceIncludingStridedViews() {
        Tensor w = Tensor.zeros(3, 4);
        assertSame(w, Init.ones(w));
        assertArrayEquals(new float[] {1, 1, 1, 1}, w.slice(0, 1, 2).toFloatArray());
        Init.zeros(w.slice(1, 1, 3)); // a non-contiguous column block
        assertArrayEquals(new float[] {1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1}, w.toFloatArray());
        Init.constant(w, 2.5);
        assertEquals(2.5, w.get(2, 3));
    }

    @Test
    void manualSeedMakesInitialisationReproducible() {
        Tensor.manualSeed(7);
        float[] a = Init.uniform(Tensor.zeros(20), -1, 1).toFloatArray();
        Tensor.manualSeed(7);
        assertArrayEquals(a, Init.uniform(Tensor.zeros(20), -1, 1).toFloatArray());
    }

    private static double maxAbs(Tensor t) {
        double m = 0;
        for (float v : t.toFloatArray()) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static double std(Tensor t) {
        float[] v = t.toFloatArray();
        double s = 0, sq = 0;
        for (float f : v) {
            s += f;
            sq += f * f;
        }
        double mean = s / v.length;
        return Math.sqrt(sq / v.length - mean * mean);
    }
}
