package dev.profundo.vision.viz;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrientationSummaryTest {
    /** 32 single-channel 3x3 kernels, each from {@code kernel(o)}. */
    private static Tensor layer(java.util.function.IntFunction<float[]> kernel) {
        float[] w = new float[32 * 9];
        for (int o = 0; o < 32; o++) System.arraycopy(kernel.apply(o), 0, w, o * 9, 9);
        return Tensor.of(w, 32, 1, 3, 3);
    }

    @Test
    void aLayerOfEdgeDetectorsBeatsChanceAndSaysHowRareThatIs() {
        // Vertical and horizontal step edges (Prewitt kernels), alternating sign: every one has OSI near 1.
        Tensor edges = layer(o -> {
            float s = o % 2 == 0 ? 1 : -1;
            return o % 4 < 2 ? new float[] {-s, 0, s, -s, 0, s, -s, 0, s} : new float[] {-s, -s, -s, 0, 0, 0, s, s, s};
        });
        var r = OrientationProbe.probe(edges);
        assertEquals(32, r.selective(OrientationProbe.SELECTIVE));
        Map<String, Object> json = new HashMap<>();
        String s = OrientationSummary.compareWithChance(r, edges.shape(), 0.9, json);
        assertTrue(s.contains("more orientation-selective than chance (0.0 % of random draws reach 32)"), s);
        assertFalse(s.contains("weight decay"), s);
        assertEquals(0.0, ((Map<?, ?>) json.get("random_baseline")).get("fraction_at_least_trained"));
    }

    @Test
    void theCosineWithTheStartIsOneForAScaledCopyAndZeroForAnOrthogonalKernel() {
        Tensor start = Tensor.of(new float[] {1, 2, 0, -1}, 1, 1, 2, 2);
        assertEquals(1.0, OrientationSummary.initCosine(Tensor.of(new float[] {0.5f, 1, 0, -0.5f}, 1, 1, 2, 2), start), 1e-12);
        assertEquals(0.0, OrientationSummary.initCosine(Tensor.of(new float[] {2, -1, 5, 0}, 1, 1, 2, 2), start), 1e-12);
        assertTrue(Double.isNaN(OrientationSummary.initCosine(Tensor.zeros(1, 1, 2, 2), start)));
    }

    @Test
    void aLayerNoBetterThanChanceGetsTheReasonOnlyWhenItIsStillMostlyItsRandomStart() {
        // Flat (brightness) kernels do not care about orientation: OSI 0.
        Tensor flat = layer(o -> { float[] k = new float[9]; java.util.Arrays.fill(k, o + 1f); return k; });
        var r = OrientationProbe.probe(flat);
        assertEquals(0, r.selective(OrientationProbe.SELECTIVE));
        String barelyMoved = OrientationSummary.compareWithChance(r, flat.shape(), 0.9, new HashMap<>());
        assertTrue(barelyMoved.contains("not measurably more orientation-selective than random kernels"), barelyMoved);
        assertTrue(barelyMoved.contains("--weight-decay"), barelyMoved);
        String movedFar = OrientationSummary.compareWithChance(r, flat.shape(), 0.6, new HashMap<>());
        assertTrue(movedFar.contains("not measurably"), movedFar);
        assertFalse(movedFar.contains("weight decay"), movedFar);
        String unknownStart = OrientationSummary.compareWithChance(r, flat.shape(), Double.NaN, new HashMap<>());
        assertFalse(unknownStart.contains("weight decay"), unknownStart);
    }
}
