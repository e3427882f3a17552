package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.Node;
import dev.profundo.tensor.Generator;
import dev.profundo.tensor.Tensor;

/** Inverted dropout as one op: the kept-and-scaled mask is drawn once and reused by the backward pass. */
final class DropoutOp {
    private DropoutOp() {}

    static Tensor dropout(Tensor x, double p, boolean training) {
        checkP(p);
        if (!training || p == 0) return x;
        F.requireFloat("dropout", "input", x);
        int n = x.numel();
        float[] u = BufferPool.uninitialized(n);
        Generator.fillUniform(u, 0, 1);
        // Keep with probability 1-p (PyTorch's bernoulli(1-p)); kept values are scaled so the expectation is unchanged.
        float scale = (float) (1.0 / (1.0 - p));
        float[] mask = BufferPool.uninitialized(n);
        for (int i = 0; i < n; i++) mask[i] = u[i] < 1 - p ? scale : 0f;
        float[] xs = x.toFloatArray(), out = BufferPool.uninitialized(n);
        for (int i = 0; i < n; i++) out[i] = xs[i] * mask[i];
        int[] shape = x.shape();
        return Node.record("dropout", Tensor.wrap(out, shape), g -> {
            float[] gs = g.toFloatArray();
            for (int i = 0; i < n; i++) gs[i] *= mask[i];
            return new Tensor[] {Tensor.wrap(gs, shape)};
        }, x);
    }

    static void checkP(double p) {
        if (!(p >= 0 && p < 1))
            throw new IllegalArgumentException("dropout: probability p must be in [0, 1), got " + p);
    }
}
