package dev.profundo.data;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;

/**
 * A dataset held in tensors: sample {@code i} is {@code x[i]} with target {@code y[i]}. Batches
 * are gathered with one array copy per sample, straight from the storage.
 */
public final class TensorDataset implements Dataset {
    private final Tensor x;
    private final Tensor y;
    private final int n;

    /** An unlabeled dataset: {@code y} of every example and batch is null. */
    public TensorDataset(Tensor x) {
        this(x, null, true);
    }

    /**
     * A labeled dataset; {@code x} and {@code y} must have the same first dimension. Views are
     * fine: each is made contiguous once here.
     */
    public TensorDataset(Tensor x, Tensor y) {
        this(x, y, false);
    }

    private TensorDataset(Tensor x, Tensor y, boolean unlabeled) {
        if (x == null) throw new IllegalArgumentException("TensorDataset: x is null");
        if (y == null && !unlabeled)
            throw new IllegalArgumentException("TensorDataset: y is null (use new TensorDataset(x) for unlabeled data)");
        if (x.dim() == 0) throw new IllegalArgumentException("TensorDataset: x must have a sample dimension, but it is 0-d");
        if (y != null && y.dim() == 0)
            throw new IllegalArgumentException("TensorDataset: y must have a sample dimension, but it is 0-d");
        if (y != null && y.size(0) != x.size(0))
            throw new IllegalArgumentException("TensorDataset: x has shape " + Arrays.toString(x.shape()) + " and y has shape "
                    + Arrays.toString(y.shape()) + "; their first dims (number of samples) must match");
        this.x = x.detach().contiguous();
        this.y = y == null ? null : y.detach().contiguous();
        this.n = x.size(0);
    }

    @Override
    public int size() { return n; }

    /** The inputs, contiguous, of shape (N, ...). */
    public Tensor x() { return x; }

    /** The targets, contiguous, of shape (N, ...), or null when unlabeled. */
    public Tensor y() { return y; }

    @Override
    public Example get(int index) {
        checkIndex(index);
        return new Example(row(x, index), y == null ? null : row(y, index));
    }

    @Override
    public Batch getBatch(int[] indices) {
        if (indices.length == 0) throw new IllegalArgumentException("TensorDataset.getBatch: no indices given");
        for (int i : indices) checkIndex(i);
        return new Batch(gather(x, indices), y == null ? null : gather(y, indices));
    }

    private void checkIndex(int i) {
        if (i < 0 || i >= n)
            throw new IndexOutOfBoundsException("TensorDataset: index " + i + " is out of range for " + n + " samples");
    }

    private static Tensor row(Tensor t, int i) {
        int[] s = t.shape();
        return copyRows(t, new int[] {i}, Arrays.copyOfRange(s, 1, s.length));
    }

    private static Tensor gather(Tensor t, int[] indices) {
        int[] shape = t.shape();
        shape[0] = indices.length;
        return copyRows(t, indices, shape);
    }

    /** Rows {@code indices} of a contiguous tensor, copied into a new tensor of {@code shape}. */
    private static Tensor copyRows(Tensor t, int[] indices, int[] shape) {
        int rowLen = t.size(0) == 0 ? 0 : t.numel() / t.size(0);
        int base = t.storageOffset();
        if (t.dtype() == DType.FLOAT32) {
            float[] src = t.floatStorage();
            float[] out = new float[Math.multiplyExact(indices.length, rowLen)];
            for (int b = 0; b < indices.length; b++)
                System.arraycopy(src, base + indices[b] * rowLen, out, b * rowLen, rowLen);
            return Tensor.wrap(out, shape);
        }
        long[] src = t.longStorage();
        long[] out = new long[Math.multiplyExact(indices.length, rowLen)];
        for (int b = 0; b < indices.length; b++)
            System.arraycopy(src, base + indices[b] * rowLen, out, b * rowLen, rowLen);
        return Tensor.wrap(out, shape);
    }
}
