package dev.profundo.nn;

import dev.profundo.autograd.GradMode;
import dev.profundo.autograd.Node;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;

/**
 * {@code maxPool2d(conv2d(x, weight, bias, padding 1), 2)} as one differentiable op, for the shallow
 * first layers of image networks: a 3x3, stride-1, padding-1, ungrouped convolution of at most
 * {@link ConvPoolKernel#MAX_CHANNELS} input channels, then a 2x2 stride-2 max pool (floor mode). The
 * convolution's full-size output is never stored; the backward sends each window's gradient to the
 * position that won it, as the two ops would. {@link Sequential} runs a {@code Conv2d}, an optional
 * {@code ReLU} and a {@code MaxPool2d(2)} this way when none of them has hooks.
 */
final class ConvMaxPool {
    private ConvMaxPool() {}

    /** Whether the layer pair is one this op computes (hyper-parameters only; see {@link #fits} for the input). */
    static boolean supports(Conv2d conv, MaxPool2d pool) {
        int[] k = conv.kernelSize(), s = conv.stride(), p = conv.padding(), d = conv.dilation();
        int[] pk = pool.kernelSize(), ps = pool.stride(), pp = pool.padding();
        return k[0] == 3 && k[1] == 3 && s[0] == 1 && s[1] == 1 && p[0] == 1 && p[1] == 1 && d[0] == 1 && d[1] == 1
                && conv.groups() == 1 && conv.inChannels() <= ConvPoolKernel.MAX_CHANNELS
                && pk[0] == 2 && pk[1] == 2 && ps[0] == 2 && ps[1] == 2 && pp[0] == 0 && pp[1] == 0;
    }

    /**
     * Whether x is an input the fused op takes for this weight: a float32 [N, C_in, H, W] batch with the
     * weight's input channels and at least 2x2 pixels. Anything else goes through the two layers, whose
     * errors then name the problem.
     */
    static boolean fits(Tensor x, Tensor weight) {
        int[] s = x.shape();
        return x.dtype() == DType.FLOAT32 && s.length == 4 && s[0] > 0 && s[1] == weight.shape()[1] && s[2] >= 2 && s[3] >= 2
                && (long) s[0] * s[1] * s[2] * s[3] < Integer.MAX_VALUE
                && (long) s[0] * weight.shape()[0] * (s[2] + 2) * (s[3] + 2) < Integer.MAX_VALUE;
    }

    /** The pooled convolution [N, C_out, H/2, W/2] of x [N, C_in, H, W]; bias may be null. */
    static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        int[] s = x.shape();
        int cout = weight.shape()[0];
        var plan = ConvPoolKernel.Plan.of(s[0], s[1], s[2], s[3], cout);
        Tensor xc = x.contiguous(), wc = weight.contiguous(), bc = bias == null ? null : bias.contiguous();
        boolean grad = GradMode.isEnabled() && (x.requiresGrad() || weight.requiresGrad() || bias != null && bias.requiresGrad());
        float[] out = new float[plan.n() * plan.outImage()];
        float[] codes = grad ? new float[out.length] : null;
        ConvPoolKernel.forward(plan, xc.floatStorage(), xc.storageOffset(), wc.floatStorage(), wc.storageOffset(),
                bc == null ? null : bc.floatStorage(), bc == null ? 0 : bc.storageOffset(), out, codes);
        Tensor y = Tensor.wrap(out, plan.n(), cout, plan.outH(), plan.outW());
        return Node.record("convMaxPool", y, g -> backward(plan, xc, wc, bc, codes, g.contiguous()), xc, wc, bc);
    }

    private static Tensor[] backward(ConvPoolKernel.Plan p, Tensor x, Tensor w, Tensor b, float[] codes, Tensor gy) {
        float[] gw = w.requiresGrad() ? new float[w.numel()] : null;
        float[] gb = b != null && b.requiresGrad() ? new float[b.numel()] : null;
        float[] gyData = gy.floatStorage();
        int gyOff = gy.storageOffset();
        if (gw != null || gb != null)
            ConvPoolKernel.weightGrad(p, x.floatStorage(), x.storageOffset(), gyData, gyOff, codes, gw, gb);
        float[] gx = null;
        if (x.requiresGrad()) {
            // Rare for a first layer: rebuild the convolution's output gradient and take the usual input gradient.
            float[] gConv = new float[p.n() * p.cout() * p.h() * p.w()];
            for (int plane = 0; plane < p.n() * p.cout(); plane++)
                for (int i = 0; i < p.outH(); i++)
                    for (int j = 0; j < p.outW(); j++) {
                        int o = plane * p.outPlane() + i * p.outW() + j, code = (int) codes[o];
                        int row = 2 * i + (code >> 1), col = 2 * j + (code & 1);
                        gConv[(plane * p.h() + row) * p.w() + col] = gyData[gyOff + o];
                    }
            ConvGeometry g = ConvGeometry.of(x.shape(), w.shape(), b == null ? null : b.shape(), 1, 1, 1, 1, 1, 1, 1);
            gx = new float[x.numel()];
            ConvKernel.backward(g, x.floatStorage(), x.storageOffset(), w.floatStorage(), w.storageOffset(), gConv, 0, gx, null, null);
        }
        return new Tensor[] {
            gx == null ? null : Tensor.wrap(gx, x.shape()),
            gw == null ? null : Tensor.wrap(gw, w.shape()),
            gb == null ? null : Tensor.wrap(gb, b.shape())
        };
    }
}
