package dev.profundo.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the tensor ops: element counts, strides, broadcasting, dim checks. */
public final class Shape {
    private Shape() {}

    /** Number of elements of a shape; throws on negative sizes or int overflow. */
    public static int numel(int... shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) throw new IllegalArgumentException("negative dimension " + s + " in shape " + format(shape));
            n *= s;
            if (n > Integer.MAX_VALUE - 16)
                throw new IllegalArgumentException("shape " + format(shape) + " has too many elements for one tensor");
        }
        return (int) n;
    }

    /** Like {@link #numel(int...)}, but an invalid shape's message starts with the op's name. */
    public static int numel(String op, int... shape) {
        try {
            return numel(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": " + e.getMessage(), e);
        }
    }

    /** Row-major (C-order) strides of a contiguous tensor of this shape. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            strides[i] = s;
            s *= Math.max(shape[i], 1);
        }
        return strides;
    }

    /** The NumPy broadcast of two shapes, or an error naming the op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + format(a) + " and " + format(b)
                        + " cannot be broadcast (dim " + i + ": " + da + " vs " + db + ")");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Turns a possibly negative dim into an index in [0, rank), or throws naming the op. */
    public static int normalizeDim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r)
            throw new IllegalArgumentException(op + ": dim " + dim + " is out of range for a tensor with "
                    + rank + " dimension" + (rank == 1 ? "" : "s") + " (expected -" + r + " to " + (r - 1) + ")");
        return dim < 0 ? dim + r : dim;
    }

    /** PyTorch-style text of a shape, e.g. {@code [32, 784]}. */
    public static String format(int... shape) {
        return Arrays.toString(shape);
    }

    /** True when both shapes are equal. */
    public static boolean same(int[] a, int[] b) {
        return Arrays.equals(a, b);
    }
}
