package dev.profundo.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Manual SGEMM benchmark over the issue-4 shapes (not a test). On one thread it reports GFLOP/s from the
 * calling thread's CPU time (robust on a loaded machine); on more it reports best-of-N wall time.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.profundo.kernels.GemmShapeBench THREADS [SHAPE...] with SHAPE like nn:2048x2048x2048 (MxKxN).
 */
public final class GemmShapeBench {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private GemmShapeBench() {}

    /** Entry point: thread count, then optional shapes. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Parallel.setThreads(threads);
        String[] shapes = args.length > 1 ? java.util.Arrays.copyOfRange(args, 1, args.length) : new String[] {
            "nn:512x512x512", "nn:1024x1024x1024", "nn:2048x2048x2048",
            "nt:2048x2048x2048", "tn:2048x2048x2048",
            "nn:128x784x256", "nn:128x3136x128", "nn:4096x256x1024", "nn:4096x1024x256",
            "nt:128x784x256", "nt:128x3136x128", "tn:784x128x256", "tn:3136x128x128", "nn:1x784x256"};
        System.out.println("species " + VectorOps.SPECIES_DESCRIPTION + ", threads " + Parallel.threads());
        for (String s : shapes) {
            run(s);
        }
    }

    private static void run(String spec) {
        String[] parts = spec.split(":");
        boolean tA = parts[0].charAt(0) == 't';
        boolean tB = parts[0].charAt(1) == 't';
        String[] d = parts[1].split("x");
        int m = Integer.parseInt(d[0]);
        int k = Integer.parseInt(d[1]);
        int n = Integer.parseInt(d[2]);
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        float[] c = new float[m * n];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextDouble();
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextDouble();
        double flops = 2.0 * m * n * k;
        int lda = tA ? m : k;
        int ldb = tB ? k : n;
        // Each sample is a batch of calls lasting ~20 ms; warm up ~0.5 s so C2 has compiled everything.
        int inner = (int) Math.max(1, Math.min(1_000_000, 4e9 / flops));
        long warmEnd = System.nanoTime() + 600_000_000L;
        while (System.nanoTime() < warmEnd) {
            Gemm.sgemm(tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        }
        double bestCpu = Double.MAX_VALUE;
        double bestWall = Double.MAX_VALUE;
        for (int rep = 0; rep < 15; rep++) {
            long c0 = MX.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < inner; i++) {
                Gemm.sgemm(tA, tB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
            }
            bestWall = Math.min(bestWall, (System.nanoTime() - t0) * 1e-9 / inner);
            bestCpu = Math.min(bestCpu, (MX.getCurrentThreadCpuTime() - c0) * 1e-9 / inner);
        }
        System.out.printf("%-22s wall-best %7.1f GFLOP/s   thread-cpu %7.1f GFLOP/s%n",
                spec, flops / bestWall * 1e-9, flops / bestCpu * 1e-9);
    }
}
