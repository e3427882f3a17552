package dev.profundo.vision.viz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PcaTest {
    @Test
    void findsTheKnownPrincipalAxis() {
        var rng = new java.util.SplittableRandom(5);
        int n = 500;
        float[] x = new float[n * 2];
        for (int i = 0; i < n; i++) {
            double t = rng.nextDouble(-10, 10), noise = rng.nextDouble(-0.1, 0.1);
            x[2 * i] = (float) (3 + 0.6 * t - 0.8 * noise);      // along (0.6, 0.8), offset (3, -2)
            x[2 * i + 1] = (float) (-2 + 0.8 * t + 0.6 * noise);
        }
        var pca = Pca.fit(x, n, 2, 1);
        double[] c = pca.components()[0];
        double sign = Math.signum(c[0]);
        assertEquals(0.6, sign * c[0], 1e-3);
        assertEquals(0.8, sign * c[1], 1e-3);
        assertTrue(pca.explained()[0] > 0.999, "explained " + pca.explained()[0]);
        assertEquals(3, pca.mean()[0], 0.5);
    }

    @Test
    void ordersComponentsByVarianceAndProjectsOntoThem() {
        var rng = new java.util.SplittableRandom(9);
        int n = 4000;
        float[] x = new float[n * 3];
        for (int i = 0; i < n; i++) {
            x[3 * i] = (float) (2 * gaussian(rng));      // variance 4
            x[3 * i + 1] = (float) (gaussian(rng));      // variance 1
            x[3 * i + 2] = (float) (3 * gaussian(rng));  // variance 9
        }
        var pca = Pca.fit(x, n, 3, 2);
        assertEquals(1.0, Math.abs(pca.components()[0][2]), 1e-2, "largest variance lies along axis 2");
        assertEquals(1.0, Math.abs(pca.components()[1][0]), 1e-2, "second along axis 0");
        assertEquals(9, pca.variance()[0], 0.6);
        assertEquals(4, pca.variance()[1], 0.3);
        assertEquals(9 / 14.0, pca.explained()[0], 0.03);
        double[] p = pca.project(new float[] {(float) pca.mean()[0], (float) pca.mean()[1], (float) pca.mean()[2] + 1}, 1, 3);
        assertEquals(1.0, Math.abs(p[0]), 1e-2);
        assertEquals(0.0, p[1], 0.05);
    }

    @Test
    void rejectsTooFewRows() {
        assertThrows(IllegalArgumentException.class, () -> Pca.fit(new float[3], 1, 3, 1));
    }

    private static double gaussian(java.util.SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
