package dev.profundo.vision.viz;

import dev.profundo.nn.Conv2d;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnitOrientationTest {
    /** One 3x3 convolution with three hand-set channels, then a ReLU: an edge detector, a blob detector, a dead unit. */
    private static Sequential model() {
        Conv2d conv = new Conv2d(1, 3, 3, 1, 1);
        float[] w = conv.weight().floatStorage(), b = conv.bias().floatStorage();
        float[] vertical = {-1, 0, 1, -1, 0, 1, -1, 0, 1};
        for (int i = 0; i < 9; i++) {
            w[i] = vertical[i];   // channel 0: a vertical edge (responds to gratings varying left to right, 0°)
            w[9 + i] = 1f / 9;    // channel 1: mean brightness, blind to orientation at low frequencies
            w[18 + i] = 0;        // channel 2: no weights and a negative bias: never answers after the ReLU
        }
        b[0] = 0;
        b[1] = 0;
        b[2] = -1;
        return new Sequential(conv, new ReLU());
    }

    @Test
    void anEdgeDetectorIsSelectiveABlobDetectorIsNotAndADeadUnitIsSilent() {
        var r = UnitOrientation.probe(model(), 1, 1, 16, 16, new float[] {0.5f}, new float[] {0.5f});
        assertEquals(3, r.filters().size());
        var edge = r.filters().get(0);
        assertTrue(edge.osi() > 0.9, "edge detector OSI " + edge.osi());
        assertEquals(0.0, edge.preferredAngle());
        assertTrue(r.filters().get(1).osi() < 0.3, "brightness unit OSI " + r.filters().get(1).osi());
        assertEquals(0.0, r.filters().get(2).osi());
        assertEquals(1, UnitOrientation.silent(r));
        assertEquals(1, r.selective(0.5));
    }

    @Test
    void theGratingsAreNormalisedLikeTheModelsInputs() {
        float[] x = UnitOrientation.gratings(new double[] {0, 90}, 1, 4, 4, new float[] {0.5f}, new float[] {0.25f});
        assertEquals(2 * UnitOrientation.FREQUENCIES.length * UnitOrientation.PHASES * 16, x.length);
        for (float v : x) assertTrue(v >= -2.0001f && v <= 2.0001f, "value " + v + " outside (0..1 - 0.5) / 0.25");
    }

    @Test
    void aLayerWithoutAFeatureMapIsNamedInTheError() {
        var m = new Sequential(new dev.profundo.nn.Flatten());
        var e = assertThrows(IllegalArgumentException.class, () -> UnitOrientation.probe(m, 0, 1, 4, 4, new float[] {0}, new float[] {1}));
        assertTrue(e.getMessage().contains("layer 0") && e.getMessage().contains("feature map"), e.getMessage());
    }
}
