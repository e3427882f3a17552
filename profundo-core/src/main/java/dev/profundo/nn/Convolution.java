package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.Node;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * The differentiable 2-D convolution (PyTorch's {@code F.conv2d}): forward by im2col + GEMM, backward
 * as one recorded node that produces the input, weight and bias gradients together.
 */
final class Convolution {
    private Convolution() {}

    /**
     * Cross-correlates x [N, C_in, H, W] (or [C_in, H, W]) with weight [C_out, C_in/groups, kH, kW]
     * and adds bias [C_out] (may be null); returns [N, C_out, H_out, W_out].
     */
    static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int strideH, int strideW, int padH, int padW,
                         int dilH, int dilW, int groups) {
        if (x == null || weight == null)
            throw new IllegalArgumentException("conv2d: input and weight must not be null");
        checkFloat("input", x);
        checkFloat("weight", weight);
        if (bias != null) checkFloat("bias", bias);
        if (x.dim() == 3) {
            // Unbatched input, as PyTorch allows: a batch of one, squeezed back afterwards.
            return conv2d(x.unsqueeze(0), weight, bias, strideH, strideW, padH, padW, dilH, dilW, groups).squeeze(0);
        }
        ConvGeometry g = ConvGeometry.of(x.shape(), weight.shape(), bias == null ? null : bias.shape(),
                strideH, strideW, padH, padW, dilH, dilW, groups);
        // Non-contiguous inputs become recorded copies, so the gradient still reaches the original.
        Tensor xc = x.contiguous(), wc = weight.contiguous(), bc = bias == null ? null : bias.contiguous();
        float[] out = BufferPool.uninitialized(g.n() * g.cout() * g.outHW());
        ConvKernel.forward(g, xc.floatStorage(), xc.storageOffset(), wc.floatStorage(), wc.storageOffset(),
                bc == null ? null : bc.floatStorage(), bc == null ? 0 : bc.storageOffset(), out);
        Tensor y = Tensor.wrap(out, g.n(), g.cout(), g.outH(), g.outW());
        return Node.record("conv2d", y, gradOut -> backward(g, xc, wc, bc, gradOut), xc, wc, bc);
    }

    private static Tensor[] backward(ConvGeometry g, Tensor x, Tensor w, Tensor b, Tensor gradOut) {
        Tensor gy = gradOut.contiguous();
        // The first layer's input never needs a gradient: skip the Wᵀ·dY GEMM and col2im entirely.
        float[] gx = x.requiresGrad() ? BufferPool.uninitialized(x.numel()) : null;   // all three overwritten
        float[] gw = w.requiresGrad() ? BufferPool.uninitialized(w.numel()) : null;
        float[] gb = b != null && b.requiresGrad() ? BufferPool.uninitialized(b.numel()) : null;
        ConvKernel.backward(g, x.floatStorage(), x.storageOffset(), w.floatStorage(), w.storageOffset(),
                gy.floatStorage(), gy.storageOffset(), gx, gw, gb);
        return new Tensor[] {
            gx == null ? null : Tensor.wrap(gx, x.shape()),
            gw == null ? null : Tensor.wrap(gw, w.shape()),
            gb == null ? null : Tensor.wrap(gb, b.shape())
        };
    }

    private static void checkFloat(String what, Tensor t) {
        if (t.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException("conv2d: " + what + " must be float32, got " + t.dtype()
                    + " with shape " + Shape.format(t.shape()) + "; convert it with .to(DType.FLOAT32)");
    }
}
