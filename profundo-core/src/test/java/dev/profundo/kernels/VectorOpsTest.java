package dev.profundo.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class VectorOpsTest {
    private static final int[] LENGTHS = {0, 1, 7, 13, 15, 16, 17, 33, 127, 1000, 4099};

    private static float[] random(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return x;
    }

    @Test
    void simdIsAvailableAndDescribed() {
        assertTrue(VectorOps.simdAvailable());
        assertTrue(VectorOps.vectorLanes() >= 1);
        assertTrue(VectorOps.SPECIES_DESCRIPTION.contains("x" + VectorOps.vectorLanes()),
                VectorOps.SPECIES_DESCRIPTION);
    }

    @Test
    void binaryAndScalarOpsMatchScalarLoopsWithOffsets() {
        SplittableRandom r = new SplittableRandom(1);
        for (int len : LENGTHS) {
            float[] a = random(r, len + 3);
            float[] b = random(r, len + 5);
            float[] out = new float[len + 2];
            VectorOps.add(a, 3, b, 5, out, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(a[3 + i] + b[5 + i], out[2 + i]);
            }
            VectorOps.sub(a, 3, b, 5, out, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(a[3 + i] - b[5 + i], out[2 + i]);
            }
            VectorOps.mul(a, 3, b, 5, out, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(a[3 + i] * b[5 + i], out[2 + i]);
            }
            VectorOps.div(a, 3, b, 5, out, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(a[3 + i] / b[5 + i], out[2 + i]);
            }
            VectorOps.addScalar(a, 3, 0.25f, out, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(a[3 + i] + 0.25f, out[2 + i]);
            }
            VectorOps.mulScalar(a, 3, -1.5f, out, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(a[3 + i] * -1.5f, out[2 + i]);
            }
            VectorOps.relu(a, 3, out, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(Math.max(a[3 + i], 0f), out[2 + i]);
            }
            VectorOps.reluBackward(a, 3, b, 5, out, 2, len);
            for (int i = 0; i < len; i++) {
                assertEquals(a[3 + i] > 0 ? b[5 + i] : 0f, out[2 + i]);
            }
            float[] y = b.clone();
            VectorOps.axpy(0.5f, a, 3, y, 5, len);
            for (int i = 0; i < len; i++) {
                assertEquals(Math.fma(0.5f, a[3 + i], b[5 + i]), y[5 + i]);
            }
        }
    }

    @Test
    void reductionsMatchDoubleReference() {
        SplittableRandom r = new SplittableRandom(2);
        for (int len : LENGTHS) {
            float[] a = random(r, len + 1);
            float[] b = random(r, len + 1);
            double s = 0;
            double d = 0;
            double mag = 0;
            float mx = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < len; i++) {
                s += a[1 + i];
                d += (double) a[1 + i] * b[1 + i];
                mag += Math.abs(a[1 + i] * b[1 + i]);
                mx = Math.max(mx, a[1 + i]);
            }
            assertEquals(s, VectorOps.sum(a, 1, len), 1e-4);
            assertEquals(d, VectorOps.dot(a, 1, b, 1, len), 1e-6 * mag + 1e-6);
            assertEquals(mx, VectorOps.max(a, 1, len));
        }
    }

    @Test
    void maxAndReluKeepNaN() {
        float[] a = new float[40];
        a[21] = Float.NaN;
        assertTrue(Float.isNaN(VectorOps.max(a, 0, a.length)));
        float[] out = new float[40];
        VectorOps.relu(a, 0, out, 0, a.length);
        assertTrue(Float.isNaN(out[21]));
    }

    @Test
    void sumIsReproducible() {
        float[] a = random(new SplittableRandom(5), 100_000);
        assertEquals(Double.doubleToRawLongBits(VectorOps.sum(a, 0, a.length)),
                Double.doubleToRawLongBits(VectorOps.sum(a, 0, a.length)));
    }
}
