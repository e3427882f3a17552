package dev.profundo.nn;

import dev.profundo.kernels.Parallel;

import java.util.SplittableRandom;

/**
 * Prints forward and backward time and GFLOP/s of the two convolutions of the Fashion-MNIST CNN at
 * batch 128 (1->32 3x3 pad 1 on 28x28, 32->64 3x3 pad 1 on 14x14), with the batch split over threads
 * and with GEMM parallel inside; a manual check, not a test.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.profundo.nn.ConvSpeedCheck [threads] [batch]
 */
public final class ConvSpeedCheck {
    private ConvSpeedCheck() {}

    /** Entry point; optional arguments: thread count, batch size. */
    public static void main(String[] args) {
        if (args.length > 0) Parallel.setThreads(Integer.parseInt(args[0]));
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 128;
        System.out.println("threads " + Parallel.threads() + ", batch " + batch);
        var conv1 = ConvGeometry.of(new int[] {batch, 1, 28, 28}, new int[] {32, 1, 3, 3}, new int[] {32}, 1, 1, 1, 1, 1, 1, 1);
        var conv2 = ConvGeometry.of(new int[] {batch, 32, 14, 14}, new int[] {64, 32, 3, 3}, new int[] {64}, 1, 1, 1, 1, 1, 1, 1);
        for (boolean byBatch : new boolean[] {true, false}) {
            ConvKernel.batchParallel = byBatch;
            System.out.println(byBatch ? "-- batch split over threads" : "-- images in turn, GEMM parallel inside");
            double t1 = run("conv1 1->32 28x28 (no input grad)", conv1, false);
            double t2 = run("conv2 32->64 14x14", conv2, true);
            System.out.printf("   both layers forward+backward: %.2f ms%n", t1 + t2);
        }
        ConvKernel.batchParallel = true;
    }

    /** Times forward and backward; returns the best forward plus the best backward milliseconds. */
    private static double run(String name, ConvGeometry g, boolean inputGrad) {
        SplittableRandom r = new SplittableRandom(7);
        float[] x = random(r, g.n() * g.cin() * g.h() * g.w());
        float[] w = random(r, g.weightSize());
        float[] b = random(r, g.cout());
        float[] y = new float[g.n() * g.cout() * g.outHW()];
        float[] gy = random(r, y.length);
        float[] gx = inputGrad ? new float[x.length] : null;
        float[] gw = new float[w.length];
        float[] gb = new float[b.length];
        int reps = 30;
        double[] fwd = new double[reps], bwd = new double[reps];
        for (int warm = 0; warm < 60; warm++) {
            ConvKernel.forward(g, x, 0, w, 0, b, 0, y);
            ConvKernel.backward(g, x, 0, w, 0, gy, 0, gx, gw, gb);
        }
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            ConvKernel.forward(g, x, 0, w, 0, b, 0, y);
            long t1 = System.nanoTime();
            if (gx != null) java.util.Arrays.fill(gx, 0f);
            ConvKernel.backward(g, x, 0, w, 0, gy, 0, gx, gw, gb);
            long t2 = System.nanoTime();
            fwd[i] = (t1 - t0) / 1e6;
            bwd[i] = (t2 - t1) / 1e6;
        }
        // Best of the runs estimates what the code can do; the median shows how noisy the machine is.
        double f = min(fwd), bk = min(bwd);
        double fFlop = 2.0 * g.macs(), bFlop = 2.0 * g.macs() * (inputGrad ? 2 : 1);
        System.out.printf("%-36s forward %6.2f ms (%5.1f GFLOP/s, median %6.2f)  backward %6.2f ms (%5.1f GFLOP/s, median %6.2f)%n",
                name, f, fFlop / f / 1e6, median(fwd), bk, bFlop / bk / 1e6, median(bwd));
        return f + bk;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    private static double min(double[] v) {
        double m = Double.MAX_VALUE;
        for (double d : v) m = Math.min(m, d);
        return m;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
