package dev.profundo.optim;

import dev.profundo.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Small helpers shared by the optimizer tests: parameters from doubles, gradients, value checks. */
final class OptimFixtures {
    private OptimFixtures() {}

    /** A 1-D leaf parameter holding {@code values}. */
    static Tensor param(double... values) {
        return Tensor.of(floats(values), values.length).requiresGrad(true);
    }

    /** Sets the parameter's gradient to {@code values}. */
    static void grad(Tensor p, double... values) {
        p.setGrad(Tensor.of(floats(values), values.length));
    }

    static float[] floats(double... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return f;
    }

    /** The value of {@code x} rounded to float32 and back, as the parameter stores it. */
    static double[] asFloat32(double... values) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) values[i];
        return out;
    }

    /** Asserts each value of {@code actual} is within {@code tol} of {@code expected}. */
    static void assertValues(double[] expected, Tensor actual, double tol) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++)
            assertEquals(expected[i], a[i], tol, "element " + i);
    }

    /** Deterministic pseudo-random values in [-1, 1) (no global RNG, so tests stay independent). */
    static double[] wave(int n, double phase) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = Math.sin(1.7 * i + phase) * Math.cos(0.3 * i - phase);
        return out;
    }
}
