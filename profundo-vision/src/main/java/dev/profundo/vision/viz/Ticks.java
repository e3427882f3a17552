package dev.profundo.vision.viz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** "Nice" axis ranges and tick values (steps of 1, 2 or 5 times a power of ten) and their labels. */
final class Ticks {
    private Ticks() {}

    /** About {@code target} tick values covering [lo, hi], and the widened range they span. */
    record Scale(double lo, double hi, double step, List<Double> values) {
        /** The tick label of {@code v}, with as many decimals as the step needs. */
        String label(double v) {
            return format(v, step);
        }
    }

    /** As {@link #nice(double, double, int)}, with a step of at least 1 when {@code integers} (epochs, counts). */
    static Scale nice(double lo, double hi, int target, boolean integers) {
        Scale s = nice(lo, hi, target);
        if (!integers || s.step() >= 1) return s;
        double start = Math.floor(lo), end = Math.max(Math.ceil(hi), start + 1);
        List<Double> values = new ArrayList<>();
        for (double v = start; v <= end; v++) values.add(v);
        return new Scale(start, end, 1, values);
    }

    static Scale nice(double lo, double hi, int target) {
        if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
            lo = 0;
            hi = 1;
        }
        if (hi < lo) {
            double t = lo;
            lo = hi;
            hi = t;
        }
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / Math.max(1, target));
        double start = Math.floor(lo / step + 1e-9) * step, end = Math.ceil(hi / step - 1e-9) * step;
        List<Double> values = new ArrayList<>();
        for (int i = 0; start + i * step <= end + step * 1e-6 && i < 1000; i++) values.add(clean(start + i * step, step));
        return new Scale(start, end, step, values);
    }

    /** Ticks that stay inside [lo, hi] (the range is not widened): for colour bars and fixed ranges. */
    static Scale inside(double lo, double hi, int target) {
        Scale s = nice(lo, hi, target);
        List<Double> in = new ArrayList<>();
        for (double v : s.values()) if (v >= lo - s.step() * 1e-6 && v <= hi + s.step() * 1e-6) in.add(v);
        return new Scale(lo, hi, s.step(), in);
    }

    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10) * mag;
    }

    private static double clean(double v, double step) {
        if (Math.abs(v) < step * 1e-9) return 0;
        // 3 x 0.2 is 0.6000000000000001 in binary: snap to the step's decimal grid.
        double scale = Math.pow(10, Math.max(0, Math.ceil(-Math.log10(step))) + 3);
        return Math.abs(v) < 1e9 ? Math.round(v * scale) / scale : v;
    }

    /** {@code v} with the decimals that distinguish multiples of {@code step}; large or tiny values in short scientific form. */
    static String format(double v, double step) {
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e5 || step < 1e-3) {
            int digits = (int) Math.max(0, Math.min(6, Math.ceil(Math.log10(a / step) - 1e-9)));
            return String.format(Locale.ROOT, "%." + digits + "e", v).replace("e-0", "e-").replace("e+0", "e");
        }
        if (a >= 1e4 && step >= 1000) return String.format(Locale.ROOT, "%,.0f", v);
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }
}
