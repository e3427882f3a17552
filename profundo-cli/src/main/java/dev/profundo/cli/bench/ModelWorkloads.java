package dev.profundo.cli.bench;

import dev.profundo.nn.F;
import dev.profundo.nn.Layer;
import dev.profundo.optim.Adam;
import dev.profundo.optim.AdamW;
import dev.profundo.optim.Optimizer;
import dev.profundo.optim.SGD;
import dev.profundo.tensor.BufferPool;
import dev.profundo.tensor.Tensor;
import dev.profundo.vision.models.InputSpec;
import dev.profundo.vision.models.Models;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Training and inference workloads on the issue-3 models ({@code cnn}, {@code mlp}, {@code resnet}) with synthetic
 * Fashion-MNIST-shaped data: 1x28x28 standard-normal images, uniform labels over 10 classes. The data
 * is a fixed pool of {@link #POOL_BATCHES} batches cycled in order, the same in the PyTorch script.
 */
final class ModelWorkloads {
    /** Distinct batches cycled through by training, so the step does not see one batch over and over. */
    static final int POOL_BATCHES = 8;
    private static final int TRAIN_BATCH = 128;
    private static final long SEED = 0;
    /**
     * Whether training steps recycle their arrays through a {@link BufferPool}, as {@code Trainer} does
     * (default); {@code -Dprofundo.bench.recycle=false} measures fresh allocation instead.
     */
    private static final boolean RECYCLE = Boolean.parseBoolean(System.getProperty("profundo.bench.recycle", "true"));

    private ModelWorkloads() {}

    /** cnn_train_peak_rss, the three training workloads, and batch-1 and batch-256 inference for cnn and mlp. */
    static List<Workload> all() {
        return List.of(
                new Workload("cnn_train_peak_rss", Metric.PEAK_RSS_MIB, TRAIN_BATCH,
                        "peak RSS (VmHWM) of the process after CNN training steps, batch 128, Adam 1e-3;"
                                + " meaningful only as the first workload of its process", () -> trainStep("cnn")),
                train("cnn", "Adam lr 1e-3"),
                train("mlp", "SGD lr 0.05 momentum 0.9"),
                train("resnet", "AdamW lr 3e-3 weight decay 0.05"),
                infer("cnn", 1), infer("mlp", 1),
                infer("cnn", 256), infer("mlp", 256));
    }

    private static Workload train(String model, String optimizer) {
        return new Workload(model + "_train_b" + TRAIN_BATCH, Metric.IMAGES_PER_SECOND, TRAIN_BATCH,
                model + " training step (zero grad, forward, cross-entropy, backward, " + optimizer + "), batch "
                        + TRAIN_BATCH, () -> trainStep(model));
    }

    private static Workload infer(String model, int batch) {
        Metric metric = batch == 1 ? Metric.LATENCY_MS : Metric.IMAGES_PER_SECOND;
        return new Workload(model + "_infer_b" + batch, metric, batch,
                model + " forward in eval mode without autograd, batch " + batch, () -> forward(model, batch));
    }

    /**
     * A CNN trains with Adam 1e-3, the MLP with SGD 0.05 momentum 0.9 (as the PyTorch anchors do), the resnet
     * with AdamW 3e-3 and weight decay 0.05 (its {@code profundo train} defaults).
     */
    private static Runnable trainStep(String modelName) {
        Tensor.manualSeed(SEED);
        Layer model = Models.create(modelName, InputSpec.MNIST);
        model.train();
        Optimizer opt = switch (modelName) {
            case "cnn" -> new Adam(model.parameters(), 1e-3);
            case "resnet" -> new AdamW(model.parameters(), 3e-3, 0.05);
            default -> new SGD(model.parameters(), 0.05, 0.9);
        };
        Tensor[] xs = new Tensor[POOL_BATCHES];
        Tensor[] ys = new Tensor[POOL_BATCHES];
        var rnd = new SplittableRandom(SEED);
        for (int i = 0; i < POOL_BATCHES; i++) {
            xs[i] = images(TRAIN_BATCH);
            long[] labels = new long[TRAIN_BATCH];
            for (int j = 0; j < labels.length; j++) labels[j] = rnd.nextInt(InputSpec.MNIST.numClasses());
            ys[i] = Tensor.of(labels, TRAIN_BATCH);
        }
        int[] next = {0};
        BufferPool pool = RECYCLE ? new BufferPool() : null;
        return () -> {
            int b = next[0]++ % POOL_BATCHES;
            try (var _ = pool == null ? null : pool.open()) {
                opt.zeroGrad();
                Tensor loss = F.crossEntropy(model.call(xs[b]), ys[b]);
                loss.backward();
                opt.step();
            }
        };
    }

    private static Runnable forward(String modelName, int batch) {
        Tensor.manualSeed(SEED);
        Layer model = Models.create(modelName, InputSpec.MNIST);
        model.eval();
        Tensor x = images(batch);
        return () -> {
            try (var ignored = Tensor.noGrad()) {
                model.call(x);
            }
        };
    }

    private static Tensor images(int batch) {
        var in = InputSpec.MNIST;
        return Tensor.randn(batch, in.channels(), in.height(), in.width());
    }
}
