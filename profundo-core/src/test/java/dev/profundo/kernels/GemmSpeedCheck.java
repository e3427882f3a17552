package dev.profundo.kernels;

import java.util.SplittableRandom;

/**
 * Prints SGEMM GFLOP/s for a few square sizes and layouts and an MLP-layer shape; a manual check, not a test.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.profundo.kernels.GemmSpeedCheck [threads]
 */
public final class GemmSpeedCheck {
    private GemmSpeedCheck() {}

    /** Entry point; optional first argument sets the thread count, later ones pick sizes. */
    public static void main(String[] args) {
        if (args.length > 0) {
            Parallel.setThreads(Integer.parseInt(args[0]));
        }
        System.out.println("species " + VectorOps.SPECIES_DESCRIPTION + ", threads " + Parallel.threads());
        int[] sizes = {512, 1024, 2048};
        if (args.length > 1) {
            sizes = new int[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                sizes[i - 1] = Integer.parseInt(args[i]);
            }
        }
        for (int s : sizes) {
            for (String layout : new String[] {"NN", "NT", "TN"}) {
                run(layout, s, s, s);
            }
        }
        run("NN", 128, 256, 784);
        run("NN", 1, 256, 784);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void run(String layout, int m, int n, int k) {
        boolean tA = layout.charAt(0) == 'T';
        boolean tB = layout.charAt(1) == 'T';
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble();
        }
        double flops = 2.0 * m * n * k;
        // Enough repetitions for about a second of work at ~200 GFLOP/s, at least 3.
        int reps = (int) Math.max(3, Math.min(100_000, 2e11 / flops));
        int lda = tA ? m : k;
        int ldb = tB ? k : n;
        for (int w = 0; w < Math.max(2, reps / 3); w++) {
            Gemm.sgemm(tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }
        double best = Double.MAX_VALUE;
        double total = 0;
        long cpu0 = processCpuNanos();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            Gemm.sgemm(tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            double dt = (System.nanoTime() - t0) * 1e-9;
            best = Math.min(best, dt);
            total += dt;
        }
        double cpu = (processCpuNanos() - cpu0) * 1e-9;
        // On a shared machine wall time mostly measures the neighbours; CPU time per thread shows what the
        // kernel would do on idle cores (threads x per-core rate).
        double perCore = flops * reps / cpu * 1e-9;
        System.out.printf("%s %5dx%-5d x %5dx%-5d  wall best %7.1f  mean %7.1f GFLOP/s | per core-second %6.1f"
                + " -> x%d threads %7.1f GFLOP/s  (%d reps)%n",
                layout, m, k, k, n, flops / best * 1e-9, flops * reps / total * 1e-9, perCore,
                Parallel.threads(), perCore * Parallel.threads(), reps);
    }
}
