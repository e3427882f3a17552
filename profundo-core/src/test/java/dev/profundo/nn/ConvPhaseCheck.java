package dev.profundo.nn;

import dev.profundo.kernels.Parallel;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Prints the calling thread's CPU time per call (1 thread: the whole cost) of each convolution phase of
 * the Fashion-MNIST CNN and the resnets' 3x3 layers at batch 128: forward, weight+bias gradient, input gradient; a manual check.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.profundo.nn.ConvPhaseCheck [winograd|direct|im2col] [reps]
 */
public final class ConvPhaseCheck {
    private ConvPhaseCheck() {}

    /** Entry point; optional arguments: path (winograd, direct or im2col), repetitions per phase. */
    public static void main(String[] args) {
        Parallel.setThreads(1);
        ConvKernel.direct = args.length == 0 || !args[0].equals("im2col");
        ConvWinograd.enabled = args.length == 0 || args[0].equals("winograd");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        System.out.println("path " + (ConvWinograd.enabled ? "winograd (3x3 stride 1), else direct" : ConvKernel.direct ? "direct" : "im2col+GEMM") + ", 1 thread, CPU ms per call (best of " + reps + ")");
        var conv1 = ConvGeometry.of(new int[] {128, 1, 28, 28}, new int[] {32, 1, 3, 3}, new int[] {32}, 1, 1, 1, 1, 1, 1, 1);
        var conv2 = ConvGeometry.of(new int[] {128, 32, 14, 14}, new int[] {64, 32, 3, 3}, new int[] {64}, 1, 1, 1, 1, 1, 1, 1);
        run("conv1", conv1, reps);
        run("conv2", conv2, reps);
        // The default (pooled) resnet's 3x3 layers: cin, cout, size.
        for (int[] s : new int[][] {{32, 64, 28}, {64, 64, 14}, {64, 128, 14}, {128, 128, 7}})
            run("pooled " + s[0] + ">" + s[1] + "@" + s[2], ConvGeometry.of(new int[] {128, s[0], s[2], s[2]},
                    new int[] {s[1], s[0], 3, 3}, null, 1, 1, 1, 1, 1, 1, 1), reps);
        // The strided resnet's three stride-1 3x3 shapes (stages at 28x28, 14x14 and 7x7).
        for (int[] s : new int[][] {{16, 28}, {64, 14}, {128, 7}})
            run("resnet " + s[0] + "@" + s[1], ConvGeometry.of(new int[] {128, s[0], s[1], s[1]},
                    new int[] {s[0], s[0], 3, 3}, null, 1, 1, 1, 1, 1, 1, 1), reps);
        // Its stride-2 3x3 convolutions and 1x1 stride-2 shortcuts between stages.
        for (int[] s : new int[][] {{16, 64, 28}, {64, 128, 14}}) {
            run("s2 " + s[0] + ">" + s[1] + "@" + s[2], ConvGeometry.of(new int[] {128, s[0], s[2], s[2]},
                    new int[] {s[1], s[0], 3, 3}, null, 2, 2, 1, 1, 1, 1, 1), reps);
            run("1x1 " + s[0] + ">" + s[1] + "@" + s[2], ConvGeometry.of(new int[] {128, s[0], s[2], s[2]},
                    new int[] {s[1], s[0], 1, 1}, null, 2, 2, 0, 0, 1, 1, 1), reps);
        }
    }

    private static void run(String name, ConvGeometry g, int reps) {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = random(r, g.n() * g.cin() * g.h() * g.w());
        float[] w = random(r, g.weightSize());
        float[] b = random(r, g.cout());
        float[] y = new float[g.n() * g.cout() * g.outHW()];
        float[] gy = random(r, y.length);
        float[] gx = new float[x.length], gw = new float[w.length], gb = new float[b.length];
        double flop = 2.0 * g.macs();
        double f = best(reps, () -> ConvKernel.forward(g, x, 0, w, 0, b, 0, y));
        ConvKernel.directWeightGrad = false;
        double wgGemm = best(reps, () -> ConvKernel.backward(g, x, 0, w, 0, gy, 0, null, gw, gb));
        ConvKernel.directWeightGrad = true;
        double wg = best(reps, () -> ConvKernel.backward(g, x, 0, w, 0, gy, 0, null, gw, gb));
        double ig = best(reps, () -> ConvKernel.backward(g, x, 0, w, 0, gy, 0, gx, null, null));
        System.out.printf("%-13s forward %6.2f ms (%5.1f GFLOP/s)  weight+bias grad %6.2f ms (%5.1f), by GEMM %6.2f ms (%5.1f)"
                        + "  input grad %6.2f ms (%5.1f)%n",
                name, f, flop / f / 1e6, wg, flop / wg / 1e6, wgGemm, flop / wgGemm / 1e6, ig, flop / ig / 1e6);
    }

    private static double best(int reps, Runnable r) {
        var mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 15; i++) r.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < reps; i++) {
            long t0 = mx.getCurrentThreadCpuTime();
            r.run();
            best = Math.min(best, (mx.getCurrentThreadCpuTime() - t0) / 1e6);
        }
        return best;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }
}
