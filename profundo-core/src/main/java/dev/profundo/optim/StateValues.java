package dev.profundo.optim;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

import java.util.List;
import java.util.Map;

/** Reads and checks the entries of an optimizer state dict, collecting problems instead of throwing. */
final class StateValues {
    private StateValues() {}

    /** A {@code state.<index>.<buffer>} key, split. */
    record StateKey(int index, String buffer) {}

    /**
     * The value of a one-number entry; a float32 value that equals {@code current} at float32
     * precision returns {@code current} itself, because float32 cannot hold the exact double.
     */
    static double readScalar(Map<String, Tensor> state, String key, double current, List<String> problems) {
        Tensor t = oneNumber(state, key, problems);
        if (t == null) return current;
        double v = t.item();
        if (!Double.isFinite(v)) {
            problems.add("'" + key + "' is " + v + ", not a finite number");
            return current;
        }
        if (t.dtype() == DType.FLOAT32 && (float) current == (float) v) return current;
        return v;
    }

    /** The value of a one-number entry that must be a whole number >= 0 (a step count). */
    static long readCount(Map<String, Tensor> state, String key, List<String> problems) {
        Tensor t = oneNumber(state, key, problems);
        if (t == null) return 0;
        if (t.dtype() == DType.INT64) {
            long v = t.toLongArray()[0];
            if (v >= 0) return v;
        } else {
            double v = t.item();
            if (v >= 0 && v == Math.rint(v) && v < 0x1p53) return (long) v;
        }
        problems.add("'" + key + "' must be a whole number >= 0, got " + t.item());
        return 0;
    }

    /** A copy of a buffer's values after checking its dtype and that its shape is the parameter's. */
    static float[] readBuffer(String key, Tensor t, Tensor param, List<String> problems) {
        if (t == null) {
            problems.add("'" + key + "' is null");
            return null;
        }
        if (t.dtype() != DType.FLOAT32) {
            problems.add("'" + key + "' is " + t.dtype() + ", expected FLOAT32");
            return null;
        }
        if (!Shape.same(t.shape(), param.shape())) {
            problems.add("'" + key + "' has shape " + Shape.format(t.shape()) + " but its parameter has shape "
                    + Shape.format(param.shape()));
            return null;
        }
        return t.toFloatArray();
    }

    /** Splits {@code state.<i>.<buffer>}; null (with a problem noted) for any other form or an index out of range. */
    static StateKey parseStateKey(String key, int paramCount, List<String> problems) {
        int dot = key.startsWith("state.") ? key.indexOf('.', 6) : -1;
        if (dot < 0 || dot == key.length() - 1) {
            problems.add("unknown key '" + key + "'");
            return null;
        }
        int index;
        try {
            index = Integer.parseInt(key.substring(6, dot));
        } catch (NumberFormatException e) {
            problems.add("'" + key + "' does not name a parameter index");
            return null;
        }
        if (index < 0 || index >= paramCount) {
            problems.add("'" + key + "' refers to parameter " + index + " but the optimizer has "
                    + paramCount + " parameters (0.." + (paramCount - 1) + ")");
            return null;
        }
        return new StateKey(index, key.substring(dot + 1));
    }

    private static Tensor oneNumber(Map<String, Tensor> state, String key, List<String> problems) {
        Tensor t = state.get(key);
        if (t == null) {
            problems.add("missing key '" + key + "'");
            return null;
        }
        if (t.numel() != 1) {
            problems.add("'" + key + "' must hold one number, got shape " + Shape.format(t.shape()));
            return null;
        }
        return t;
    }
}
