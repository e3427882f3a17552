package dev.profundo.nn;

import dev.profundo.kernels.Parallel;

import java.util.Random;

/**
 * A/B timings of the convolution paths that a flag switches, alternating in one JVM so both sides see the
 * same machine state: Winograd (forward, input and weight gradient) against the path each shape takes
 * without it (the direct kernels; for the weight gradient the patch rows or the direct kernel), the
 * phase-split stride-2 input gradient against GEMM + col2im, and the patch-row weight gradient against
 * the path it replaced. A manual check, not a test; the figures in the commit messages and README come
 * from it. Run (after test-compile):
 * java --add-modules jdk.incubator.vector -cp profundo-core/target/classes:profundo-core/target/test-classes
 * dev.profundo.nn.ConvPathBench [threads]
 */
public final class ConvPathBench {
    private ConvPathBench() {}

    private interface Flag { void set(boolean on); }

    private interface Phase { void run(ConvGeometry g, float[] x, float[] w, float[] y, float[] gy, float[] gx, float[] gw); }

    private static final Phase FORWARD = (g, x, w, y, gy, gx, gw) -> ConvKernel.forward(g, x, 0, w, 0, null, 0, y);
    private static final Phase INPUT_GRAD = (g, x, w, y, gy, gx, gw) -> ConvKernel.backward(g, x, 0, w, 0, gy, 0, gx, null, null);
    private static final Phase WEIGHT_GRAD = (g, x, w, y, gy, gx, gw) -> ConvKernel.backward(g, x, 0, w, 0, gy, 0, null, gw, null);

    /** Entry point; optional argument: threads (default 1). */
    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        System.out.println("batch 128, " + Parallel.threads() + " thread(s), best ms of 20 per side, 3 alternations");
        Flag winograd = on -> ConvWinograd.enabled = on;
        Flag strided = on -> ConvStridedInputGrad.enabled = on;
        Flag patch = on -> ConvPatchWeightGrad.enabled = on;
        for (int[] s : new int[][] {{64, 64, 14}, {128, 128, 7}, {32, 64, 14}}) {
            compare("winograd vs without, forward", winograd, FORWARD, s[0], s[1], s[2], 3, 1);
            compare("winograd vs without, input grad", winograd, INPUT_GRAD, s[0], s[1], s[2], 3, 1);
            compare("winograd vs without, weight grad", winograd, WEIGHT_GRAD, s[0], s[1], s[2], 3, 1);
        }
        for (int[] s : new int[][] {{64, 128, 14}, {16, 64, 28}})
            compare("phases vs GEMM, stride-2 input grad", strided, INPUT_GRAD, s[0], s[1], s[2], 3, 2);
        for (int[] s : new int[][] {{64, 128, 14, 3, 2}, {16, 64, 28, 3, 2}, {32, 64, 14, 5, 1}})
            compare("patch vs before, weight grad", patch, WEIGHT_GRAD, s[0], s[1], s[2], s[3], s[4]);
    }

    private static void compare(String what, Flag flag, Phase phase, int cin, int cout, int h, int k, int stride) {
        int n = 128, pad = k / 2;
        var g = ConvGeometry.of(new int[] {n, cin, h, h}, new int[] {cout, cin, k, k}, null, stride, stride, pad, pad, 1, 1, 1);
        var r = new Random(1);
        float[] x = random(r, n * cin * h * h), w = random(r, cout * cin * k * k), gy = random(r, n * cout * g.outHW());
        float[] y = new float[n * cout * g.outHW()], gx = new float[x.length], gw = new float[w.length];
        double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
        try {
            for (int round = 0; round < 4; round++)
                for (int side = 0; side < 2; side++) {
                    flag.set(side == 0);
                    for (int it = 0; it < 20; it++) {
                        long t0 = System.nanoTime();
                        phase.run(g, x, w, y, gy, gx, gw);
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (round > 0) best[side] = Math.min(best[side], ms);   // round 0 warms both up
                    }
                }
        } finally {
            flag.set(true);
        }
        System.out.printf("%-38s %3d->%-3d @%-2d %dx%d s%d: %7.2f vs %7.2f ms (%.2fx)%n", what, cin, cout, h, k, k, stride,
                best[0], best[1], best[1] / best[0]);
    }

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
