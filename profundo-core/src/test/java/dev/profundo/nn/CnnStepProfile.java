package dev.profundo.nn;

import dev.profundo.kernels.Parallel;
import dev.profundo.optim.Adam;
import dev.profundo.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Runs the Fashion-MNIST small CNN training step (batch 128, Adam 1e-3) and batch-1 / batch-256
 * inference through the public API in a loop, printing best/median wall time and the calling thread's
 * CPU time per step; a manual check for profiling (attach JFR), not a test.
 * Run: java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes
 * dev.profundo.nn.CnnStepProfile [threads] [steps]
 */
public final class CnnStepProfile {
    private CnnStepProfile() {}

    /** Entry point; optional arguments: thread count (default 2), timed training steps (default 60), and
     * {@code train} to stop after the training steps (for a profile of training alone). */
    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Parallel.setThreads(threads);
        Tensor.manualSeed(0);
        Layer model = new Sequential(
                new Conv2d(1, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(32, 64, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(3136, 128), new ReLU(), new Linear(128, 10));
        model.train();
        var opt = new Adam(model.parameters(), 1e-3);
        int pool = 8;
        Tensor[] xs = new Tensor[pool], ys = new Tensor[pool];
        for (int i = 0; i < pool; i++) {
            xs[i] = Tensor.randn(128, 1, 28, 28);
            long[] labels = new long[128];
            for (int j = 0; j < 128; j++) labels[j] = (i * 131 + j * 7) % 10;
            ys[i] = Tensor.of(labels, 128);
        }
        // Steps recycle their arrays through a BufferPool, as Trainer and the bench workloads do.
        var buffers = new dev.profundo.tensor.BufferPool();
        Runnable step = new Runnable() {
            int next;
            @Override public void run() {
                int b = next++ % pool;
                try (var scope = buffers.open()) {
                    opt.zeroGrad();
                    Tensor loss = F.crossEntropy(model.call(xs[b]), ys[b]);
                    loss.backward();
                    opt.step();
                }
            }
        };
        System.out.println("threads " + threads);
        time("train b128", step, 30, steps, 128);
        if (args.length > 2 && args[2].equals("train")) return;           // a training-only profile
        model.eval();
        Tensor x1 = Tensor.randn(1, 1, 28, 28), x256 = Tensor.randn(256, 1, 28, 28);
        time("infer b1", () -> { try (var g = Tensor.noGrad()) { model.call(x1); } }, 2000, 5000, 1);
        time("infer b256", () -> { try (var g = Tensor.noGrad()) { model.call(x256); } }, 20, Math.max(20, steps), 256);
    }

    private static void time(String name, Runnable r, int warm, int reps, int batch) {
        var mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warm; i++) r.run();
        double[] wall = new double[reps];
        long cpu0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            wall[i] = (System.nanoTime() - t0) / 1e6;
        }
        double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e6 / reps;
        double[] s = wall.clone();
        Arrays.sort(s);
        System.out.printf("%-11s best %8.3f ms  median %8.3f ms  caller-CPU %8.3f ms/step  -> best %8.0f img/s, median %8.0f img/s%n",
                name, s[0], s[reps / 2], cpu, batch * 1000 / s[0], batch * 1000 / s[reps / 2]);
    }
}
