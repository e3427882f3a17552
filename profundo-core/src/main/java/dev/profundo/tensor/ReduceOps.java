package dev.profundo.tensor;

import dev.profundo.autograd.Node;
import dev.profundo.kernels.VectorOps;

/**
 * Reductions: sums, extremes and their indices, variance and log-sum-exp, over all elements or one
 * dimension. A reduced dimension is handled as the middle of an (outer, n, inner) view of the
 * contiguous input, so each kernel is one loop nest; summation order is fixed, so results are
 * reproducible.
 */
final class ReduceOps {
    private ReduceOps() {}

    static Tensor sumAll(Tensor x) {
        Tensor c = x.to(DType.FLOAT32).contiguous();
        float s = (float) VectorOps.sum(c.data, c.offset, c.numel());
        int[] shape = x.shape.clone();
        return Node.record("sum", Tensor.scalar(s), g -> new Tensor[] {g.reshape(ones(shape.length)).expand(shape)}, x);
    }

    static Tensor sum(Tensor x, int dim, boolean keepDim) {
        Tensor c = x.to(DType.FLOAT32).contiguous();
        int r = c.shape.length;
        int d = Shape.normalizeDim("sum", dim, r);
        if (r == 0) return sumAll(x);
        int outer = 1, n = c.shape[d], inner = 1;
        for (int i = 0; i < d; i++) outer *= c.shape[i];
        for (int i = d + 1; i < r; i++) inner *= c.shape[i];
        float[] src = c.data, out = BufferPool.zeros(outer * inner);
        int base = c.offset;
        for (int o = 0; o < outer; o++) {
            int srow = base + o * n * inner, orow = o * inner;
            if (inner == 1) {
                out[orow] = (float) VectorOps.sum(src, srow, n);
            } else {
                for (int j = 0; j < n; j++) VectorOps.add(out, orow, src, srow + j * inner, out, orow, inner);
            }
        }
        int[] keptShape = c.shape.clone();
        keptShape[d] = 1;
        Tensor y = Tensor.fresh(out, keepDim ? keptShape : dropDim(c.shape, d));
        int[] inShape = x.shape.clone();
        return Node.record("sum", y, g -> new Tensor[] {g.reshape(keptShape).expand(inShape)}, x);
    }

    /** Sums a broadcast gradient back down to {@code shape} (the reverse of broadcasting). */
    static Tensor sumTo(Tensor g, int[] shape) {
        if (Shape.same(g.shape, shape)) return g;
        Tensor t = g;
        int lead = t.shape.length - shape.length;
        for (int i = 0; i < lead; i++) t = t.sum(0, false);
        for (int i = 0; i < shape.length; i++)
            if (shape[i] == 1 && t.shape[i] != 1) t = t.sum(i, true);
        if (!Shape.same(t.shape, shape))
            throw new IllegalStateException("sumTo: cannot reduce gradient of shape " + Shape.format(g.shape) + " to " + Shape.format(shape));
        return t;
    }

    static Tensor extremeAll(Tensor x, boolean max) {
        if (x.numel() == 0) throw new IllegalArgumentException((max ? "max" : "min") + ": the tensor is empty");
        Tensor idx = argAll(x, max);
        Tensor flat = x.reshape(-1);
        return flat.indexSelect(0, idx.reshape(1)).reshape();
    }

    static Tensor extreme(Tensor x, int dim, boolean keepDim, boolean max) {
        String op = max ? "max" : "min";
        x.checkLive(op);
        int d = Shape.normalizeDim(op, dim, x.shape.length);
        if (x.shape.length > 0 && x.shape[d] == 0)
            throw new IllegalArgumentException(op + ": dim " + d + " has size 0 in shape " + Shape.format(x.shape));
        Tensor idx = arg(x, d, true, max);
        Tensor v = x.gather(d, idx);
        return keepDim ? v : v.squeeze(d);
    }

    static Tensor argAll(Tensor x, boolean max) {
        String op = max ? "argmax" : "argmin";
        if (x.numel() == 0) throw new IllegalArgumentException(op + ": the tensor is empty");
        float[] v = x.toFloatArray();
        int best = 0;
        for (int i = 1; i < v.length; i++) if (better(v[i], v[best], max)) best = i;
        return Tensor.fresh(new long[] {best});
    }

    // NaN wins, as in PyTorch; the first of equal values is kept.
    private static boolean better(float candidate, float current, boolean max) {
        if (current != current) return false;
        if (candidate != candidate) return true;
        return max ? candidate > current : candidate < current;
    }

    static Tensor arg(Tensor x, int dim, boolean keepDim, boolean max) {
        String op = max ? "argmax" : "argmin";
        Tensor c = x.to(DType.FLOAT32).contiguous();
        int r = c.shape.length;
        int d = Shape.normalizeDim(op, dim, r);
        if (r == 0) return Tensor.fresh(new long[] {0});
        int outer = 1, n = c.shape[d], inner = 1;
        if (n == 0) throw new IllegalArgumentException(op + ": dim " + d + " has size 0");
        for (int i = 0; i < d; i++) outer *= c.shape[i];
        for (int i = d + 1; i < r; i++) inner *= c.shape[i];
        float[] src = c.data;
        long[] out = new long[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < inner; k++) {
                int base = c.offset + o * n * inner + k, best = 0;
                for (int j = 1; j < n; j++) if (better(src[base + j * inner], src[base + best * inner], max)) best = j;
                out[o * inner + k] = best;
            }
        int[] keptShape = c.shape.clone();
        keptShape[d] = 1;
        return Tensor.fresh(out, keepDim ? keptShape : dropDim(c.shape, d));
    }

    static Tensor variance(Tensor x, Integer dim, boolean keepDim, boolean unbiased) {
        Tensor xs = dim == null ? x.reshape(-1) : x;
        int d = dim == null ? 0 : Shape.normalizeDim("var", dim, x.shape.length);
        int n = xs.shape.length == 0 ? 1 : xs.shape[d];
        Tensor centered = xs.sub(xs.mean(d, true));
        Tensor ss = centered.square().sum(d, dim != null && keepDim);
        return ss.div(Math.max(unbiased ? n - 1 : n, 0));
    }

    static Tensor logSumExp(Tensor x, int dim, boolean keepDim) {
        int d = Shape.normalizeDim("logSumExp", dim, x.shape.length);
        Tensor m;
        try (var _ = Tensor.noGrad()) {
            m = x.detach().max(d, true);
            // A row of -inf would give -inf - -inf = NaN; shift such rows by 0 instead.
            float[] mv = m.data;
            for (int i = 0; i < mv.length; i++) if (Float.isInfinite(mv[i])) mv[i] = 0f;
        }
        Tensor out = x.sub(m).exp().sum(d, true).log().add(m);
        return keepDim ? out : out.squeeze(d);
    }

    static int[] dropDim(int[] shape, int d) {
        int[] out = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) if (i != d) out[j++] = shape[i];
        return out;
    }

    private static int[] ones(int rank) {
        int[] s = new int[rank];
        java.util.Arrays.fill(s, 1);
        return s;
    }
}
