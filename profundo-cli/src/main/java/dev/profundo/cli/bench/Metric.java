package dev.profundo.cli.bench;

/** What a workload reports, and which direction is better (the JSON key is {@link #key()}). */
public enum Metric {
    /** Billions of floating-point operations per second (2·M·N·K per GEMM). */
    GFLOPS("gflops", true),
    /** Images processed per second (training steps or forward passes). */
    IMAGES_PER_SECOND("images_per_second", true),
    /** Milliseconds per call (batch-1 inference). */
    LATENCY_MS("latency_ms", false),
    /** Peak resident set size of the whole process, MiB (VmHWM). */
    PEAK_RSS_MIB("peak_rss_mib", false);

    private final String key;
    private final boolean higherIsBetter;

    Metric(String key, boolean higherIsBetter) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
    }

    /** The JSON field name, e.g. {@code gflops}. */
    public String key() { return key; }

    /** True for throughputs, false for latencies and memory. */
    public boolean higherIsBetter() { return higherIsBetter; }

    /**
     * The figure of one timed run: {@code units} of work (flops, images or calls) done in {@code seconds}
     * over {@code calls} calls.
     */
    double figure(double units, long calls, double seconds) {
        return switch (this) {
            case GFLOPS -> units / seconds / 1e9;
            case IMAGES_PER_SECOND -> units / seconds;
            case LATENCY_MS -> seconds * 1e3 / calls;
            case PEAK_RSS_MIB -> throw new IllegalStateException("peak_rss_mib is read from /proc, not timed");
        };
    }
}
