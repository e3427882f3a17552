package dev.profundo.nn;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Generator;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * Weight initialisers (PyTorch's {@code torch.nn.init}): each fills a float tensor in place from
 * the global seeded generator, outside the autograd graph, and returns it. Fans follow PyTorch:
 * for a weight [out, in, k…], {@code fanIn = in·∏k} and {@code fanOut = out·∏k}.
 */
public final class Init {
    private Init() {}

    /** Which fan a Kaiming initialiser scales by: {@code FAN_IN} keeps forward variance, {@code FAN_OUT} backward. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** The non-linearity that follows a layer, for {@link #calculateGain}. */
    public enum Nonlinearity { LINEAR, CONV, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    /** The fan-in and fan-out of a weight tensor. */
    public record Fans(int fanIn, int fanOut) {}

    /** The fans of a weight of at least 2 dims, as PyTorch's {@code _calculate_fan_in_and_fan_out}. */
    public static Fans fans(Tensor t) {
        if (t.dim() < 2)
            throw new IllegalArgumentException("Init: fan in and fan out cannot be computed for a tensor with fewer than 2 dims, got shape "
                    + Shape.format(t.shape()));
        int receptive = 1;
        for (int i = 2; i < t.dim(); i++) receptive *= t.size(i);
        return new Fans(t.size(1) * receptive, t.size(0) * receptive);
    }

    /**
     * The recommended gain for a non-linearity: 1 for linear, conv and sigmoid, 5/3 for tanh,
     * √2 for ReLU, √(2/(1+slope²)) for leaky ReLU ({@code param} is the slope), 3/4 for SELU.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
            case SELU -> 0.75;
        };
    }

    /** Fills with U(low, high). */
    public static Tensor uniform(Tensor t, double low, double high) {
        if (!(low <= high)) throw new IllegalArgumentException("Init.uniform: low " + low + " must not exceed high " + high);
        float[] v = new float[t.numel()];
        Generator.fillUniform(v, low, high);
        return write("uniform", t, v);
    }

    /** Fills with N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std) {
        if (!(std >= 0)) throw new IllegalArgumentException("Init.normal: std must be >= 0, got " + std);
        float[] v = new float[t.numel()];
        Generator.fillNormal(v, mean, std);
        return write("normal", t, v);
    }

    /** Fills with zeros. */
    public static Tensor zeros(Tensor t) {
        return write("zeros", t, new float[t.numel()]);
    }

    /** Fills with ones. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1.0);
    }

    /** Fills with one value. */
    public static Tensor constant(Tensor t, double value) {
        float[] v = new float[t.numel()];
        java.util.Arrays.fill(v, (float) value);
        return write("constant", t, v);
    }

    /** Kaiming (He) uniform with PyTorch's defaults: {@code a = 0}, fan in, leaky ReLU gain (= √2). */
    public static Tensor kaimingUniform(Tensor t) {
        return kaimingUniform(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
    }

    /** Kaiming uniform: U(-b, b) with {@code b = gain·√(3/fan)}; {@code a} is the leaky-ReLU slope for the gain. */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        if (t.numel() == 0) return t; // PyTorch: initialising an empty tensor is a no-op
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity);
        return uniform(t, -bound, bound);
    }

    /** Kaiming (He) normal with PyTorch's defaults: {@code a = 0}, fan in, leaky ReLU gain. */
    public static Tensor kaimingNormal(Tensor t) {
        return kaimingNormal(t, 0, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
    }

    /** Kaiming normal: N(0, std²) with {@code std = gain/√fan}. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        if (t.numel() == 0) return t;
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity));
    }

    /** Xavier (Glorot) uniform with gain 1. */
    public static Tensor xavierUniform(Tensor t) {
        return xavierUniform(t, 1.0);
    }

    /** Xavier uniform: U(-b, b) with {@code b = gain·√(6/(fanIn+fanOut))}. */
    public static Tensor xavierUniform(Tensor t, double gain) {
        if (t.numel() == 0) return t;
        double bound = Math.sqrt(3.0) * xavierStd(t, gain);
        return uniform(t, -bound, bound);
    }

    /** Xavier (Glorot) normal with gain 1. */
    public static Tensor xavierNormal(Tensor t) {
        return xavierNormal(t, 1.0);
    }

    /** Xavier normal: N(0, std²) with {@code std = gain·√(2/(fanIn+fanOut))}. */
    public static Tensor xavierNormal(Tensor t, double gain) {
        if (t.numel() == 0) return t;
        return normal(t, 0, xavierStd(t, gain));
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity) {
        Fans f = fans(t);
        int fan = mode == FanMode.FAN_IN ? f.fanIn() : f.fanOut();
        if (fan == 0) throw new IllegalArgumentException("Init.kaiming: the " + mode + " of shape " + Shape.format(t.shape()) + " is 0");
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    private static double xavierStd(Tensor t, double gain) {
        Fans f = fans(t);
        if (f.fanIn() + f.fanOut() == 0) throw new IllegalArgumentException("Init.xavier: empty tensor of shape " + Shape.format(t.shape()));
        return gain * Math.sqrt(2.0 / (f.fanIn() + f.fanOut()));
    }

    /** Writes row-major values into the tensor's storage, honouring strides (so slices of a weight can be initialised). */
    private static Tensor write(String op, Tensor t, float[] values) {
        if (t.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException("Init." + op + ": expects a float32 tensor, got " + t.dtype());
        float[] data = t.floatStorage();
        t.markModified();
        int[] shape = t.shape(), strides = t.strides();
        int off = t.storageOffset();
        if (t.isContiguous()) {
            System.arraycopy(values, 0, data, off, values.length);
            return t;
        }
        int[] idx = new int[shape.length];
        for (int i = 0; i < values.length; i++) {
            int p = off;
            for (int d = 0; d < shape.length; d++) p += idx[d] * strides[d];
            data[p] = values[i];
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) break;
                idx[d] = 0;
            }
        }
        return t;
    }
}
