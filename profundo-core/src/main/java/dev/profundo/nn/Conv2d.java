package dev.profundo.nn;

import dev.profundo.tensor.Generator;
import dev.profundo.tensor.Tensor;

/**
 * A 2-D convolution layer (PyTorch's {@code nn.Conv2d}): learns {@code out} filters of
 * {@code in/groups x kH x kW} and slides them over [N, C_in, H, W] images, giving [N, C_out, H_out, W_out].
 * Weights and bias start uniform in ±1/√fanIn (PyTorch's default, kaiming_uniform with a=√5), drawn
 * from the global {@link Generator} so {@code manualSeed} reproduces them.
 */
public final class Conv2d extends Layer {
    private final int in, out, kh, kw, sh, sw, ph, pw, dh, dw, groups;
    private final Tensor weight;
    private final Tensor bias;

    /** A square {@code kernel x kernel} convolution with stride 1, no padding, and a bias. */
    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, 1, 0);
    }

    /** A square convolution with the given stride and zero padding on every side, and a bias. */
    public Conv2d(int in, int out, int kernel, int stride, int padding) {
        this(in, out, kernel, kernel, stride, stride, padding, padding, 1, 1, 1, true);
    }

    /** The general form: every size per axis, dilation, channel groups, and whether to learn a bias. */
    public Conv2d(int in, int out, int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                  int dilH, int dilW, int groups, boolean bias) {
        check(in >= 1 && out >= 1, "channel counts must be >= 1, got in=" + in + " out=" + out);
        check(kernelH >= 1 && kernelW >= 1, "kernel size must be >= 1, got " + kernelH + "x" + kernelW);
        check(strideH >= 1 && strideW >= 1, "stride must be >= 1, got " + strideH + "x" + strideW);
        check(padH >= 0 && padW >= 0, "padding must be >= 0, got " + padH + "x" + padW);
        check(dilH >= 1 && dilW >= 1, "dilation must be >= 1, got " + dilH + "x" + dilW);
        check(groups >= 1 && in % groups == 0 && out % groups == 0,
                "groups=" + groups + " must be >= 1 and divide both in=" + in + " and out=" + out);
        this.in = in;
        this.out = out;
        this.kh = kernelH;
        this.kw = kernelW;
        this.sh = strideH;
        this.sw = strideW;
        this.ph = padH;
        this.pw = padW;
        this.dh = dilH;
        this.dw = dilW;
        this.groups = groups;
        int fanIn = in / groups * kernelH * kernelW;
        double bound = 1.0 / Math.sqrt(fanIn);
        this.weight = registerParameter("weight", uniform(bound, out, in / groups, kernelH, kernelW));
        this.bias = bias ? registerParameter("bias", uniform(bound, out)) : null;
    }

    private static Tensor uniform(double bound, int... shape) {
        int n = 1;
        for (int d : shape) n *= d;
        float[] v = new float[n];
        Generator.fillUniform(v, -bound, bound);
        return Tensor.wrap(v, shape);
    }

    private static void check(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("Conv2d: " + message);
    }

    @Override
    public Tensor forward(Tensor input) {
        return Convolution.conv2d(input, weight, bias, sh, sw, ph, pw, dh, dw, groups);
    }

    /** Input channels. */
    public int inChannels() { return in; }

    /** Output channels (number of filters). */
    public int outChannels() { return out; }

    /** Kernel size as {height, width}. */
    public int[] kernelSize() { return new int[] {kh, kw}; }

    /** Stride as {height, width}. */
    public int[] stride() { return new int[] {sh, sw}; }

    /** Zero padding per side as {height, width}. */
    public int[] padding() { return new int[] {ph, pw}; }

    /** Dilation as {height, width}. */
    public int[] dilation() { return new int[] {dh, dw}; }

    /** Number of channel groups (1 for an ordinary convolution, {@code in} for depthwise). */
    public int groups() { return groups; }

    /** The filters, [out, in/groups, kH, kW] (the parameter itself: visualise a detached copy). */
    public Tensor weight() { return weight; }

    /** The bias, [out], or null when the layer was built without one. */
    public Tensor bias() { return bias; }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Conv2d(").append(in).append(" -> ").append(out).append(", ")
                .append(kh).append('x').append(kw)
                .append(", stride ").append(pair(sh, sw))
                .append(", pad ").append(pair(ph, pw));
        if (dh != 1 || dw != 1) sb.append(", dilation ").append(pair(dh, dw));
        if (groups != 1) sb.append(", groups ").append(groups);
        if (bias == null) sb.append(", no bias");
        return sb.append(')').toString();
    }

    private static String pair(int a, int b) {
        return a == b ? Integer.toString(a) : a + "x" + b;
    }
}
