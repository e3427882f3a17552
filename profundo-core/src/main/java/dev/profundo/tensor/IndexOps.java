package dev.profundo.tensor;

import dev.profundo.autograd.Node;

/** Integer indexing: {@code indexSelect}, {@code gather}, {@code oneHot}, with scatter-add gradients. */
final class IndexOps {
    private IndexOps() {}

    private static long[] indices(String op, Tensor index) {
        if (index.dtype != DType.INT64)
            throw new IllegalArgumentException(op + ": index must be an int64 tensor (Tensor.of(long[], …)), got " + index.dtype);
        return index.toLongArray();
    }

    private static int check(String op, long i, int size, int dim) {
        if (i < -size || i >= size)
            throw new IndexOutOfBoundsException(op + ": index " + i + " is out of range for dim " + dim + " of size " + size);
        return (int) (i < 0 ? i + size : i);
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        if (index.dim() > 1)
            throw new IllegalArgumentException("indexSelect: index must be 0-D or 1-D, got shape " + Shape.format(index.shape));
        int d = Shape.normalizeDim("indexSelect", dim, Math.max(x.shape.length, 1));
        long[] idx = indices("indexSelect", index);
        Tensor c = x.contiguous();
        int[] shape = c.shape.length == 0 ? new int[] {1} : c.shape.clone();
        int outer = 1, n = shape[d], inner = 1;
        for (int i = 0; i < d; i++) outer *= shape[i];
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        int[] pos = new int[idx.length];
        for (int k = 0; k < idx.length; k++) pos[k] = check("indexSelect", idx[k], n, d);
        int[] outShape = shape.clone();
        outShape[d] = idx.length;
        if (c.dtype == DType.INT64) {
            long[] out = new long[outer * idx.length * inner];
            for (int o = 0; o < outer; o++)
                for (int k = 0; k < pos.length; k++)
                    System.arraycopy(c.ldata, c.offset + (o * n + pos[k]) * inner, out, (o * pos.length + k) * inner, inner);
            return Tensor.fresh(out, outShape);
        }
        float[] out = BufferPool.uninitialized(outer * idx.length * inner);
        for (int o = 0; o < outer; o++)
            for (int k = 0; k < pos.length; k++)
                System.arraycopy(c.data, c.offset + (o * n + pos[k]) * inner, out, (o * pos.length + k) * inner, inner);
        int[] inShape = x.shape.clone();
        int fo = outer, fn = n, fi = inner;
        return Node.record("indexSelect", Tensor.fresh(out, outShape), g -> {
            Tensor gc = g.contiguous();
            float[] dx = BufferPool.zeros(fo * fn * fi);
            for (int o = 0; o < fo; o++)
                for (int k = 0; k < pos.length; k++) {
                    int src = gc.offset + (o * pos.length + k) * fi, dst = (o * fn + pos[k]) * fi;
                    for (int j = 0; j < fi; j++) dx[dst + j] += gc.data[src + j];
                }
            return new Tensor[] {Tensor.fresh(dx, inShape)};
        }, x);
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int r = x.shape.length;
        int d = Shape.normalizeDim("gather", dim, r);
        if (index.dim() != r)
            throw new IllegalArgumentException("gather: index has " + index.dim() + " dims but the input has " + r
                    + " (shapes " + Shape.format(index.shape) + " and " + Shape.format(x.shape) + ")");
        for (int i = 0; i < r; i++)
            if (i != d && index.shape[i] > x.shape[i])
                throw new IllegalArgumentException("gather: index shape " + Shape.format(index.shape) + " is larger than input shape "
                        + Shape.format(x.shape) + " at dim " + i);
        long[] idx = indices("gather", index);
        Tensor c = x.to(DType.FLOAT32).contiguous();
        int[] outShape = index.shape.clone();
        int[] xStrides = c.strides;
        int[] oStrides = Shape.contiguousStrides(outShape);
        int total = idx.length;
        int[] flat = new int[total];
        for (int p = 0; p < total; p++) {
            int rem = p, at = 0;
            for (int i = 0; i < r; i++) {
                int coord = rem / oStrides[i];
                rem -= coord * oStrides[i];
                at += (i == d ? check("gather", idx[p], x.shape[d], d) : coord) * xStrides[i];
            }
            flat[p] = at;
        }
        float[] out = BufferPool.zeros(total);
        for (int p = 0; p < total; p++) out[p] = c.data[c.offset + flat[p]];
        int[] inShape = x.shape.clone();
        int n = c.numel();
        return Node.record("gather", Tensor.fresh(out, outShape), g -> {
            Tensor gc = g.contiguous();
            float[] dx = BufferPool.zeros(n);
            for (int p = 0; p < total; p++) dx[flat[p]] += gc.data[gc.offset + p];
            return new Tensor[] {Tensor.fresh(dx, inShape)};
        }, x);
    }

    static Tensor oneHot(Tensor labels, int numClasses) {
        if (numClasses <= 0) throw new IllegalArgumentException("oneHot: numClasses must be positive, got " + numClasses);
        long[] idx = indices("oneHot", labels);
        float[] out = BufferPool.zeros(idx.length * numClasses);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= numClasses)
                throw new IndexOutOfBoundsException("oneHot: class " + idx[i] + " at position " + i + " is outside [0, " + numClasses + ")");
            out[i * numClasses + (int) idx[i]] = 1f;
        }
        int[] shape = java.util.Arrays.copyOf(labels.shape, labels.shape.length + 1);
        shape[shape.length - 1] = numClasses;
        return Tensor.fresh(out, shape);
    }
}
