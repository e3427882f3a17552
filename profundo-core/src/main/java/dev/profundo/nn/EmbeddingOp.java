package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.autograd.Node;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;

/** Row lookup with a scatter-add backward that skips the padding row. */
final class EmbeddingOp {
    private EmbeddingOp() {}

    /** {@code paddingIdx} is a row in [0, num) or -1 for none. */
    static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        if (indices.dtype() != DType.INT64)
            throw new IllegalArgumentException("embedding: indices must be int64 (Tensor.of(long[], …)), got "
                    + indices.dtype() + " " + Shape.format(indices.shape()));
        F.requireFloat("embedding", "weight", weight);
        if (weight.dim() != 2)
            throw new IllegalArgumentException("embedding: weight must be 2-D [num, dim], got shape " + Shape.format(weight.shape()));
        int num = weight.size(0), dim = weight.size(1);
        long[] idx = indices.toLongArray();
        int[] rows = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= num)
                throw new IllegalArgumentException("embedding: index " + idx[i] + " at position " + i + " is out of range for "
                        + num + " embeddings (valid 0 to " + (num - 1) + ")");
            rows[i] = (int) idx[i];
        }
        Tensor wc = weight.contiguous();
        float[] w = wc.floatStorage();
        int wo = wc.storageOffset();
        float[] out = BufferPool.zeros(rows.length * dim);
        for (int i = 0; i < rows.length; i++) System.arraycopy(w, wo + rows[i] * dim, out, i * dim, dim);
        int[] outShape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        outShape[outShape.length - 1] = dim;
        int[] wShape = weight.shape();
        return Node.record("embedding", Tensor.wrap(out, outShape), g -> {
            Tensor gc = g.contiguous();
            float[] gs = gc.floatStorage();
            int go = gc.storageOffset();
            float[] dw = BufferPool.zeros(num * dim);
            for (int i = 0; i < rows.length; i++) {
                if (rows[i] == paddingIdx) continue;
                int src = go + i * dim, dst = rows[i] * dim;
                for (int j = 0; j < dim; j++) dw[dst + j] += gs[src + j];
            }
            return new Tensor[] {Tensor.wrap(dw, wShape)};
        }, weight);
    }
}
