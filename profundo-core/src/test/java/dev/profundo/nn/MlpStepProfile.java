package dev.profundo.nn;

import dev.profundo.kernels.Parallel;
import dev.profundo.optim.SGD;
import dev.profundo.tensor.Generator;
import dev.profundo.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Manual profiling target (not a test): the MLP 784-256-128-10 training step with SGD momentum at batch
 * 128, then batch-256 and batch-1 inference, on synthetic data. Prints ms per step (best-of wall and
 * calling-thread CPU time) so it can run under JFR.
 * Run: java --add-modules jdk.incubator.vector -cp CLASSES dev.profundo.nn.MlpStepProfile [threads] [seconds] [train|infer|both]
 */
public final class MlpStepProfile {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private MlpStepProfile() {}

    /** Entry point: optional thread count and seconds of training to run. */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        String mode = args.length > 2 ? args[2] : "both";
        Parallel.setThreads(threads);
        Generator.manualSeed(0);
        Sequential model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(),
                new Linear(128, 10));
        SGD opt = new SGD(model.parameters(), 0.05, 0.9);
        int batch = 128;
        Tensor x = Tensor.rand(batch, 784);
        long[] labels = new long[batch];
        for (int i = 0; i < batch; i++) labels[i] = i % 10;
        Tensor y = Tensor.of(labels, batch);
        long end = System.nanoTime() + (long) (mode.equals("infer") ? 0 : seconds * 1e9);
        int span = 200;
        double bestWall = Double.MAX_VALUE;
        double bestCpu = Double.MAX_VALUE;
        while (System.nanoTime() < end) {
            long c0 = MX.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int s = 0; s < span; s++) {
                opt.zeroGrad();
                Tensor loss = F.crossEntropy(model.forward(x), y);
                loss.backward();
                opt.step();
            }
            bestWall = Math.min(bestWall, (System.nanoTime() - t0) * 1e-6 / span);
            bestCpu = Math.min(bestCpu, (MX.getCurrentThreadCpuTime() - c0) * 1e-6 / span);
        }
        if (!mode.equals("infer")) System.out.printf("train b128: best wall %.3f ms/step (%.0f img/s), best main-thread cpu %.3f ms/step%n",
                bestWall, batch / bestWall * 1e3, bestCpu);
        if (mode.equals("train")) return;
        model.eval();
        Tensor x256 = Tensor.rand(256, 784);
        Tensor x1 = Tensor.rand(1, 784);
        double b256 = Double.MAX_VALUE;
        double b1 = Double.MAX_VALUE;
        double b256Cpu = Double.MAX_VALUE;
        double b1Cpu = Double.MAX_VALUE;
        try (var scope = Tensor.noGrad()) {
            int rounds = mode.equals("infer") ? (int) Math.max(30, seconds * 10) : 30;
            for (int r = 0; r < rounds; r++) {
                long c0 = MX.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int s = 0; s < 100; s++) model.forward(x256);
                b256 = Math.min(b256, (System.nanoTime() - t0) * 1e-6 / 100);
                b256Cpu = Math.min(b256Cpu, (MX.getCurrentThreadCpuTime() - c0) * 1e-6 / 100);
                c0 = MX.getCurrentThreadCpuTime();
                t0 = System.nanoTime();
                for (int s = 0; s < 2000; s++) model.forward(x1);
                b1 = Math.min(b1, (System.nanoTime() - t0) * 1e-6 / 2000);
                b1Cpu = Math.min(b1Cpu, (MX.getCurrentThreadCpuTime() - c0) * 1e-6 / 2000);
            }
        }
        System.out.printf("infer b256: wall %.3f ms (%.0f img/s), cpu %.3f ms; infer b1: wall %.4f ms, cpu %.4f ms%n",
                b256, 256 / b256 * 1e3, b256Cpu, b1, b1Cpu);
    }
}
