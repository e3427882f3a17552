package dev.profundo.tensor;

import java.util.Locale;

/** PyTorch-style printing of tensor values, eliding the middle of large dimensions. */
final class TensorFormat {
    private static final int EDGE = 3;
    private static final int SUMMARIZE_ABOVE = 1000;

    private TensorFormat() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean summarize = t.numel() > SUMMARIZE_ABOVE;
        boolean ints = t.dtype == DType.INT64 || allIntegral(t);
        int[] index = new int[t.shape.length];
        append(sb, t, 0, index, summarize, ints, "tensor(".length());
        if (t.numel() == 0) sb.append(", size=").append(Shape.format(t.shape));
        if (t.dtype == DType.INT64) sb.append(", dtype=int64");
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    private static boolean allIntegral(Tensor t) {
        if (t.numel() == 0 || t.numel() > 10_000) return false;
        for (float v : t.toFloatArray()) if (v != Math.rint(v) || Float.isInfinite(v)) return false;
        return true;
    }

    private static void append(StringBuilder sb, Tensor t, int dim, int[] index, boolean summarize, boolean ints, int indent) {
        if (dim == t.shape.length) {
            sb.append(value(t, index, ints));
            return;
        }
        sb.append('[');
        int n = t.shape[dim];
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) {
                sb.append("...");
                i = n - EDGE - 1;
                sb.append(dim == t.shape.length - 1 ? ", " : ",\n" + " ".repeat(indent + dim + 1));
                continue;
            }
            index[dim] = i;
            append(sb, t, dim + 1, index, summarize, ints, indent);
            if (i < n - 1) {
                if (dim == t.shape.length - 1) sb.append(", ");
                else sb.append(",").append("\n".repeat(t.shape.length - dim - 1)).append(" ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    private static String value(Tensor t, int[] index, boolean ints) {
        double v = t.get(index);
        if (t.dtype == DType.INT64) return Long.toString((long) v);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (ints) return String.format(Locale.ROOT, "%.0f.", v);
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-4 || a >= 1e8)) return String.format(Locale.ROOT, "%.4e", v);
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
