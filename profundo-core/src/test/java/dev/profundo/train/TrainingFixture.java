package dev.profundo.train;

import dev.profundo.data.DataLoader;
import dev.profundo.data.TensorDataset;
import dev.profundo.nn.Dropout;
import dev.profundo.nn.Layer;
import dev.profundo.nn.Linear;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;
import dev.profundo.optim.Adam;
import dev.profundo.optim.StepLR;
import dev.profundo.tensor.Tensor;

import java.nio.file.Path;

/** A small, fully seeded training setup shared by the trainer tests and the kill-test child process. */
final class TrainingFixture {
    static final int SAMPLES = 256;

    final Layer model;
    final Adam optimizer;
    final StepLR scheduler;
    final DataLoader train;
    final DataLoader test;

    /** Builds data, model, optimizer and schedule from one seed, as a fresh process would. */
    TrainingFixture(long seed) {
        Tensor.manualSeed(seed);
        // Two noisy Gaussian blobs per class, 4 classes, 10 features.
        Tensor x = Tensor.randn(SAMPLES, 10);
        long[] labels = new long[SAMPLES];
        float[] shift = new float[SAMPLES * 10];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = i % 4;
            shift[i * 10 + (int) labels[i]] = 4f;
        }
        x = x.add(Tensor.of(shift, SAMPLES, 10));
        Tensor y = Tensor.of(labels, SAMPLES);
        model = new Sequential(new Linear(10, 32), new ReLU(), new Dropout(0.2), new Linear(32, 4));
        optimizer = new Adam(model.parameters(), 1e-2);
        scheduler = new StepLR(optimizer, 2, 0.5);
        train = new DataLoader(new TensorDataset(x.slice(0, 0, 192), y.slice(0, 0, 192)), 16, true);
        test = new DataLoader(new TensorDataset(x.slice(0, 192, SAMPLES), y.slice(0, 192, SAMPLES)), 64, false);
    }

    Trainer trainer(int epochs, Path runDir, Callback... callbacks) {
        var b = Trainer.builder(model, optimizer).epochs(epochs).scheduler(scheduler).runDir(runDir)
                .progress(Progress.silent()).metadata(java.util.Map.of("model", "fixture-mlp"));
        for (Callback c : callbacks) b.callback(c);
        return b.build();
    }

    /** Entry point of the child process killed by {@code ResumeTest}: trains slowly, forever writing checkpoints. */
    public static void main(String[] args) {
        Path runDir = Path.of(args[0]);
        int epochs = Integer.parseInt(args[1]);
        var f = new TrainingFixture(7);
        f.trainer(epochs, runDir, new Callback() {
            @Override public void onBatchEnd(int epoch, int batch, int batches, double loss) {
                if (epoch >= 3) {
                    try { Thread.sleep(50); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
                }
            }
        }).fit(f.train, f.test);
    }
}
