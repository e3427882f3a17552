package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.kernels.Parallel;
import dev.profundo.tensor.Tensor;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Times the CNN's first layer pair (conv 1→32 3x3 pad 1 on 28x28, then 2x2 max pool, batch 128) fused
 * ({@link ConvMaxPool}) and as two ops, forward and forward+backward, alternating in one JVM; a manual
 * check, not a test. Run: java --add-modules jdk.incubator.vector -cp ... dev.profundo.nn.ConvPoolSpeedCheck [threads] [reps]
 */
public final class ConvPoolSpeedCheck {
    private ConvPoolSpeedCheck() {}

    /** Entry point; optional arguments: thread count (default 1), repetitions (default 200). */
    public static void main(String[] args) {
        Parallel.setThreads(args.length > 0 ? Integer.parseInt(args[0]) : 1);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        Tensor x = GradCheck.randomInput(1, 0, 128, 1, 28, 28);
        Tensor w = GradCheck.randomInput(2, 0, 32, 1, 3, 3).requiresGrad(true), b = GradCheck.randomInput(3, 0, 32).requiresGrad(true);
        Tensor g = GradCheck.randomInput(4, 0, 128, 32, 14, 14);
        for (int round = 0; round < 3; round++) {
            report("two ops, forward ", time(reps, () -> {
                try (var _ = Tensor.noGrad()) { return F.maxPool2d(F.conv2d(x, w, b, 1, 1), 2); }
            }));
            report("fused,   forward ", time(reps, () -> {
                try (var _ = Tensor.noGrad()) { return ConvMaxPool.apply(x, w, b); }
            }));
            report("two ops, fwd+bwd ", time(reps, () -> {
                F.maxPool2d(F.conv2d(x, w, b, 1, 1), 2).backward(g);
                return null;
            }));
            report("fused,   fwd+bwd ", time(reps, () -> {
                ConvMaxPool.apply(x, w, b).backward(g);
                return null;
            }));
        }
    }

    private static double[] time(int reps, Supplier<Object> body) {
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            body.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(String what, double[] ms) {
        System.out.printf("%s best %.3f ms, median %.3f ms%n", what, ms[0], ms[ms.length / 2]);
    }
}
