package dev.profundo.cli.bench;

import dev.profundo.kernels.FmaPeak;
import dev.profundo.kernels.Gemm;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The SGEMM workloads of issue 4, named {@code gemm_LAYOUT_MxKxN}: op(A) is M x K, op(B) is K x N;
 * {@code nt} stores B as N x K (a Linear forward), {@code tn} stores A as K x M (a weight gradient).
 */
final class GemmWorkloads {
    private GemmWorkloads() {}

    /**
     * The FMA peak measured in the run (the ceiling for every GEMM's share), then square NN 256–4096, the DL
     * shapes in NN, and NT/TN variants of the two Linear layers' shapes.
     */
    static List<Workload> all() {
        List<Workload> out = new ArrayList<>();
        out.add(fmaPeak());
        for (int s : new int[] {256, 512, 1024, 2048, 4096}) out.add(gemm(false, false, s, s, s));
        out.add(gemm(false, false, 128, 784, 256));      // MLP fc1 forward, batch 128
        out.add(gemm(false, false, 128, 3136, 128));     // CNN fc1 forward, batch 128
        out.add(gemm(false, false, 4096, 256, 1024));    // transformer-sized feed-forward in
        out.add(gemm(false, false, 4096, 1024, 256));    // transformer-sized feed-forward out
        out.add(gemm(false, true, 128, 784, 256));       // x · Wᵀ as Linear computes it
        out.add(gemm(false, true, 128, 3136, 128));
        out.add(gemm(true, false, 784, 128, 256));       // Xᵀ · dY: the weight gradient's layout
        out.add(gemm(true, false, 3136, 128, 128));
        return out;
    }

    /**
     * {@code fma_peak}: register-only FMAs split among all threads ({@link FmaPeak}), the rate no GEMM can
     * pass; ~4 ms a call on one thread.
     */
    private static Workload fmaPeak() {
        long iterations = 1L << 21;
        double flops = (double) iterations * FmaPeak.FLOPS_PER_ITERATION;
        return new Workload("fma_peak", Metric.GFLOPS, flops,
                "register-only FMAs (12 accumulators) split among all threads: the ceiling for the GEMMs", () -> {
                    float[] sink = new float[1];
                    return () -> sink[0] += FmaPeak.runOnAllThreads(iterations);
                });
    }

    /** The workload name for a layout and shape, e.g. {@code gemm_nt_128x784x256}. */
    static String name(boolean transA, boolean transB, int m, int k, int n) {
        return "gemm_" + (transA ? "t" : "n") + (transB ? "t" : "n") + "_" + m + "x" + k + "x" + n;
    }

    private static Workload gemm(boolean transA, boolean transB, int m, int k, int n) {
        String name = name(transA, transB, m, k, n);
        String layout = (transA ? "A stored " + k + "x" + m + " (transposed)" : "A " + m + "x" + k) + ", "
                + (transB ? "B stored " + n + "x" + k + " (transposed)" : "B " + k + "x" + n);
        return new Workload(name, Metric.GFLOPS, 2.0 * m * n * k, "C = op(A) op(B), " + layout, () -> {
            var rnd = new SplittableRandom(42);
            float[] a = random(rnd, m * k);
            float[] b = random(rnd, k * n);
            float[] c = new float[m * n];
            int lda = transA ? m : k;
            int ldb = transB ? k : n;
            return () -> Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, lda, b, 0, ldb, 0f, c, 0, n);
        });
    }

    private static float[] random(SplittableRandom rnd, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }
}
