package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.Node;
import dev.profundo.kernels.Parallel;
import dev.profundo.kernels.VectorOps;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * {@code relu(a + b)} in one pass each way, the end of a residual block: one output array instead
 * of two, and one gradient, shared by both inputs, instead of two. Tensors of different shapes or
 * types take the two ordinary ops, with the same result.
 */
final class AddRelu {
    private AddRelu() {}

    static Tensor apply(Tensor a, Tensor b) {
        if (!Shape.same(a.shape(), b.shape()) || a.dtype() != DType.FLOAT32 || b.dtype() != DType.FLOAT32)
            return a.add(b).relu();
        Tensor ac = a.contiguous(), bc = b.contiguous();
        float[] as = ac.floatStorage(), bs = bc.floatStorage();
        int ao = ac.storageOffset(), bo = bc.storageOffset(), n = a.numel();
        float[] out = BufferPool.uninitialized(n);
        parallel(n, (s, e) -> VectorOps.addRelu(as, ao + s, bs, bo + s, out, s, e - s));
        Tensor y = Tensor.wrap(out, a.shape());
        return Node.record("addRelu", y, g -> {
            Tensor gc = g.contiguous();
            float[] gs = gc.floatStorage(), dx = BufferPool.uninitialized(n);
            int go = gc.storageOffset();
            parallel(n, (s, e) -> VectorOps.reluBackward(out, s, gs, go + s, dx, s, e - s));
            Tensor d = Tensor.wrap(dx, a.shape());
            return new Tensor[] {d, d};
        }, a, b);
    }

    private static void parallel(int n, Parallel.RangeBody body) {
        if (n < 1 << 15) body.run(0, n);
        else Parallel.forRange(n, 1 << 14, body);
    }
}
