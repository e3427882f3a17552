package dev.profundo.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FMA rate one core reaches from Java with no memory traffic: 12 independent accumulators, each
 * updated by a fused multiply-add of two registers per iteration. The ceiling any kernel here can
 * approach on this machine (the documented 2 x 512-bit FMAs per cycle, times the clock the core actually
 * runs at under load). A manual check, not a test.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes dev.profundo.kernels.FmaPeakCheck
 */
public final class FmaPeakCheck {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FmaPeakCheck() {}

    /** Entry point: prints GFLOP/s for three timed runs. */
    public static void main(String[] args) {
        float[] w = new float[2 * S.length()];
        java.util.Arrays.fill(w, 1e-7f);
        float sink = 0;
        for (int i = 0; i < 20; i++) sink += run(w, 100_000);
        for (int k = 0; k < 3; k++) {
            long reps = 200_000_000L, t0 = System.nanoTime();
            sink += run(w, reps);
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%.1f GFLOP/s on one core (%d-bit vectors)%n", reps * 12 * 2.0 * S.length() / s / 1e9,
                    S.vectorBitSize());
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static float run(float[] w, long reps) {
        var a0 = FloatVector.zero(S); var a1 = a0; var a2 = a0; var a3 = a0; var a4 = a0; var a5 = a0;
        var a6 = a0; var a7 = a0; var a8 = a0; var a9 = a0; var a10 = a0; var a11 = a0;
        var x = FloatVector.fromArray(S, w, 0);
        var y = FloatVector.fromArray(S, w, S.length());
        for (long r = 0; r < reps; r++) {
            a0 = x.fma(y, a0); a1 = x.fma(y, a1); a2 = x.fma(y, a2); a3 = x.fma(y, a3);
            a4 = x.fma(y, a4); a5 = x.fma(y, a5); a6 = x.fma(y, a6); a7 = x.fma(y, a7);
            a8 = x.fma(y, a8); a9 = x.fma(y, a9); a10 = x.fma(y, a10); a11 = x.fma(y, a11);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11).lane(0);
    }
}
