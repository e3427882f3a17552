package dev.profundo.optim;

import java.util.Map;

/**
 * Cosine annealing from the optimizer's lr down to {@code etaMin} over {@code tMax} steps, as
 * PyTorch's {@code CosineAnnealingLR} (closed form, no restarts):
 * {@code lr = etaMin + (baseLr - etaMin)·(1 + cos(π·epoch/tMax))/2}. Past {@code tMax} the cosine
 * rises again, as PyTorch's does.
 */
public final class CosineAnnealingLR extends EpochSchedule {
    private final int tMax;
    private final double etaMin;

    /** Anneals over {@code tMax} (>= 1) steps to {@code etaMin} (finite, >= 0). */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) throw new IllegalArgumentException("CosineAnnealingLR: tMax must be >= 1, got " + tMax);
        if (!(etaMin >= 0) || Double.isInfinite(etaMin))
            throw new IllegalArgumentException("CosineAnnealingLR: etaMin must be finite and >= 0, got " + etaMin);
        this.tMax = tMax;
        this.etaMin = etaMin;
        start();
    }

    @Override
    double lrAt(long epoch) {
        return etaMin + (baseLr() - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("T_max", (double) tMax, "eta_min", etaMin);
    }
}
