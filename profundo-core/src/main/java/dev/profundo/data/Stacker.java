package dev.profundo.data;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;

/** Stacks single examples into a batch: the generic path behind {@link Dataset#getBatch}. */
final class Stacker {
    private Stacker() {}

    static Batch stack(Dataset ds, int[] indices) {
        if (indices.length == 0) throw new IllegalArgumentException("getBatch: no indices given");
        var examples = new Example[indices.length];
        for (int b = 0; b < indices.length; b++) {
            int i = indices[b];
            if (i < 0 || i >= ds.size())
                throw new IndexOutOfBoundsException("getBatch: index " + i + " is out of range for a dataset of " + ds.size());
            examples[b] = ds.get(i);
            if (examples[b] == null) throw new IllegalStateException("getBatch: dataset returned null for index " + i);
        }
        Tensor x = stackPart(examples, indices, true);
        boolean labeled = false;
        for (Example e : examples) labeled |= e.y() != null;
        Tensor y = labeled ? stackPart(examples, indices, false) : null; // a partly labeled batch fails in stackPart
        return new Batch(x, y);
    }

    private static Tensor stackPart(Example[] examples, int[] indices, boolean isX) {
        String part = isX ? "x" : "y";
        Tensor first = isX ? examples[0].x() : examples[0].y();
        if (first == null)
            throw new IllegalArgumentException("getBatch: example " + indices[0] + " has no y but others have one");
        int[] shape = first.shape();
        int row = first.numel();
        int[] out = new int[shape.length + 1];
        out[0] = examples.length;
        System.arraycopy(shape, 0, out, 1, shape.length);
        boolean isFloat = first.dtype() == DType.FLOAT32;
        float[] f = isFloat ? new float[Math.multiplyExact(row, examples.length)] : null;
        long[] l = isFloat ? null : new long[Math.multiplyExact(row, examples.length)];
        for (int b = 0; b < examples.length; b++) {
            Tensor t = isX ? examples[b].x() : examples[b].y();
            if (t == null || !Arrays.equals(t.shape(), shape) || t.dtype() != first.dtype())
                throw new IllegalArgumentException("getBatch: example " + indices[b] + " has " + part + " "
                        + describe(t) + " but example " + indices[0] + " has " + describe(first)
                        + "; a batch needs equal shapes and dtypes (resize or pad the samples)");
            if (isFloat) System.arraycopy(t.toFloatArray(), 0, f, b * row, row);
            else System.arraycopy(t.toLongArray(), 0, l, b * row, row);
        }
        return isFloat ? Tensor.wrap(f, out) : Tensor.wrap(l, out);
    }

    private static String describe(Tensor t) {
        return t == null ? "null" : t.dtype() + " " + Arrays.toString(t.shape());
    }
}
