package dev.profundo.cli.bench;

import java.util.function.Supplier;

/**
 * One named benchmark: how to set it up and what it reports. {@code setup} allocates the inputs and
 * model once and returns the call that is timed; {@code unitsPerCall} is the work one call does
 * (flops for GEMM, images for training and inference).
 */
public record Workload(String name, Metric metric, double unitsPerCall, String description, Supplier<Runnable> setup) {
    /** Validates the definition. */
    public Workload {
        if (name == null || name.isBlank() || metric == null || setup == null)
            throw new IllegalArgumentException("Workload: name, metric and setup are required, got name=" + name);
        if (!(unitsPerCall > 0))
            throw new IllegalArgumentException("Workload " + name + ": unitsPerCall must be > 0, got " + unitsPerCall);
    }
}
