package dev.profundo.nn;

import dev.profundo.kernels.Im2col;
import dev.profundo.tensor.Shape;

/**
 * Every size of one batched 2-D convolution, validated once: input [n, cin, h, w], weight
 * [cout, cin/groups, kh, kw], output [n, cout, outH, outW].
 */
record ConvGeometry(int n, int cin, int h, int w, int cout, int kh, int kw,
                    int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups,
                    int outH, int outW) {

    /** Input channels per group. */
    int cinG() { return cin / groups; }

    /** Output channels per group. */
    int coutG() { return cout / groups; }

    /** Rows of one group's patch matrix (its GEMM depth): cin/groups * kh * kw. */
    int kG() { return cinG() * kh * kw; }

    /** Output pixels per channel (columns of the patch matrix). */
    int outHW() { return outH * outW; }

    /** Floats in one image's full patch matrix (all groups). */
    int colsSize() { return cin * kh * kw * outHW(); }

    /** Elements of the weight tensor. */
    int weightSize() { return cout * kG(); }

    /** True for a 1x1, stride-1, unpadded kernel: the image itself is already its patch matrix. */
    boolean pointwise() {
        return kh == 1 && kw == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0;
    }

    /** Multiply-adds of the forward pass (the backward costs twice this, once per gradient). */
    long macs() { return (long) n * cout * outHW() * kG(); }

    /** Validates shapes and hyper-parameters with PyTorch's rules and computes the output size. */
    static ConvGeometry of(int[] x, int[] weight, int[] bias, int strideH, int strideW, int padH, int padW,
                           int dilH, int dilW, int groups) {
        if (x.length != 4)
            throw new IllegalArgumentException("conv2d: expected a 4-D input [N, C_in, H, W] (or 3-D [C_in, H, W]), got shape "
                    + Shape.format(x));
        if (weight.length != 4)
            throw new IllegalArgumentException("conv2d: expected a 4-D weight [C_out, C_in/groups, kH, kW], got shape "
                    + Shape.format(weight));
        if (strideH < 1 || strideW < 1)
            throw new IllegalArgumentException("conv2d: stride must be >= 1, got " + strideH + "x" + strideW);
        if (padH < 0 || padW < 0)
            throw new IllegalArgumentException("conv2d: padding must be >= 0, got " + padH + "x" + padW);
        if (dilH < 1 || dilW < 1)
            throw new IllegalArgumentException("conv2d: dilation must be >= 1, got " + dilH + "x" + dilW);
        if (groups < 1)
            throw new IllegalArgumentException("conv2d: groups must be >= 1, got " + groups);
        int cin = x[1], cout = weight[0];
        if (cin % groups != 0)
            throw new IllegalArgumentException("conv2d: groups=" + groups + " does not divide the " + cin
                    + " input channels of input " + Shape.format(x));
        if (cout % groups != 0)
            throw new IllegalArgumentException("conv2d: groups=" + groups + " does not divide the " + cout
                    + " output channels of weight " + Shape.format(weight));
        if (weight[1] * groups != cin)
            throw new IllegalArgumentException("conv2d: input " + Shape.format(x) + " has " + cin
                    + " channels but weight " + Shape.format(weight) + " expects " + weight[1] * groups
                    + " (weight.size(1)=" + weight[1] + " x groups=" + groups + ")");
        if (weight[2] < 1 || weight[3] < 1)
            throw new IllegalArgumentException("conv2d: kernel size must be >= 1, got weight " + Shape.format(weight));
        if (bias != null && (bias.length != 1 || bias[0] != cout))
            throw new IllegalArgumentException("conv2d: bias must have shape [" + cout + "] (one per output channel of weight "
                    + Shape.format(weight) + "), got " + Shape.format(bias));
        int outH = Im2col.outSize(x[2], weight[2], strideH, padH, dilH);
        int outW = Im2col.outSize(x[3], weight[3], strideW, padW, dilW);
        if (outH < 1 || outW < 1)
            throw new IllegalArgumentException("conv2d: input " + Shape.format(x) + " is too small for kernel "
                    + weight[2] + "x" + weight[3] + " (dilated extent " + (dilH * (weight[2] - 1) + 1) + "x"
                    + (dilW * (weight[3] - 1) + 1) + ") with padding " + padH + "x" + padW
                    + ": the output would be " + outH + "x" + outW + "; pad the input or use a smaller kernel");
        long outNumel = (long) x[0] * cout * outH * outW;
        long colsNumel = (long) cin * weight[2] * weight[3] * outH * outW;
        if (outNumel > Integer.MAX_VALUE || colsNumel > Integer.MAX_VALUE)
            throw new IllegalArgumentException("conv2d: input " + Shape.format(x) + " with weight " + Shape.format(weight)
                    + " needs more than 2^31 elements for its output or patch matrix; split the batch");
        return new ConvGeometry(x[0], cin, x[2], x[3], cout, weight[2], weight[3], strideH, strideW, padH, padW,
                dilH, dilW, groups, outH, outW);
    }
}
