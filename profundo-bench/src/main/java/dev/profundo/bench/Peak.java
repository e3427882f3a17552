package dev.profundo.bench;

/**
 * The measured float32 FMA peak of the 2-core development machine (AMD EPYC Zen 5, AVX-512): C
 * micro-benchmark {@code src/peak_fma} of {@code /work/shared/bench/RESULTS.md} §6 "Physical limits",
 * pass-2 medians, rounded: 264 GFLOP/s on one thread and 525 on two. Other machines: pass the peak
 * with {@code -Dprofundo.peak.gflops=N} (GFLOP/s per thread).
 */
public final class Peak {
    /** GFLOP/s of one core. */
    public static final double ONE_THREAD = 264;
    /** GFLOP/s of both cores. */
    public static final double TWO_THREADS = 525;

    private Peak() {}

    /** The peak for {@code threads} threads: the measured figures for 1 and 2, else per-thread times threads. */
    public static double gflops(int threads) {
        String custom = System.getProperty("profundo.peak.gflops");
        if (custom != null) return Double.parseDouble(custom) * threads;
        return switch (threads) {
            case 1 -> ONE_THREAD;
            case 2 -> TWO_THREADS;
            default -> ONE_THREAD * threads;
        };
    }
}
