package dev.profundo.tensor;

import dev.profundo.autograd.GradCheck;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers: gradient-check assertions and inputs kept away from kinks. */
final class Grads {
    private Grads() {}

    /** Fails with GradCheck's report (worst element, analytic vs numeric) when the gradients disagree. */
    static void check(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        var report = GradCheck.check(fn, inputs);
        assertTrue(report.passed(), report.toString());
    }

    /** Random values in ±[margin, 1 + margin]. */
    static Tensor rnd(long seed, int... shape) {
        return GradCheck.randomInput(seed, 0.1, shape);
    }

    /** Random values in [margin, 1 + margin], for log, sqrt and fractional powers. */
    static Tensor positive(long seed, double margin, int... shape) {
        return GradCheck.randomInput(seed, margin, shape).abs();
    }

    /** Values {@code a + shift·(±1)}: never within {@code shift} of {@code a}, so maximum/minimum stay off their kink. */
    static Tensor apart(Tensor a, double shift) {
        float[] v = a.toFloatArray();
        for (int i = 0; i < v.length; i++) v[i] += (float) (i % 2 == 0 ? shift : -shift);
        return Tensor.of(v, a.shape());
    }

    /** Asserts elementwise closeness and equal shapes. */
    static void assertValues(float[] expected, int[] shape, Tensor actual, double tol) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(shape, actual.shape(), "shape");
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual.toFloatArray(), (float) tol);
    }
}
