package dev.profundo.optim;

import java.util.Map;

/**
 * The 1cycle policy (Smith &amp; Topin), as PyTorch's {@code OneCycleLR} with two phases: the lr
 * anneals from {@code maxLr/divFactor} up to {@code maxLr} over the first {@code pctStart} of
 * {@code totalSteps}, then down to {@code maxLr/divFactor/finalDivFactor} at step {@code totalSteps - 1}.
 * Step it once per batch; stepping past {@code totalSteps} is an error, as in PyTorch, and at step
 * {@code totalSteps} itself the lr stays at its final value (PyTorch extrapolates the curve there,
 * which with linear annealing gives a negative lr). The optimizer's own lr is replaced at creation.
 *
 * <p>Not implemented: PyTorch's momentum / beta1 cycling ({@code cycle_momentum}) and the
 * three-phase variant; only the learning rate cycles.
 */
public final class OneCycleLR extends EpochSchedule {
    private final double maxLr;
    private final int totalSteps;
    private final double pctStart;
    private final double divFactor;
    private final double finalDivFactor;
    private final boolean cosine;

    /** PyTorch's defaults: pctStart 0.3, cosine annealing, divFactor 25, finalDivFactor 1e4. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, true, 25, 1e4);
    }

    /** Every option: {@code cosine} false anneals linearly (PyTorch's {@code anneal_strategy='linear'}). */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, boolean cosine,
                      double divFactor, double finalDivFactor) {
        super(optimizer);
        if (!(maxLr > 0) || Double.isInfinite(maxLr))
            throw new IllegalArgumentException("OneCycleLR: maxLr must be finite and > 0, got " + maxLr);
        if (totalSteps < 1) throw new IllegalArgumentException("OneCycleLR: totalSteps must be >= 1, got " + totalSteps);
        if (!(pctStart >= 0 && pctStart <= 1))
            throw new IllegalArgumentException("OneCycleLR: pctStart must lie in [0, 1], got " + pctStart);
        if (!(divFactor > 0) || Double.isInfinite(divFactor))
            throw new IllegalArgumentException("OneCycleLR: divFactor must be finite and > 0, got " + divFactor);
        if (!(finalDivFactor > 0) || Double.isInfinite(finalDivFactor))
            throw new IllegalArgumentException("OneCycleLR: finalDivFactor must be finite and > 0, got " + finalDivFactor);
        this.maxLr = maxLr;
        this.totalSteps = totalSteps;
        this.pctStart = pctStart;
        this.cosine = cosine;
        this.divFactor = divFactor;
        this.finalDivFactor = finalDivFactor;
        start();
    }

    /** Advances one batch; fails once the schedule has run {@code totalSteps} steps past creation. */
    @Override
    public void step() {
        if (lastEpoch() + 1 > totalSteps)
            throw new IllegalStateException("OneCycleLR: tried to step " + (lastEpoch() + 1) + " times but totalSteps is "
                    + totalSteps + "; set totalSteps = epochs × batches per epoch");
        super.step();
    }

    @Override
    double lrAt(long step) {
        double initialLr = maxLr / divFactor;
        double minLr = initialLr / finalDivFactor;
        double warmEnd = pctStart * totalSteps - 1;
        double lastEnd = totalSteps - 1;
        if (step <= warmEnd) return anneal(initialLr, maxLr, fraction(step, warmEnd));
        return anneal(maxLr, minLr, Math.min(1, fraction(step - warmEnd, lastEnd - warmEnd)));
    }

    /** PyTorch divides by zero for a one-step phase; such a phase is simply complete. */
    private static double fraction(double done, double length) {
        return length == 0 ? 1 : done / length;
    }

    private double anneal(double from, double to, double pct) {
        return cosine ? to + (from - to) / 2 * (Math.cos(Math.PI * pct) + 1) : (to - from) * pct + from;
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("max_lr", maxLr, "total_steps", (double) totalSteps, "pct_start", pctStart,
                "anneal_cos", cosine ? 1.0 : 0.0, "div_factor", divFactor, "final_div_factor", finalDivFactor);
    }
}
