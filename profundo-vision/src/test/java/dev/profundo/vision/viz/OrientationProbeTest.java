package dev.profundo.vision.viz;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrientationProbeTest {
    private static OrientationProbe.Tuning tune(double... k) {
        return OrientationProbe.tuning(0, k, 3, 3, OrientationProbe.DEFAULT_ANGLES, OrientationProbe.DEFAULT_FREQUENCIES);
    }

    @Test
    void verticalEdgeDetectorIsPerfectlySelectiveForVerticalStripes() {
        var t = tune(-1, 0, 1, -1, 0, 1, -1, 0, 1);  // Prewitt: changes left to right, blind to horizontal stripes
        assertEquals(1.0, t.osi(), 1e-9);
        assertEquals(0.0, t.preferredAngle());
    }

    @Test
    void horizontalEdgeDetectorPrefersNinetyDegrees() {
        var t = tune(-1, -1, -1, 0, 0, 0, 1, 1, 1);
        assertEquals(1.0, t.osi(), 1e-9);
        assertEquals(90.0, t.preferredAngle());
    }

    @Test
    void diagonalEdgeDetectorIsSelectiveAlongTheDiagonal() {
        // Brighter towards the top right; image rows grow downwards, so the direction is (1, -1): 135°.
        var t = tune(0, 1, 1, -1, 0, 1, -1, -1, 0);
        assertTrue(t.osi() > 0.8, "OSI " + t.osi());
        assertEquals(135.0, t.preferredAngle());
        assertEquals(45.0, tune(-1, -1, 0, -1, 0, 1, 0, 1, 1).preferredAngle(), "brighter towards the bottom right");
    }

    @Test
    void flatAndCentreSurroundKernelsHaveNoOrientationPreference() {
        assertEquals(0.0, tune(1, 1, 1, 1, 1, 1, 1, 1, 1).osi(), 1e-9);
        assertEquals(0.0, tune(0, -1, 0, -1, 4, -1, 0, -1, 0).osi(), 1e-9);
    }

    @Test
    void edgeDetectorsScoreFarAboveRandomKernelsOnAverage() {
        var rng = new java.util.SplittableRandom(1);
        double sum = 0;
        int n = 400;
        for (int i = 0; i < n; i++) {
            double[] k = new double[9];
            for (int j = 0; j < 9; j++) k[j] = rng.nextDouble(-1, 1);
            sum += tune(k).osi();
        }
        double meanRandom = sum / n;
        assertTrue(meanRandom > 0.2 && meanRandom < 0.6, "mean OSI of uniform random 3x3 kernels: " + meanRandom);
    }

    @Test
    void randomBaselineIsReproducibleAndBelowABankOfEdgeDetectors() {
        int[] shape = {32, 1, 3, 3};
        int[] a = OrientationProbe.randomBaseline(shape, 50, OrientationProbe.SELECTIVE, 7);
        assertArrayEquals(a, OrientationProbe.randomBaseline(shape, 50, OrientationProbe.SELECTIVE, 7), "same seed, same counts");
        double mean = java.util.Arrays.stream(a).average().orElseThrow();
        // Random 3x3 kernels are often oriented by chance: a third or so pass, never all of them.
        assertTrue(mean > 3 && mean < 24, "mean selective random kernels " + mean);
        assertTrue(java.util.Arrays.stream(a).allMatch(c -> c >= 0 && c <= 32));
        // 32 edge detectors at 8 directions all pass, far above every random draw.
        float[] w = new float[32 * 9];
        for (int o = 0; o < 32; o++) {
            double th = Math.PI * (o % 8) / 8;
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 3; x++) w[o * 9 + y * 3 + x] = (float) ((x - 1) * Math.cos(th) + (y - 1) * Math.sin(th));
        }
        int edges = OrientationProbe.probe(Tensor.of(w, 32, 1, 3, 3)).selective(OrientationProbe.SELECTIVE);
        assertTrue(edges > java.util.Arrays.stream(a).max().orElseThrow(), edges + " edge detectors vs random max");
        assertThrows(IllegalArgumentException.class, () -> OrientationProbe.randomBaseline(new int[] {3, 3}, 5, 0.5, 1));
    }

    @Test
    void probeSumsInputChannelsAndCountsSelectiveFilters() {
        // Filter 0: vertical edge split over two channels; filter 1: flat.
        float[] w = {-1, 0, 0, -1, 0, 0, -1, 0, 0, /* ch1 */ 0, 0, 1, 0, 0, 1, 0, 0, 1,
                1, 1, 1, 1, 1, 1, 1, 1, 1, /* ch1 */ 0, 0, 0, 0, 0, 0, 0, 0, 0};
        var r = OrientationProbe.probe(Tensor.of(w, 2, 2, 3, 3));
        assertEquals(2, r.filters().size());
        assertEquals(1.0, r.filters().get(0).osi(), 1e-9);
        assertEquals(0.0, r.filters().get(1).osi(), 1e-9);
        assertEquals(1, r.selective(OrientationProbe.SELECTIVE));
        assertEquals(0.5, r.medianOsi(), 1e-9);
    }

    @Test
    void rejectsAnglesWithoutOrthogonalPartnersAndNonConvWeights() {
        assertThrows(IllegalArgumentException.class, () ->
                OrientationProbe.tuning(0, new double[9], 3, 3, new double[] {0, 45}, new double[] {0.25}));
        var e = assertThrows(IllegalArgumentException.class, () -> OrientationProbe.probe(Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("[3, 3]"), e.getMessage());
    }
}
