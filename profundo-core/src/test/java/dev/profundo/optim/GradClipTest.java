package dev.profundo.optim;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.profundo.optim.OptimFixtures.grad;
import static dev.profundo.optim.OptimFixtures.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GradClipTest {

    private static double norm(List<Tensor> ps) {
        double s = 0;
        for (Tensor p : ps) for (float v : p.grad().toFloatArray()) s += (double) v * v;
        return Math.sqrt(s);
    }

    @Test
    void scalesAllGradientsTogetherToMaxNorm() {
        Tensor a = param(0, 0), b = param(0);
        grad(a, 3, 4);
        grad(b, 12); // global norm sqrt(9 + 16 + 144) = 13
        double total = GradClip.clipGradNorm(List.of(a, b), 1.3);
        assertEquals(13.0, total, 1e-12);
        assertEquals(1.3, norm(List.of(a, b)), 1e-6);
        double coef = 1.3 / (13 + 1e-6);
        assertArrayEquals(new float[] {(float) (3 * coef), (float) (4 * coef)}, a.grad().toFloatArray(), 1e-7f);
        assertEquals(12 * coef, b.grad().get(0), 1e-6);
    }

    @Test
    void leavesSmallGradientsAlone() {
        Tensor a = param(0, 0);
        grad(a, 3, 4);
        assertEquals(5.0, GradClip.clipGradNorm(List.of(a), 10.0), 1e-12);
        assertArrayEquals(new float[] {3, 4}, a.grad().toFloatArray());
    }

    @Test
    void skipsMissingGradientsAndReturnsZeroWhenThereAreNone() {
        Tensor a = param(0), b = param(0, 0);
        assertEquals(0.0, GradClip.clipGradNorm(List.of(a, b), 1.0));
        grad(b, 6, 8);
        assertEquals(10.0, GradClip.clipGradNorm(List.of(a, b), 5.0), 1e-12);
        assertNull(a.grad());
        assertEquals(5.0, norm(List.of(b)), 1e-5);
    }

    @Test
    void aBroadcastGradientIsReplacedNotWrittenThrough() {
        Tensor p = Tensor.zeros(4).requiresGrad(true);
        Tensor source = Tensor.of(new float[] {2}, 1);
        p.setGrad(source.expand(4)); // norm 4, one stored value
        assertEquals(4.0, GradClip.clipGradNorm(List.of(p), 2.0), 1e-12);
        assertEquals(2.0f, source.floatStorage()[0]);
        assertEquals(2.0, norm(List.of(p)), 1e-5);
    }

    @Test
    void nonFiniteNormFailsWhenAsked() {
        Tensor p = param(0, 0);
        grad(p, Double.NaN, 1);
        var e = assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(List.of(p), 1.0, true));
        assertTrue(e.getMessage().contains("total gradient norm is NaN"), e.getMessage());
        assertTrue(Double.isNaN(GradClip.clipGradNorm(List.of(p), 1.0)));
        assertTrue(Float.isNaN(p.grad().toFloatArray()[1]), "PyTorch turns every gradient into NaN");
    }

    @Test
    void clipValueClampsEachElement() {
        Tensor p = param(0, 0, 0);
        grad(p, -3, 0.5, 2);
        GradClip.clipGradValue(List.of(p), 1.0);
        assertArrayEquals(new float[] {-1, 0.5f, 1}, p.grad().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(List.of(p), -1));
    }
}
