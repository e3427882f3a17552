package dev.profundo.kernels;

/**
 * Prints the FMA rate one core reaches from Java with no memory traffic ({@link FmaPeak}), the ceiling any
 * kernel here can approach on this machine. A manual check, not a test; {@code profundo bench fma_peak}
 * measures the same on all threads.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes dev.profundo.kernels.FmaPeakCheck
 */
public final class FmaPeakCheck {
    private FmaPeakCheck() {}

    /** Entry point: prints GFLOP/s for three timed runs. */
    public static void main(String[] args) {
        float sink = 0;
        for (int i = 0; i < 20; i++) sink += FmaPeak.run(100_000);
        for (int k = 0; k < 3; k++) {
            long reps = 200_000_000L, t0 = System.nanoTime();
            sink += FmaPeak.run(reps);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%.1f GFLOP/s on one core%n", reps * FmaPeak.FLOPS_PER_ITERATION / s / 1e9);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
