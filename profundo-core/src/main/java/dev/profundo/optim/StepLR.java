package dev.profundo.optim;

import java.util.Map;

/**
 * Multiplies the lr by {@code gamma} every {@code stepSize} steps, as PyTorch's {@code StepLR}:
 * {@code lr = baseLr · gamma^floor(epoch / stepSize)}. StepLR(2, 0.5) from 1 gives 1, 1, 0.5, 0.5, 0.25, …
 */
public final class StepLR extends EpochSchedule {
    private final int stepSize;
    private final double gamma;

    /** Decays by {@code gamma} every {@code stepSize} steps (stepSize >= 1, gamma finite and >= 0). */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) throw new IllegalArgumentException("StepLR: stepSize must be >= 1, got " + stepSize);
        if (!(gamma >= 0) || Double.isInfinite(gamma))
            throw new IllegalArgumentException("StepLR: gamma must be finite and >= 0, got " + gamma);
        this.stepSize = stepSize;
        this.gamma = gamma;
        start();
    }

    @Override
    double lrAt(long epoch) {
        return baseLr() * Math.pow(gamma, epoch / stepSize);
    }

    @Override
    Map<String, Double> settings() {
        return Map.of("step_size", (double) stepSize, "gamma", gamma);
    }
}
