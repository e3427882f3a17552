package dev.profundo.autograd;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Checks the gradients that autograd computes for a function against central finite differences.
 *
 * <p>The function's output is projected onto fixed random weights, {@code L = Σ w·f(x)}, so every
 * output element and every path through the backward rule is exercised. Values are float32, so
 * the step and tolerances are sized for it: a correct gradient passes, while a wrong one (wrong
 * sign, missing factor, wrong index, dropped broadcast sum) misses by far more than the tolerance.
 */
public final class GradCheck {
    /** Step for the central differences. */
    public static final double DEFAULT_EPS = 1e-3;
    /** Allowed absolute error. */
    public static final double DEFAULT_ATOL = 5e-3;
    /** Allowed error relative to the numerical gradient. */
    public static final double DEFAULT_RTOL = 2e-2;

    private GradCheck() {}

    /** The outcome of a check: pass or fail, the largest errors, and where the worst one was. */
    public record Report(boolean passed, double maxAbsError, double maxRelError, String worst) {
        @Override
        public String toString() {
            return (passed ? "gradcheck passed" : "gradcheck FAILED") + String.format(
                    " (max abs error %.3g, max rel error %.3g; worst: %s)", maxAbsError, maxRelError, worst);
        }
    }

    /** Compares analytic and numerical gradients with the default step and tolerances. */
    public static Report check(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        return check(fn, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, inputs);
    }

    /** Throws {@link IllegalStateException} describing the worst mismatch when the check fails. */
    public static void assertCorrect(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        Report r = check(fn, inputs);
        if (!r.passed()) throw new IllegalStateException(r.toString());
    }

    /** Compares analytic and numerical gradients of every float32 input with the given step and tolerances. */
    public static Report check(Function<Tensor[], Tensor> fn, double eps, double atol, double rtol, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Tensor copy = Tensor.of(inputs[i].toFloatArray(), inputs[i].shape());
            xs[i] = inputs[i].dtype() == DType.FLOAT32 ? copy.requiresGrad(true) : inputs[i];
        }
        Tensor out = fn.apply(xs);
        float[] weights = new float[out.numel()];
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < weights.length; i++) weights[i] = (float) (rnd.nextDouble() * 2 - 1);
        Tensor w = Tensor.of(weights, out.shape());
        out.mul(w).sum().backward();

        double maxAbs = 0, maxRel = 0;
        String worst = "none";
        boolean passed = true;
        for (int i = 0; i < xs.length; i++) {
            if (inputs[i].dtype() != DType.FLOAT32) continue;
            float[] data = xs[i].floatStorage();
            int off = xs[i].storageOffset();
            Tensor g = xs[i].grad();
            float[] analytic = g == null ? new float[data.length] : g.toFloatArray();
            for (int j = 0; j < xs[i].numel(); j++) {
                float saved = data[off + j];
                float plus = (float) (saved + eps), minus = (float) (saved - eps);
                data[off + j] = plus;
                double up = project(fn, xs, weights);
                data[off + j] = minus;
                double down = project(fn, xs, weights);
                data[off + j] = saved;
                // Divide by the step float32 actually took: for |x| >> 1 it differs from 2·eps by up to a few %.
                double numeric = (up - down) / ((double) plus - minus);
                double err = Math.abs(numeric - analytic[j]);
                double rel = err / Math.max(Math.abs(numeric), 1e-6);
                if (err > atol + rtol * Math.abs(numeric)) passed = false;
                if (err > maxAbs) {
                    maxAbs = err;
                    worst = "input " + i + " " + Shape.format(xs[i].shape()) + " element " + j
                            + ": analytic " + analytic[j] + " vs numeric " + numeric;
                }
                maxRel = Math.max(maxRel, Math.min(rel, err > atol ? rel : 0));
            }
        }
        return new Report(passed, maxAbs, maxRel, worst);
    }

    private static double project(Function<Tensor[], Tensor> fn, Tensor[] xs, float[] weights) {
        try (var _ = GradMode.noGrad()) {
            float[] y = fn.apply(xs).toFloatArray();
            if (y.length != weights.length)
                throw new IllegalStateException("GradCheck: the function's output size changed from " + weights.length + " to " + y.length);
            double s = 0;
            for (int i = 0; i < y.length; i++) s += (double) y[i] * weights[i];
            return s;
        }
    }

    /** Convenience for tests: a random float input of the given shape, kept away from 0 by {@code margin}. */
    public static Tensor randomInput(long seed, double margin, int... shape) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] v = new float[Shape.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            double x = rnd.nextDouble() * 2 - 1;
            v[i] = (float) (Math.signum(x) * (margin + Math.abs(x)));
        }
        return Tensor.of(v, shape);
    }

}
