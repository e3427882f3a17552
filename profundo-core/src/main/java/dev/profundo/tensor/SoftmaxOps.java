package dev.profundo.tensor;

import dev.profundo.autograd.Node;
import dev.profundo.kernels.Parallel;

/**
 * Softmax and log-softmax along one dimension in a single stable pass per row (max-shifted),
 * with fused backward rules: softmax {@code dx = y(g - Σ g·y)}, log-softmax {@code dx = g - e^y Σ g}.
 */
final class SoftmaxOps {
    private SoftmaxOps() {}

    static Tensor softmax(Tensor x, int dim, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        Tensor c = x.to(DType.FLOAT32).contiguous();
        int r = c.shape.length;
        int d = Shape.normalizeDim(op, dim, r);
        int[] shape = c.shape.clone();
        int outer = 1, n = r == 0 ? 1 : shape[d], inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < r; i++) inner *= shape[i];
        float[] src = c.data, out = BufferPool.uninitialized(c.numel());
        int base = c.offset, fn = n, fi = inner;
        Parallel.forRange(outer * inner, Math.max(1, 4096 / Math.max(n, 1)), (s, e) -> {
            for (int row = s; row < e; row++) {
                int o = row / fi, k = row % fi;
                int start = o * fn * fi + k;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < fn; j++) m = Math.max(m, src[base + start + j * fi]);
                if (Float.isInfinite(m)) m = 0f;
                double sum = 0;
                for (int j = 0; j < fn; j++) {
                    float z = src[base + start + j * fi] - m;
                    float ez = (float) Math.exp(z);
                    sum += ez;
                    out[start + j * fi] = log ? z : ez;
                }
                if (log) {
                    float ls = (float) Math.log(sum);
                    for (int j = 0; j < fn; j++) out[start + j * fi] -= ls;
                } else {
                    float inv = (float) (1.0 / sum);
                    for (int j = 0; j < fn; j++) out[start + j * fi] *= inv;
                }
            }
        });
        Tensor y = Tensor.fresh(out, shape);
        int fo = outer;
        return Node.record(op, y, g -> new Tensor[] {backward(y, g.contiguous(), fo, fn, fi, log)}, x);
    }

    private static Tensor backward(Tensor y, Tensor g, int outer, int n, int inner, boolean log) {
        float[] ys = y.data, gs = g.data, dx = BufferPool.uninitialized(y.numel());
        int go = g.offset;
        Parallel.forRange(outer * inner, Math.max(1, 4096 / Math.max(n, 1)), (s, e) -> {
            for (int row = s; row < e; row++) {
                int o = row / inner, k = row % inner;
                int start = o * n * inner + k;
                double acc = 0;
                if (log) {
                    for (int j = 0; j < n; j++) acc += gs[go + start + j * inner];
                    for (int j = 0; j < n; j++) {
                        int p = start + j * inner;
                        dx[p] = (float) (gs[go + p] - Math.exp(ys[p]) * acc);
                    }
                } else {
                    for (int j = 0; j < n; j++) acc += (double) gs[go + start + j * inner] * ys[start + j * inner];
                    for (int j = 0; j < n; j++) {
                        int p = start + j * inner;
                        dx[p] = (float) (ys[p] * (gs[go + p] - acc));
                    }
                }
            }
        });
        return Tensor.fresh(dx, y.shape.clone());
    }
}
