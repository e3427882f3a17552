package dev.profundo.cli.bench;

/**
 * How long to warm up and time each workload. Warm-up runs in chunks of {@code minTimeSeconds} until
 * at least {@code warmupMinSeconds} have passed, two consecutive chunks agree within
 * {@code STABLE_TOLERANCE} and the JIT compiled for under 5 % of the last chunk, or {@code warmupMaxSeconds}
 * is reached; then {@code repeats} timed runs each loop the call for at least {@code minTimeSeconds}.
 */
public record TimingPlan(double warmupMinSeconds, double warmupMaxSeconds, double minTimeSeconds, int repeats) {
    /** Relative difference between two warm-up chunks below which the speed counts as settled. */
    public static final double STABLE_TOLERANCE = 0.05;

    /** The full plan: 3–30 s warm-up (C2 and the Vector API intrinsics need it), 5 repeats of 0.5 s. */
    public static final TimingPlan DEFAULT = new TimingPlan(3, 30, 0.5, 5);

    /**
     * A quicker look: 2–20 s warm-up (C2 must still finish compiling the kernels: ~8.5 s of its work for a
     * fresh CNN on 2 cores), 3 repeats of 0.25 s.
     */
    public static final TimingPlan QUICK = new TimingPlan(2, 20, 0.25, 3);

    /** Validates the numbers. */
    public TimingPlan {
        if (!(warmupMinSeconds >= 0) || !(warmupMaxSeconds >= warmupMinSeconds))
            throw new IllegalArgumentException("warm-up must be >= 0 s with max >= min, got min " + warmupMinSeconds
                    + " s, max " + warmupMaxSeconds + " s");
        if (!(minTimeSeconds > 0))
            throw new IllegalArgumentException("--min-time must be > 0 seconds, got " + minTimeSeconds);
        if (repeats < 1)
            throw new IllegalArgumentException("--repeats must be >= 1, got " + repeats);
    }

    /** The same plan with another repeat count. */
    public TimingPlan withRepeats(int n) { return new TimingPlan(warmupMinSeconds, warmupMaxSeconds, minTimeSeconds, n); }

    /** The same plan with a fixed minimum warm-up (the maximum grows to at least five times it). */
    public TimingPlan withWarmup(double seconds) {
        return new TimingPlan(seconds, Math.max(seconds, Math.min(warmupMaxSeconds, 5 * seconds)), minTimeSeconds, repeats);
    }

    /** The same plan with another minimum time per repeat. */
    public TimingPlan withMinTime(double seconds) { return new TimingPlan(warmupMinSeconds, warmupMaxSeconds, seconds, repeats); }
}
