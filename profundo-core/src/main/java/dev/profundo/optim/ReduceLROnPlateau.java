package dev.profundo.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Cuts the lr by {@code factor} when a metric has stopped improving for more than {@code patience}
 * steps, as PyTorch's {@code ReduceLROnPlateau}. Call {@link #step(double)} once per evaluation with
 * the metric (a validation loss with mode "min", an accuracy with "max"). It is not an
 * {@link LRScheduler}, because each step needs the metric.
 */
public final class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private final boolean maximize;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final boolean relative;
    private final int cooldown;
    private final double minLr;
    private final double eps;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private long lastEpoch;
    private double lastLr;

    /** PyTorch's defaults: mode "min", factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, "min", 0.1, 10, 1e-4);
    }

    /** A schedule for a metric to minimise ("min") or maximise ("max"), with a relative threshold. */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold) {
        this(optimizer, mode, factor, patience, threshold, "rel", 0, 0, 1e-8);
    }

    /**
     * Every PyTorch option: {@code thresholdMode} "rel" (better means beyond best·(1 ± threshold)) or
     * "abs" (beyond best ± threshold); {@code cooldown} steps to wait after a cut; the lr never goes
     * below {@code minLr}; a cut smaller than {@code eps} is skipped.
     */
    public ReduceLROnPlateau(Optimizer optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, double minLr, double eps) {
        if (optimizer == null) throw new IllegalArgumentException("ReduceLROnPlateau: optimizer is null");
        if (!"min".equals(mode) && !"max".equals(mode))
            throw new IllegalArgumentException("ReduceLROnPlateau: mode must be \"min\" or \"max\", got " + quote(mode));
        if (!"rel".equals(thresholdMode) && !"abs".equals(thresholdMode))
            throw new IllegalArgumentException("ReduceLROnPlateau: thresholdMode must be \"rel\" or \"abs\", got "
                    + quote(thresholdMode));
        if (!(factor >= 0 && factor < 1))
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must lie in [0, 1), got " + factor);
        if (patience < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + patience);
        if (cooldown < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + cooldown);
        if (!Double.isFinite(threshold) || !(minLr >= 0) || Double.isInfinite(minLr) || !(eps >= 0))
            throw new IllegalArgumentException("ReduceLROnPlateau: threshold must be finite and minLr, eps finite and >= 0; got "
                    + threshold + ", " + minLr + ", " + eps);
        this.optimizer = optimizer;
        this.maximize = mode.equals("max");
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.relative = thresholdMode.equals("rel");
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        this.lastLr = optimizer.lr();
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    /** Records one value of the metric and cuts the lr if it has not improved for more than {@code patience} steps. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0; // bad epochs during cooldown do not count
        }
        if (numBadEpochs > patience) {
            double old = optimizer.lr();
            double cut = Math.max(old * factor, minLr);
            if (old - cut > eps) optimizer.setLr(cut);
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = optimizer.lr();
    }

    private boolean isBetter(double metric) {
        if (maximize) return relative ? metric > best * (1 + threshold) : metric > best + threshold;
        return relative ? metric < best * (1 - threshold) : metric < best - threshold;
    }

    /** The optimizer's lr after the last step. */
    public double lastLr() {
        return lastLr;
    }

    /** The best metric seen so far (±infinity before the first step). */
    public double best() {
        return best;
    }

    /** Steps since the last improvement (reset by a cut and during cooldown). */
    public int numBadEpochs() {
        return numBadEpochs;
    }

    /** The schedule's position and settings, as numbers (for checkpoints). */
    public Map<String, Double> stateDict() {
        var out = new LinkedHashMap<String, Double>();
        out.put("best", best);
        out.put("num_bad_epochs", (double) numBadEpochs);
        out.put("cooldown_counter", (double) cooldownCounter);
        out.put("last_epoch", (double) lastEpoch);
        out.put("last_lr", lastLr);
        out.putAll(settings());
        return out;
    }

    private Map<String, Double> settings() {
        var s = new LinkedHashMap<String, Double>();
        s.put("mode_max", maximize ? 1.0 : 0.0);
        s.put("factor", factor);
        s.put("patience", (double) patience);
        s.put("threshold", threshold);
        s.put("threshold_rel", relative ? 1.0 : 0.0);
        s.put("cooldown", (double) cooldown);
        s.put("min_lr", minLr);
        s.put("eps", eps);
        return s;
    }

    /** Restores a position saved by {@link #stateDict()} and sets the optimizer's lr to {@code last_lr}. */
    public void loadStateDict(Map<String, Double> state) {
        String op = "ReduceLROnPlateau.loadStateDict";
        Map<String, Double> expected = stateDict();
        if (state == null || !state.keySet().equals(expected.keySet()))
            throw new IllegalArgumentException(op + ": expected keys " + new TreeSet<>(expected.keySet()) + ", got "
                    + (state == null ? "null" : new TreeSet<>(state.keySet())));
        settings().forEach((k, v) -> {
            if (!v.equals(state.get(k)))
                throw new IllegalArgumentException(op + ": the state has " + k + "=" + state.get(k)
                        + " but this schedule has " + k + "=" + v + "; create the schedule with the saved settings");
        });
        int bad = wholeNumber(op, state, "num_bad_epochs");
        int cool = wholeNumber(op, state, "cooldown_counter");
        long epoch = wholeNumber(op, state, "last_epoch");
        double lr = state.get("last_lr");
        optimizer.setLr(lr);
        best = state.get("best");
        numBadEpochs = bad;
        cooldownCounter = cool;
        lastEpoch = epoch;
        lastLr = lr;
    }

    private static int wholeNumber(String op, Map<String, Double> state, String key) {
        double v = state.get(key);
        if (!(v >= 0 && v == Math.rint(v) && v <= Integer.MAX_VALUE))
            throw new IllegalArgumentException(op + ": " + key + " must be a whole number >= 0, got " + v);
        return (int) v;
    }
}
