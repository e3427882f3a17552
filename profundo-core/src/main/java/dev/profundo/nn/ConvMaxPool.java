package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.GradMode;
import dev.profundo.autograd.Node;
import dev.profundo.kernels.Parallel;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;

/**
 * {@code maxPool2d(conv2d(x, weight, bias, padding 1), 2)} as one differentiable op: a 3x3, stride-1,
 * padding-1, ungrouped convolution, then a 2x2 stride-2 max pool (floor mode), without storing the
 * convolution's full-size output. Two kernels compute it: {@link ConvPoolKernel} for shallow first layers
 * (at most {@link ConvPoolKernel#MAX_CHANNELS} input channels), forward and weight gradient; and, for layers
 * on {@link ConvWinograd}'s path, its output transform, whose 2x2 output blocks are exactly the pooling
 * windows (the backward there rebuilds the convolution's output gradient, one value per window, and runs
 * the usual convolution backward). {@link Sequential} runs a {@code Conv2d}, an optional {@code ReLU} and
 * a {@code MaxPool2d(2)} this way when none of them has hooks.
 */
final class ConvMaxPool {
    private ConvMaxPool() {}

    /** Whether the layer pair is one this op computes (hyper-parameters only; see {@link #fits} for the input). */
    static boolean supports(Conv2d conv, MaxPool2d pool) {
        int[] k = conv.kernelSize(), s = conv.stride(), p = conv.padding(), d = conv.dilation();
        int[] pk = pool.kernelSize(), ps = pool.stride(), pp = pool.padding();
        return k[0] == 3 && k[1] == 3 && s[0] == 1 && s[1] == 1 && p[0] == 1 && p[1] == 1 && d[0] == 1 && d[1] == 1
                && conv.groups() == 1
                && pk[0] == 2 && pk[1] == 2 && ps[0] == 2 && ps[1] == 2 && pp[0] == 0 && pp[1] == 0;
    }

    /**
     * Whether x is an input the fused op takes for this weight: a float32 [N, C_in, H, W] batch with the
     * weight's input channels and at least 2x2 pixels, for which one of the two kernels applies. Anything
     * else goes through the two layers, whose errors then name the problem.
     */
    static boolean fits(Tensor x, Tensor weight) {
        int[] s = x.shape(), ws = weight.shape();
        if (x.dtype() != DType.FLOAT32 || s.length != 4 || s[0] <= 0 || s[1] != ws[1] || s[2] < 2 || s[3] < 2
                || (long) s[0] * s[1] * s[2] * s[3] >= Integer.MAX_VALUE
                || (long) s[0] * ws[0] * (s[2] + 2) * (s[3] + 2) >= Integer.MAX_VALUE)
            return false;
        return s[1] <= ConvPoolKernel.MAX_CHANNELS || winograd(geometry(s, ws));
    }

    private static ConvGeometry geometry(int[] x, int[] w) {
        return ConvGeometry.of(x, w, null, 1, 1, 1, 1, 1, 1, 1);
    }

    /** Whether the convolution itself would run on the Winograd path, so its output transform can pool. */
    private static boolean winograd(ConvGeometry g) {
        return ConvKernel.direct && ConvWinograd.supports(g);
    }

    /** The pooled convolution [N, C_out, H/2, W/2] of x [N, C_in, H, W]; bias may be null; x must {@link #fits}. */
    static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        if (!fits(x, weight))
            throw new IllegalArgumentException("convMaxPool: no fused kernel takes input " + Shape.format(x.shape())
                    + " with weight " + Shape.format(weight.shape()) + "; run conv2d and maxPool2d");
        int[] s = x.shape();
        int cout = weight.shape()[0];
        var plan = ConvPoolKernel.Plan.of(s[0], s[1], s[2], s[3], cout);
        ConvGeometry g = geometry(s, weight.shape());
        boolean shallow = s[1] <= ConvPoolKernel.MAX_CHANNELS;
        Tensor xc = x.contiguous(), wc = weight.contiguous(), bc = bias == null ? null : bias.contiguous();
        boolean grad = GradMode.isEnabled() && (x.requiresGrad() || weight.requiresGrad() || bias != null && bias.requiresGrad());
        float[] out = BufferPool.uninitialized(plan.n() * plan.outImage());
        float[] codes = grad ? BufferPool.uninitialized(out.length) : null;
        float[] bData = bc == null ? null : bc.floatStorage();
        int bOff = bc == null ? 0 : bc.storageOffset();
        if (shallow)
            ConvPoolKernel.forward(plan, xc.floatStorage(), xc.storageOffset(), wc.floatStorage(), wc.storageOffset(),
                    bData, bOff, out, codes);
        else
            ConvWinograd.forwardPooled(g, xc.floatStorage(), xc.storageOffset(), wc.floatStorage(), wc.storageOffset(),
                    bData, bOff, out, codes);
        Tensor y = Tensor.wrap(out, plan.n(), cout, plan.outH(), plan.outW());
        return Node.record("convMaxPool", y, gy -> backward(plan, g, shallow, xc, wc, bc, codes, gy.contiguous()), xc, wc, bc);
    }

    private static Tensor[] backward(ConvPoolKernel.Plan p, ConvGeometry g, boolean shallow, Tensor x, Tensor w, Tensor b,
                                     float[] codes, Tensor gy) {
        float[] gw = w.requiresGrad() ? BufferPool.zeros(w.numel()) : null;
        float[] gb = b != null && b.requiresGrad() ? BufferPool.zeros(b.numel()) : null;
        float[] gx = x.requiresGrad() ? BufferPool.uninitialized(x.numel()) : null;  // overwritten by ConvKernel
        float[] gyData = gy.floatStorage();
        int gyOff = gy.storageOffset();
        if (shallow && (gw != null || gb != null))
            ConvPoolKernel.weightGrad(p, x.floatStorage(), x.storageOffset(), gyData, gyOff, codes, gw, gb);
        if (gx != null || !shallow) {
            // The convolution's output gradient: each window's gradient at the position that won it, zero at
            // the other three and at the rows and columns no window covers. Every element is written here, in
            // parallel, rather than zero-filling the whole array on this thread first (a serial 0.4 ms per step
            // in the small CNN, long enough for the idle worker to park).
            float[] gConv = BufferPool.uninitialized(p.n() * p.cout() * p.h() * p.w());
            int h = p.h(), width = p.w(), outH = p.outH(), outW = p.outW();
            Parallel.forRange(p.n() * p.cout(), Math.max(1, 4096 / p.outPlane()), (s, e) -> {
                for (int plane = s; plane < e; plane++) {
                    int base = plane * h * width;
                    for (int i = 0; i < outH; i++) {
                        // Zero the window's two rows, then place each window's gradient at its winner: no
                        // data-dependent branches (the winners are random, and four ternaries per window
                        // compiled to branches ran 4x slower than this).
                        int top = base + 2 * i * width, o = plane * p.outPlane() + i * outW;
                        Arrays.fill(gConv, top, top + 2 * width, 0f);
                        for (int j = 0; j < outW; j++) {
                            int code = (int) codes[o + j];
                            gConv[top + (code >> 1) * width + 2 * j + (code & 1)] = gyData[gyOff + o + j];
                        }
                    }
                    Arrays.fill(gConv, base + 2 * outH * width, base + h * width, 0f);
                }
            });
            ConvKernel.backward(g, x.floatStorage(), x.storageOffset(), w.floatStorage(), w.storageOffset(), gConv, 0,
                    gx, shallow ? null : gw, shallow ? null : gb);
        }
        return new Tensor[] {
            gx == null ? null : Tensor.wrap(gx, x.shape()),
            gw == null ? null : Tensor.wrap(gw, w.shape()),
            gb == null ? null : Tensor.wrap(gb, b.shape())
        };
    }
}
