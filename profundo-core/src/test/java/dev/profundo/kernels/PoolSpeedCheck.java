package dev.profundo.kernels;

import java.util.SplittableRandom;

/**
 * Manual timing of 2x2 max pooling forward and backward at the Fashion-MNIST CNN's two shapes (batch
 * 128); not a test. Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.profundo.kernels.PoolSpeedCheck [threads]
 */
public final class PoolSpeedCheck {
    private PoolSpeedCheck() {}

    /** Entry point; optional argument: thread count (default 2). */
    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 2);
        int[][] shapes = {{128, 32, 28, 28}, {128, 64, 14, 14}};
        var rnd = new SplittableRandom(1);
        for (int[] s : shapes) {
            int n = s[0], c = s[1], h = s[2], w = s[3], oh = h / 2, ow = w / 2;
            float[] x = new float[n * c * h * w];
            for (int i = 0; i < x.length; i++) x[i] = (float) rnd.nextGaussian();
            float[] out = new float[n * c * oh * ow], gin = new float[x.length];
            int[] arg = new int[out.length];
            double bestF = Double.MAX_VALUE, bestB = Double.MAX_VALUE;
            for (int r = 0; r < 400; r++) {
                long t0 = System.nanoTime();
                Pooling.maxPool2dForward(x, n, c, h, w, 2, 2, 2, 2, 0, 0, out, arg);
                long t1 = System.nanoTime();
                Pooling.maxPool2dBackward(out, arg, n, c, h, w, oh, ow, gin);
                long t2 = System.nanoTime();
                if (r >= 100) {
                    bestF = Math.min(bestF, (t1 - t0) / 1e6);
                    bestB = Math.min(bestB, (t2 - t1) / 1e6);
                }
            }
            System.out.printf("maxpool 2x2 %dx%dx%dx%d: forward best %.3f ms, backward best %.3f ms (%.2f GB/s forward)%n",
                    n, c, h, w, bestF, bestB, (x.length * 4.0 + out.length * 8.0) / bestF / 1e6);
        }
    }
}
