package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The rate of fused multiply-adds a core reaches from Java with no memory traffic: 12 independent
 * accumulators, each updated by an FMA of two registers per iteration. It is the ceiling any kernel here can
 * approach on the machine at hand (two 512-bit FMAs per cycle on this Zen 5, times the clock the core really
 * runs at under load, which moves with the machine's load: 3.28 GHz measured on 2026-11-27, not the nominal
 * 4.15), so benchmarks report their share of it measured in the same run.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floating-point operations of one iteration: 12 FMAs of one vector, 2 per lane each. */
    public static final long FLOPS_PER_ITERATION = 12L * 2 * S.length();

    private FmaPeak() {}

    /** Runs {@code iterations} of the loop on the calling thread; returns a checksum so it is not optimised away. */
    public static float run(long iterations) {
        float[] w = new float[2 * S.length()];
        java.util.Arrays.fill(w, 1e-7f);
        var a0 = FloatVector.zero(S); var a1 = a0; var a2 = a0; var a3 = a0; var a4 = a0; var a5 = a0;
        var a6 = a0; var a7 = a0; var a8 = a0; var a9 = a0; var a10 = a0; var a11 = a0;
        var x = FloatVector.fromArray(S, w, 0);
        var y = FloatVector.fromArray(S, w, S.length());
        for (long r = 0; r < iterations; r++) {
            a0 = x.fma(y, a0); a1 = x.fma(y, a1); a2 = x.fma(y, a2); a3 = x.fma(y, a3);
            a4 = x.fma(y, a4); a5 = x.fma(y, a5); a6 = x.fma(y, a6); a7 = x.fma(y, a7);
            a8 = x.fma(y, a8); a9 = x.fma(y, a9); a10 = x.fma(y, a10); a11 = x.fma(y, a11);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }

    /** Runs {@code iterations} of the loop split evenly among the threads of the pool; returns a checksum. */
    public static float runOnAllThreads(long iterations) {
        int threads = Parallel.threads();
        float[] sums = new float[threads];
        Parallel.forRange(threads, 1, (s, e) -> {
            for (int t = s; t < e; t++) {
                sums[t] = run(iterations * (t + 1) / threads - iterations * t / threads);
            }
        });
        float total = 0;
        for (float v : sums) total += v;
        return total;
    }
}
