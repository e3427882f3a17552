package dev.profundo.tensor;

import java.util.Locale;

/**
 * PyTorch-style printing of tensor values, eliding the middle of large dimensions. As in PyTorch,
 * one notation is chosen for the whole tensor (whole numbers, fixed with four decimals, or
 * scientific) and every element is right-aligned to the widest one, so columns line up.
 */
final class TensorFormat {
    private static final int EDGE = 3;
    private static final int SUMMARIZE_ABOVE = 1000;

    private enum Mode { INT64, WHOLE, FIXED, SCIENTIFIC }

    private TensorFormat() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        boolean summarize = t.numel() > SUMMARIZE_ABOVE;
        Mode mode = mode(t);
        int width = maxWidth(t, 0, new int[t.shape.length], summarize, mode);
        append(sb, t, 0, new int[t.shape.length], summarize, mode, width, "tensor(".length());
        if (t.numel() == 0) sb.append(", size=").append(Shape.format(t.shape));
        // Like PyTorch, int64 values print without a decimal point, so only an empty one names its dtype.
        if (t.dtype == DType.INT64 && t.numel() == 0) sb.append(", dtype=int64");
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    /** PyTorch's choice: scientific when the finite non-zero magnitudes span over 1000x or leave [1e-4, 1e8). */
    private static Mode mode(Tensor t) {
        if (t.dtype == DType.INT64) return Mode.INT64;
        if (t.numel() == 0 || t.numel() > 100_000) return Mode.FIXED;
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        boolean whole = true;
        for (float v : t.toFloatArray()) {
            if (!Float.isFinite(v)) continue;
            if (v != Math.rint(v)) whole = false;
            double a = Math.abs(v);
            if (a != 0) {
                lo = Math.min(lo, a);
                hi = Math.max(hi, a);
            }
        }
        if (whole) return hi >= 1e8 ? Mode.SCIENTIFIC : Mode.WHOLE;
        if (hi > 0 && (hi / lo > 1000 || hi >= 1e8 || lo < 1e-4)) return Mode.SCIENTIFIC;
        return Mode.FIXED;
    }

    private static int maxWidth(Tensor t, int dim, int[] index, boolean summarize, Mode mode) {
        if (dim == t.shape.length) return value(t, index, mode).length();
        int n = t.shape[dim], w = 0;
        for (int i = 0; i < n; i++) {
            if (summarize && n > 2 * EDGE && i == EDGE) i = n - EDGE;
            index[dim] = i;
            w = Math.max(w, maxWidth(t, dim + 1, index, summarize, mode));
        }
        return w;
    }

    private static void append(StringBuilder sb, Tensor t, int dim, int[] index, boolean summarize, Mode mode,
                               int width, int indent) {
        if (dim == t.shape.length) {
            String v = value(t, index, mode);
            sb.append(" ".repeat(width - v.length())).append(v);
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
            append(sb, t, dim + 1, index, summarize, mode, width, indent);
            if (i < n - 1) {
                if (dim == t.shape.length - 1) sb.append(", ");
                else sb.append(",").append("\n".repeat(t.shape.length - dim - 1)).append(" ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    private static String value(Tensor t, int[] index, Mode mode) {
        double v = t.get(index);
        if (mode == Mode.INT64) return Long.toString((long) v);
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        return switch (mode) {
            case WHOLE -> String.format(Locale.ROOT, "%.0f.", v);
            case SCIENTIFIC -> String.format(Locale.ROOT, "%.4e", v);
            default -> String.format(Locale.ROOT, "%.4f", v);
        };
    }
}
