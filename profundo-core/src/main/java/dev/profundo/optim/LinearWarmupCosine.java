package dev.profundo.optim;

import java.util.Map;

/**
 * Linear warm-up then cosine decay, the usual transformer schedule (as in nanoGPT): for
 * {@code t < warmupSteps}, {@code lr = baseLr·(t+1)/(warmupSteps+1)} (a small first lr, rising in
 * equal steps); from {@code warmupSteps} to {@code totalSteps}, cosine from {@code baseLr} down to
 * {@code minLr}; after {@code totalSteps}, {@code minLr}. {@code baseLr} is the optimizer's lr at creation.
 */
public final class LinearWarmupCosine extends EpochSchedule {
    private final int warmupSteps;
    private final int totalSteps;
    private final double minLr;

    /** Warms up over {@code warmupSteps} (>= 0) steps and decays to {@code minLr} at {@code totalSteps} (> warmupSteps). */
    public LinearWarmupCosine(Optimizer optimizer, int warmupSteps, int totalSteps, double minLr) {
        super(optimizer);
        if (warmupSteps < 0)
            throw new IllegalArgumentException("LinearWarmupCosine: warmupSteps must be >= 0, got " + warmupSteps);
        if (totalSteps <= warmupSteps)
            throw new IllegalArgumentException("LinearWarmupCosine: totalSteps (" + totalSteps
                    + ") must be greater than warmupSteps (" + warmupSteps + ")");
        if (!(minLr >= 0) || Double.isInfinite(minLr))
            throw new IllegalArgumentException("LinearWarmupCosine: minLr must be finite and >= 0, got " + minLr);
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minLr = minLr;
        start();
    }

    @Override
    double lrAt(long t) {
        if (t < warmupSteps) return baseLr() * (t + 1) / (warmupSteps + 1);
        if (t >= totalSteps) return minLr;
        double progress = (double) (t - warmupSteps) / (totalSteps - warmupSteps);
        return minLr + (baseLr() - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("warmup_steps", (double) warmupSteps, "total_steps", (double) totalSteps, "min_lr", minLr);
    }
}
