package dev.profundo.tensor;

import dev.profundo.autograd.Node;
import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;

/**
 * Elementwise functions of one tensor. Each op's forward and derivative sit side by side in
 * {@link #forward} and {@link #derivative}; the backward pass is one fused loop
 * {@code dx = g · f'(x)}.
 */
final class UnaryOps {
    enum Op { NEG, EXP, LOG, SQRT, ABS, POW, CLAMP, RELU, LEAKY_RELU, GELU, SILU, SIGMOID, TANH }

    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double INV_SQRT_2PI = 0.3989422804014327;

    private UnaryOps() {}

    static Tensor apply(Op op, Tensor x, double p, double q) {
        Tensor in = x.to(DType.FLOAT32).contiguous();
        int n = in.numel();
        float[] out = BufferPool.uninitialized(n);
        float[] src = in.data;
        int off = in.offset;
        if (op == Op.RELU) {
            parallel(n, (s, e) -> VectorOps.relu(src, off + s, out, s, e - s));
        } else {
            parallel(n, (s, e) -> { for (int i = s; i < e; i++) out[i] = forward(op, src[off + i], p, q); });
        }
        Tensor y = Tensor.fresh(out, x.shape.clone());
        return Node.record(op.name().toLowerCase(), y, g -> new Tensor[] {backward(op, in, y, g, p, q)}, x);
    }

    private static Tensor backward(Op op, Tensor x, Tensor y, Tensor g, double p, double q) {
        Tensor gc = g.contiguous();
        int n = x.numel();
        float[] dx = BufferPool.uninitialized(n);
        float[] xs = x.data, ys = y.data, gs = gc.data;
        int xo = x.offset, go = gc.offset;
        if (op == Op.RELU) {
            parallel(n, (s, e) -> VectorOps.reluBackward(xs, xo + s, gs, go + s, dx, s, e - s));
        } else {
            parallel(n, (s, e) -> {
                for (int i = s; i < e; i++) dx[i] = (float) (gs[go + i] * derivative(op, xs[xo + i], ys[i], p, q));
            });
        }
        return Tensor.fresh(dx, x.shape.clone());
    }

    static float forward(Op op, float x, double p, double q) {
        return switch (op) {
            case NEG -> -x;
            case EXP -> (float) Math.exp(x);
            case LOG -> (float) Math.log(x);
            case SQRT -> (float) Math.sqrt(x);
            case ABS -> Math.abs(x);
            case POW -> p == 2 ? x * x : (float) Math.pow(x, p);
            case CLAMP -> x != x ? x : (float) Math.min(Math.max(x, p), q);
            case RELU -> x > 0 ? x : 0f;
            case LEAKY_RELU -> x > 0 ? x : (float) (p * x);
            case GELU -> (float) (0.5 * x * (1 + erf(x * INV_SQRT2)));
            case SILU -> (float) (x / (1 + Math.exp(-x)));
            case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
            case TANH -> (float) Math.tanh(x);
        };
    }

    /** f'(x), given x and y = f(x). */
    static double derivative(Op op, float x, float y, double p, double q) {
        return switch (op) {
            case NEG -> -1;
            case EXP -> y;
            case LOG -> 1.0 / x;
            case SQRT -> 0.5 / y;
            case ABS -> x > 0 ? 1 : x < 0 ? -1 : 0;
            case POW -> p == 2 ? 2.0 * x : p * Math.pow(x, p - 1);
            case CLAMP -> x >= p && x <= q ? 1 : 0;
            case RELU -> x > 0 ? 1 : 0;
            case LEAKY_RELU -> x > 0 ? 1 : p;
            case GELU -> 0.5 * (1 + erf(x * INV_SQRT2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
            case SILU -> {
                double s = 1 / (1 + Math.exp(-x));
                yield s * (1 + x * (1 - s));
            }
            case SIGMOID -> (double) y * (1 - y);
            case TANH -> 1 - (double) y * y;
        };
    }

    static Tensor addScalar(Tensor x, double value) {
        Tensor in = x.to(DType.FLOAT32).contiguous();
        float[] out = BufferPool.uninitialized(in.numel());
        VectorOps.addScalar(in.data, in.offset, (float) value, out, 0, out.length);
        return Node.record("add", Tensor.fresh(out, x.shape.clone()), g -> new Tensor[] {g}, x);
    }

    static Tensor mulScalar(Tensor x, double value) {
        Tensor in = x.to(DType.FLOAT32).contiguous();
        float[] out = BufferPool.uninitialized(in.numel());
        VectorOps.mulScalar(in.data, in.offset, (float) value, out, 0, out.length);
        return Node.record("mul", Tensor.fresh(out, x.shape.clone()), g -> new Tensor[] {g.mul(value)}, x);
    }

    private static void parallel(int n, Parallel.RangeBody body) {
        if (n < 1 << 15) body.run(0, n);
        else Parallel.forRange(n, 1 << 14, body);
    }

    /**
     * The error function in double precision: its Maclaurin series below 2 and a continued
     * fraction for the complement above (both converge to ~1e-16 there).
     */
    static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 2.0) {
            // Maclaurin series: converges quickly for |x| < 2 (terms fall below 1e-17 within ~40 steps).
            double term = ax, sum = ax, x2 = ax * ax;
            for (int k = 1; k < 60; k++) {
                term *= -x2 / k;
                double add = term / (2 * k + 1);
                sum += add;
                if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else if (ax < 6.0) {
            // Continued fraction for erfc (Lentz), accurate for x >= 2.
            r = 1 - erfcContinuedFraction(ax);
        } else {
            r = 1;
        }
        return x < 0 ? -r : r;
    }

    private static double erfcContinuedFraction(double x) {
        // erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 200; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = x + a / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }
}
