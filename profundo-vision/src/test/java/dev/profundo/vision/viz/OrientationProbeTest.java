package dev.profundo.vision.viz;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

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
