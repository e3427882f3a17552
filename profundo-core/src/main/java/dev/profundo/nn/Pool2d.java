package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.Node;
import dev.profundo.kernels.Im2col;
import dev.profundo.kernels.Pooling;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * The differentiable 2-D pooling ops (PyTorch's {@code F.max_pool2d}, {@code F.avg_pool2d},
 * {@code F.adaptive_avg_pool2d}, floor mode) over [N, C, H, W] or [C, H, W] inputs.
 */
final class Pool2d {
    private Pool2d() {}

    /** Max pooling with a kh x kw window, stride sh x sw and implicit -inf padding ph x pw. */
    static Tensor maxPool2d(Tensor x, int kh, int kw, int sh, int sw, int ph, int pw) {
        String op = "maxPool2d";
        if (checkRank(op, x)) return maxPool2d(x.unsqueeze(0), kh, kw, sh, sw, ph, pw).squeeze(0);
        int[] s = x.shape();
        int n = s[0], c = s[1], h = s[2], w = s[3];
        int[] out = windowOutput(op, s, kh, kw, sh, sw, ph, pw);
        int outH = out[0], outW = out[1];
        Tensor xc = x.contiguous();
        float[] y = BufferPool.uninitialized(n * c * outH * outW);
        int[] argmax = new int[y.length];
        Pooling.maxPool2dForward(zeroOffset(xc), n, c, h, w, kh, kw, sh, sw, ph, pw, y, argmax);
        return Node.record(op, Tensor.wrap(y, n, c, outH, outW), g -> {
            float[] gx = BufferPool.zeros(n * c * h * w);
            Pooling.maxPool2dBackward(zeroOffset(g.contiguous()), argmax, n, c, h, w, outH, outW, gx);
            return new Tensor[] {Tensor.wrap(gx, s)};
        }, xc);
    }

    /**
     * Average pooling with a kh x kw window, stride sh x sw and zero padding ph x pw; padded cells
     * count in the divisor only when {@code countIncludePad} (PyTorch's default is true).
     */
    static Tensor avgPool2d(Tensor x, int kh, int kw, int sh, int sw, int ph, int pw, boolean countIncludePad) {
        String op = "avgPool2d";
        if (checkRank(op, x))
            return avgPool2d(x.unsqueeze(0), kh, kw, sh, sw, ph, pw, countIncludePad).squeeze(0);
        int[] s = x.shape();
        int n = s[0], c = s[1], h = s[2], w = s[3];
        int[] out = windowOutput(op, s, kh, kw, sh, sw, ph, pw);
        int outH = out[0], outW = out[1];
        Tensor xc = x.contiguous();
        float[] y = BufferPool.uninitialized(n * c * outH * outW);
        Pooling.avgPool2dForward(zeroOffset(xc), n, c, h, w, kh, kw, sh, sw, ph, pw, countIncludePad, y);
        return Node.record(op, Tensor.wrap(y, n, c, outH, outW), g -> {
            float[] gx = BufferPool.zeros(n * c * h * w);
            Pooling.avgPool2dBackward(zeroOffset(g.contiguous()), n, c, h, w, kh, kw, sh, sw, ph, pw,
                    countIncludePad, gx);
            return new Tensor[] {Tensor.wrap(gx, s)};
        }, xc);
    }

    /**
     * Average pooling to a fixed outH x outW grid: output cell i covers input rows
     * [floor(i*H/outH), ceil((i+1)*H/outH)), and likewise for columns, so bins may overlap.
     */
    static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        String op = "adaptiveAvgPool2d";
        if (checkRank(op, x)) return adaptiveAvgPool2d(x.unsqueeze(0), outH, outW).squeeze(0);
        if (outH < 1 || outW < 1)
            throw new IllegalArgumentException(op + ": output size must be >= 1, got " + outH + "x" + outW);
        int[] s = x.shape();
        int n = s[0], c = s[1], h = s[2], w = s[3];
        if (h < 1 || w < 1)
            throw new IllegalArgumentException(op + ": input " + Shape.format(s) + " has an empty plane");
        Tensor xc = x.contiguous();
        float[] y = BufferPool.uninitialized(n * c * outH * outW);
        PoolAdaptive.forward(zeroOffset(xc), n * c, h, w, outH, outW, y);
        return Node.record(op, Tensor.wrap(y, n, c, outH, outW), g -> {
            float[] gx = BufferPool.zeros(n * c * h * w);
            PoolAdaptive.backward(zeroOffset(g.contiguous()), n * c, h, w, outH, outW, gx);
            return new Tensor[] {Tensor.wrap(gx, s)};
        }, xc);
    }

    /** Validates dtype and rank; returns true for an unbatched [C, H, W] input that the caller must wrap. */
    private static boolean checkRank(String op, Tensor x) {
        if (x == null) throw new IllegalArgumentException(op + ": input must not be null");
        if (x.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException(op + ": input must be float32, got " + x.dtype());
        if (x.dim() == 3) return true;
        if (x.dim() != 4)
            throw new IllegalArgumentException(op + ": expected a 4-D input [N, C, H, W] or 3-D [C, H, W], got shape "
                    + Shape.format(x.shape()));
        return false;
    }

    /** Checks window hyper-parameters with PyTorch's rules; returns {outH, outW}. */
    private static int[] windowOutput(String op, int[] s, int kh, int kw, int sh, int sw, int ph, int pw) {
        if (kh < 1 || kw < 1)
            throw new IllegalArgumentException(op + ": kernel size must be >= 1, got " + kh + "x" + kw);
        if (sh < 1 || sw < 1)
            throw new IllegalArgumentException(op + ": stride must be >= 1, got " + sh + "x" + sw);
        if (ph < 0 || pw < 0 || ph > kh / 2 || pw > kw / 2)
            throw new IllegalArgumentException(op + ": padding must be between 0 and half the kernel size, got padding "
                    + ph + "x" + pw + " for kernel " + kh + "x" + kw);
        int outH = Im2col.outSize(s[2], kh, sh, ph, 1);
        int outW = Im2col.outSize(s[3], kw, sw, pw, 1);
        if (outH < 1 || outW < 1)
            throw new IllegalArgumentException(op + ": input " + Shape.format(s) + " is too small for kernel " + kh + "x" + kw
                    + " with padding " + ph + "x" + pw + ": the output would be " + outH + "x" + outW);
        return new int[] {outH, outW};
    }

    /** The values of a contiguous tensor starting at index 0 (the pooling kernels take no offset). */
    private static float[] zeroOffset(Tensor t) {
        return t.storageOffset() == 0 ? t.floatStorage() : t.toFloatArray();
    }
}
