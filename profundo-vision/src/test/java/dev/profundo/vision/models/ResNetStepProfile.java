package dev.profundo.vision.models;

import dev.profundo.kernels.Parallel;
import dev.profundo.nn.F;
import dev.profundo.nn.Layer;
import dev.profundo.optim.AdamW;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;

/**
 * Times the resnet training step (batch 128, AdamW) on random data through the public API; a manual
 * check for profiling (attach JFR), not a test.
 * Run: java --add-modules jdk.incubator.vector -cp ... dev.profundo.vision.models.ResNetStepProfile [threads] [steps] [pooled|strided]
 */
public final class ResNetStepProfile {
    private ResNetStepProfile() {}

    /** Entry point; optional arguments: thread count (default 2), timed steps (default 30), resnet variant (default pooled). */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Parallel.setThreads(threads);
        Tensor.manualSeed(0);
        String variant = args.length > 2 ? args[2] : ResNet.POOLED;
        Layer model = Models.create("resnet", new InputSpec(1, 28, 28, 10), java.util.Map.of("variant", variant));
        model.train();
        var opt = new AdamW(model.parameters(), 1e-3, 0.01);
        Tensor x = Tensor.randn(128, 1, 28, 28);
        long[] labels = new long[128];
        for (int j = 0; j < 128; j++) labels[j] = (j * 7) % 10;
        Tensor y = Tensor.of(labels, 128);
        double[] ms = new double[steps];
        for (int i = -10; i < steps; i++) {
            long t0 = System.nanoTime();
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(model.call(x), y);
            loss.backward();
            opt.step();
            if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("resnet (" + variant + ") train b128, %d threads: best %.1f ms, median %.1f ms -> %.0f img/s (median)%n",
                threads, ms[0], ms[steps / 2], 128 * 1000 / ms[steps / 2]);
    }
}
