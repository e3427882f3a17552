package dev.profundo.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Manual check (not a test): the GEMM micro-kernel alone on L1-resident packed panels, in GFLOP/s of
 * thread CPU time, to separate the register kernel's speed from packing and blocking losses.
 */
public final class MicroKernelBench {
    private MicroKernelBench() {}

    /** Entry point; optional argument kc. */
    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int kc = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int mr = GemmMicroKernel.MR;
        int nr = GemmMicroKernel.NR;
        float[] ap = new float[mr * kc];
        float[] bp = new float[nr * kc * 4];
        float[] c = new float[mr * 512];
        java.util.Arrays.fill(ap, 0.5f);
        java.util.Arrays.fill(bp, 0.25f);
        int inner = 20000;
        for (int rep = 0; rep < 12; rep++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < inner; i++) {
                GemmMicroKernel.tile(kc, ap, 0, GemmMicroKernel.MR, bp, (i & 3) * nr * kc, nr, c, (i & 3) * nr, 512, true);
            }
            double s = (mx.getCurrentThreadCpuTime() - c0) * 1e-9;
            System.out.printf("MR=%d NR=%d kc=%d: %.1f GFLOP/s%n", mr, nr, kc, 2.0 * mr * nr * kc * inner / s * 1e-9);
        }
    }
}
