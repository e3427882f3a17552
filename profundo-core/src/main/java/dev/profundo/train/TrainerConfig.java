package dev.profundo.train;

import dev.profundo.nn.Layer;
import dev.profundo.optim.LRScheduler;
import dev.profundo.optim.Optimizer;
import dev.profundo.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/** The settings of a {@link Trainer}; built with {@link Trainer#builder}. */
public record TrainerConfig(Layer model, Optimizer optimizer, BiFunction<Tensor, Tensor, Tensor> loss, int epochs,
                            LRScheduler scheduler, boolean schedulePerBatch, double clipGradNorm, double clipGradValue,
                            String monitor, int patience, Path runDir, Map<String, String> metadata,
                            Progress progress, List<Callback> callbacks, boolean recycleBuffers) {

    /** Fluent construction of a trainer; every setting has a sensible default. */
    public static final class Builder {
        private final Layer model;
        private final Optimizer optimizer;
        private final Trainer.Factory factory;
        private BiFunction<Tensor, Tensor, Tensor> loss = Trainer.defaultLoss();
        private int epochs = 1;
        private LRScheduler scheduler;
        private boolean schedulePerBatch;
        private double clipGradNorm, clipGradValue;
        private String monitor = "test_accuracy";
        private int patience;
        private Path runDir;
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private Progress progress = Progress.auto();
        private final List<Callback> callbacks = new ArrayList<>();
        private boolean recycleBuffers = true;

        Builder(Layer model, Optimizer optimizer, Trainer.Factory factory) {
            if (model == null || optimizer == null) throw new IllegalArgumentException("Trainer: model and optimizer are required");
            this.model = model;
            this.optimizer = optimizer;
            this.factory = factory;
        }

        /** The loss of (model output, target); default cross-entropy. */
        public Builder loss(BiFunction<Tensor, Tensor, Tensor> lossFn) { this.loss = lossFn; return this; }

        /** Number of epochs (default 1). */
        public Builder epochs(int n) {
            if (n < 1) throw new IllegalArgumentException("Trainer: epochs must be at least 1, got " + n);
            this.epochs = n;
            return this;
        }

        /** A learning-rate schedule, stepped once per epoch unless {@link #schedulePerBatch(boolean)}. */
        public Builder scheduler(LRScheduler s) { this.scheduler = s; return this; }

        /** Steps the schedule after every batch instead of every epoch (one-cycle, warm-up). */
        public Builder schedulePerBatch(boolean perBatch) { this.schedulePerBatch = perBatch; return this; }

        /** Clips the global gradient norm to this value before each step (0 = off). */
        public Builder clipGradNorm(double maxNorm) { this.clipGradNorm = maxNorm; return this; }

        /** Clips every gradient value to [-v, v] before each step (0 = off). */
        public Builder clipGradValue(double v) { this.clipGradValue = v; return this; }

        /** The metric that picks the best model and drives early stopping (default {@code test_accuracy}). */
        public Builder monitor(String metric) { this.monitor = metric; return this; }

        /** Stops after {@code patience} epochs without improvement of {@code metric}. */
        public Builder earlyStopping(String metric, int patience) {
            this.monitor = metric;
            this.patience = patience;
            return this;
        }

        /** The run folder for model.safetensors, last.safetensors, metrics.jsonl and config.json (default: none). */
        public Builder runDir(Path dir) { this.runDir = dir; return this; }

        /** Strings stored in every checkpoint's header (model name, input size, normalisation, class names…). */
        public Builder metadata(Map<String, String> m) { this.metadata.putAll(m); return this; }

        /** How progress is shown (default {@link Progress#auto()}). */
        public Builder progress(Progress p) { this.progress = p; return this; }

        /** Adds user code run during training. */
        public Builder callback(Callback cb) { this.callbacks.add(cb); return this; }

        /**
         * Whether each step's arrays are recycled into the next step through a
         * {@link dev.profundo.tensor.BufferPool} (default true): a steady loop then allocates almost
         * nothing, and the JVM needs a far smaller heap. The tensors a step creates are released when it
         * ends, so a model that keeps one of them across steps (a recurrent state carried from batch to
         * batch, say) must copy it ({@code clone()}) or turn this off. Called inside a scope the caller
         * opened, the trainer works in that scope instead of opening its own.
         */
        public Builder recycleBuffers(boolean recycle) { this.recycleBuffers = recycle; return this; }

        /** The configured trainer. */
        public Trainer build() {
            return factory.create(new TrainerConfig(model, optimizer, loss, epochs, scheduler, schedulePerBatch,
                    clipGradNorm, clipGradValue, monitor, patience, runDir, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata)), progress,
                    List.copyOf(callbacks), recycleBuffers));
        }
    }
}
