package dev.profundo.tensor;

import dev.profundo.autograd.Node;
import dev.profundo.kernels.Gemm;
import dev.profundo.kernels.Parallel;

/**
 * Matrix multiplication with PyTorch's rules (1-D operands are promoted and the added dim removed;
 * batch dims broadcast). Each matrix goes to {@link Gemm} in place: a transposed view becomes a
 * transpose flag, never a copy.
 */
final class MatmulOp {
    private MatmulOp() {}

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.dtype != DType.FLOAT32 || b.dtype != DType.FLOAT32)
            throw new IllegalArgumentException("matmul: expects float32 tensors, got " + a.dtype + " and " + b.dtype);
        if (a.dim() == 0 || b.dim() == 0)
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dimension, got shapes "
                    + Shape.format(a.shape) + " and " + Shape.format(b.shape) + " (use mul for scalars)");
        Tensor a2 = a.dim() == 1 ? a.detach().unsqueeze(0) : a.detach();
        Tensor b2 = b.dim() == 1 ? b.detach().unsqueeze(1) : b.detach();
        int m = a2.shape[a2.dim() - 2], k = a2.shape[a2.dim() - 1];
        int k2 = b2.shape[b2.dim() - 2], n = b2.shape[b2.dim() - 1];
        if (k != k2)
            throw new IllegalArgumentException("matmul: shapes " + Shape.format(a.shape) + " and " + Shape.format(b.shape)
                    + " do not align (" + k + " != " + k2 + ")");
        int[] batchA = java.util.Arrays.copyOf(a2.shape, a2.dim() - 2);
        int[] batchB = java.util.Arrays.copyOf(b2.shape, b2.dim() - 2);
        int[] batch = Shape.broadcast("matmul", batchA, batchB);
        int[] full = java.util.Arrays.copyOf(batch, batch.length + 2);
        full[batch.length] = m;
        full[batch.length + 1] = n;
        float[] out = multiply(a2, b2, batch, m, n, k);

        int[] outShape;
        if (a.dim() == 1 && b.dim() == 1) outShape = new int[0];
        else if (a.dim() == 1) outShape = dropAt(full, full.length - 2);
        else if (b.dim() == 1) outShape = dropAt(full, full.length - 1);
        else outShape = full;
        Tensor y = Tensor.fresh(out, outShape);
        int[] aShape = a.shape.clone(), bShape = b.shape.clone();
        int[] a2Shape = a2.shape.clone(), b2Shape = b2.shape.clone();
        return Node.record("matmul", y, g -> {
            Tensor g2 = g.reshape(full);
            Tensor ga = a.requiresGrad()
                    ? ReduceOps.sumTo(g2.matmul(b2.transpose(-2, -1)), a2Shape).reshape(aShape) : null;
            Tensor gb = b.requiresGrad()
                    ? ReduceOps.sumTo(a2.transpose(-2, -1).matmul(g2), b2Shape).reshape(bShape) : null;
            return new Tensor[] {ga, gb};
        }, a, b);
    }

    private static float[] multiply(Tensor a, Tensor b, int[] batch, int m, int n, int k) {
        int batches = Shape.numel(batch);
        float[] out = BufferPool.uninitialized(batches * m * n);
        if (out.length == 0) return out;
        int[] sa = batchStrides(a, batch), sb = batchStrides(b, batch);
        Layout la = Layout.of(a), lb = Layout.of(b);
        Tensor ac = la == null ? a.contiguous() : a, bc = lb == null ? b.contiguous() : b;
        Layout fa = la == null ? Layout.of(ac) : la, fb = lb == null ? Layout.of(bc) : lb;
        int[] saUse = la == null ? batchStrides(ac, batch) : sa, sbUse = lb == null ? batchStrides(bc, batch) : sb;
        Parallel.RangeBody body = (s, e) -> {
            for (int i = s; i < e; i++) {
                int offA = ac.offset, offB = bc.offset, rem = i;
                for (int d = batch.length - 1; d >= 0; d--) {
                    int coord = rem % batch[d];
                    rem /= batch[d];
                    offA += coord * saUse[d];
                    offB += coord * sbUse[d];
                }
                Gemm.sgemm(fa.trans, fb.trans, m, n, k, 1f, ac.data, offA, fa.ld, bc.data, offB, fb.ld, 0f, out, i * m * n, n);
            }
        };
        // Many small matrices (attention heads): spread batches over cores; few large ones: GEMM is parallel inside.
        if (batches > 1 && (long) m * n * k < 64L * 64 * 64) Parallel.forRange(batches, 1, body);
        else body.run(0, batches);
        return out;
    }

    /** How a 2-D matrix view maps to GEMM: transposed or not, and its leading dimension. */
    private record Layout(boolean trans, int ld) {
        static Layout of(Tensor t) {
            int r = t.dim();
            int rows = t.shape[r - 2], cols = t.shape[r - 1];
            int s0 = t.strides[r - 2], s1 = t.strides[r - 1];
            if ((s1 == 1 || cols == 1) && s0 >= Math.max(cols, 1)) return new Layout(false, Math.max(s0, 1));
            if ((s0 == 1 || rows == 1) && s1 >= Math.max(rows, 1)) return new Layout(true, Math.max(s1, 1));
            if (rows == 1 && cols == 1) return new Layout(false, 1);
            return null;
        }
    }

    private static int[] batchStrides(Tensor t, int[] batch) {
        int tb = t.dim() - 2;
        int[] s = new int[batch.length];
        for (int i = 0; i < tb; i++) {
            int o = i + batch.length - tb;
            s[o] = t.shape[i] == 1 ? 0 : t.strides[i];
        }
        return s;
    }

    private static int[] dropAt(int[] shape, int i) {
        return ReduceOps.dropDim(shape, i);
    }
}
