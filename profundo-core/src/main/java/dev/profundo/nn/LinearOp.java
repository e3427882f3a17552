package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.Node;
import dev.profundo.kernels.Gemm;
import dev.profundo.kernels.PackedB;
import dev.profundo.kernels.VectorOps;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;

/**
 * The fused fully connected op {@code y = x·Wᵀ + b} for a 2-D input: one GEMM whose C starts as the
 * broadcast bias (beta = 1), and a backward that calls GEMM directly for dX and dW and sums the bias
 * gradient in one pass. Against matmul + add this saves a temporary, a broadcasting pass each way and
 * the generic matmul bookkeeping, which dominate small training steps.
 */
final class LinearOp {
    private LinearOp() {}

    /** True when {@link #apply} handles these arguments (2-D float32 input and weight, 1-D bias or none). */
    static boolean supports(Tensor x, Tensor weight, Tensor bias) {
        return x.dim() == 2 && x.dtype() == DType.FLOAT32 && weight.dtype() == DType.FLOAT32
                && (bias == null || bias.dtype() == DType.FLOAT32);
    }

    /** y [m, out] = x [m, in] · weight [out, in]ᵀ + bias [out]; shapes are already validated. */
    static Tensor apply(Tensor x, Tensor weight, Tensor bias) {
        return apply(x, weight, bias, null);
    }

    /** The same, reusing the packed weight that {@code cache} (may be null) holds when the call does not train it. */
    static Tensor apply(Tensor x, Tensor weight, Tensor bias, PackedWeight cache) {
        int m = x.size(0);
        int in = weight.size(1);
        int out = weight.size(0);
        Tensor xc = x.detach().contiguous();
        Tensor wc = weight.detach().contiguous();
        Tensor bc = bias == null ? null : bias.detach().contiguous();
        float[] y = BufferPool.uninitialized(m * out);
        float beta = 0f;
        if (bc != null && m > 0) {
            float[] bd = bc.floatStorage();
            int bo = bc.storageOffset();
            for (int i = 0; i < m; i++) {
                System.arraycopy(bd, bo, y, i * out, out);
            }
            beta = 1f;
        }
        PackedB packed = cache == null ? null : cache.get(weight, wc, m);
        if (packed != null) {
            Gemm.sgemm(false, m, 1f, xc.floatStorage(), xc.storageOffset(), in, packed, beta, y, 0, out);
        } else {
            Gemm.sgemm(false, true, m, out, in, 1f, xc.floatStorage(), xc.storageOffset(), in,
                    wc.floatStorage(), wc.storageOffset(), in, beta, y, 0, out);
        }
        Tensor result = Tensor.wrap(y, m, out);
        return Node.record("linear", result, g -> backward(g, x, weight, bias, xc, wc, m, in, out),
                x, weight, bias);
    }

    private static Tensor[] backward(Tensor g, Tensor x, Tensor weight, Tensor bias, Tensor xc, Tensor wc,
                                     int m, int in, int out) {
        // The incoming gradient may be an expanded or strided view (e.g. from sum()); GEMM needs rows.
        Tensor gc = g.contiguous();
        float[] gd = gc.floatStorage();
        int go = gc.storageOffset();
        Tensor gx = null;
        Tensor gw = null;
        Tensor gb = null;
        if (x.requiresGrad()) {
            float[] dx = BufferPool.uninitialized(m * in);
            Gemm.sgemm(false, false, m, in, out, 1f, gd, go, out, wc.floatStorage(), wc.storageOffset(), in,
                    0f, dx, 0, in);
            gx = Tensor.wrap(dx, m, in);
        }
        if (weight.requiresGrad()) {
            float[] dw = BufferPool.uninitialized(out * in);
            Gemm.sgemm(true, false, out, in, m, 1f, gd, go, out, xc.floatStorage(), xc.storageOffset(), in,
                    0f, dw, 0, in);
            gw = Tensor.wrap(dw, out, in);
        }
        if (bias != null && bias.requiresGrad()) {
            // Rows added in order, so the sum is the same on every run and thread count.
            float[] db = new float[out];
            for (int i = 0; i < m; i++) {
                VectorOps.add(db, 0, gd, go + i * out, db, 0, out);
            }
            gb = Tensor.wrap(db, out);
        }
        return new Tensor[] {gx, gw, gb};
    }
}
