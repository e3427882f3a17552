package dev.profundo.train;

import dev.profundo.data.Batch;
import dev.profundo.io.Json;
import dev.profundo.io.Safetensors;
import dev.profundo.nn.Layer;
import dev.profundo.optim.GradClip;
import dev.profundo.optim.LRScheduler;
import dev.profundo.optim.Optimizer;
import dev.profundo.tensor.BufferPool;
import dev.profundo.tensor.Generator;
import dev.profundo.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The training loop: epochs of forward, loss, backward and optimizer step, with evaluation,
 * metrics, LR scheduling, gradient clipping, early stopping, best-model keeping and a resumable
 * checkpoint every epoch. It is an ordinary loop a user could write; use it or copy it.
 */
public final class Trainer {
    private final TrainerConfig config;
    /** Recycles each step's arrays into the next (null when the config turns it off). */
    private final BufferPool pool;
    private final List<EpochStats> history = new ArrayList<>();
    private int completedEpochs;
    private int schedulerSteps;
    private double bestMetric = Double.NaN;
    private int bestEpoch;
    private int epochsWithoutImprovement;

    private Trainer(TrainerConfig config) {
        this.config = config;
        this.pool = config.recycleBuffers() ? new BufferPool() : null;
    }

    /** Starts configuring a trainer for a model and its optimizer. */
    public static TrainerConfig.Builder builder(Layer model, Optimizer optimizer) {
        return new TrainerConfig.Builder(model, optimizer, Trainer::new);
    }

    /** The pool that recycles each step's arrays, or null when the config turned recycling off. */
    BufferPool bufferPool() { return pool; }

    /** The model being trained. */
    public Layer model() { return config.model(); }

    /** The optimizer. */
    public Optimizer optimizer() { return config.optimizer(); }

    /** Epochs already completed (restored ones included). */
    public int completedEpochs() { return completedEpochs; }

    /** Per-epoch figures so far. */
    public List<EpochStats> history() { return List.copyOf(history); }

    /** Evaluates a classifier with the cross-entropy loss; {@code numClasses <= 0} takes it from the logits. */
    public static EvalResult evaluate(Layer model, Iterable<Batch> loader, int numClasses) {
        return Evaluator.evaluate(model, loader, numClasses, Evaluator.crossEntropy(), new BufferPool());
    }

    /** Evaluates a classifier with this trainer's loss. */
    public EvalResult evaluate(Iterable<Batch> loader) {
        return Evaluator.evaluate(config.model(), loader, -1, config.loss(), pool);
    }

    /**
     * Restores model, optimizer, RNG and loop state from a {@code last.safetensors} written by a
     * previous run; the next {@link #fit} continues with the following epoch and ends with the same
     * weights as an uninterrupted run with the same seed.
     */
    public void resume(Path lastCheckpoint) {
        var file = Safetensors.read(lastCheckpoint);
        Map<String, String> meta = file.metadata();
        if (!meta.containsKey("profundo.epoch"))
            throw new IllegalArgumentException("resume: " + lastCheckpoint + " is not a training checkpoint "
                    + "(no profundo.epoch metadata); pass the run's last.safetensors, not model.safetensors");
        var parts = Checkpoint.split(file.tensors());
        try {
            config.model().loadStateDict(parts.get("model"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resume: " + lastCheckpoint + ": " + e.getMessage(), e);
        }
        completedEpochs = Integer.parseInt(meta.get("profundo.epoch"));
        schedulerSteps = Integer.parseInt(meta.getOrDefault("profundo.scheduler_steps", "0"));
        config.optimizer().loadStateDict(parts.get("optimizer"));
        String schedule = meta.get("profundo.scheduler");
        if (config.scheduler() != null && schedule != null) config.scheduler().loadStateDict(parseNumbers(schedule));
        else if (config.scheduler() != null && schedulerSteps > 0)
            throw new IllegalArgumentException("resume: " + lastCheckpoint + " was written without a learning-rate "
                    + "schedule but this trainer has one; resume with the same settings as the original run");
        bestMetric = Double.parseDouble(meta.getOrDefault("profundo.best_metric", "NaN"));
        bestEpoch = Integer.parseInt(meta.getOrDefault("profundo.best_epoch", "0"));
        epochsWithoutImprovement = Integer.parseInt(meta.getOrDefault("profundo.epochs_without_improvement", "0"));
        Generator.setState(Long.parseLong(meta.get("profundo.rng_state")));
    }

    /** Trains for the configured epochs (minus those already completed) and returns the figures. */
    public FitResult fit(Iterable<Batch> train, Iterable<Batch> test) {
        var model = config.model();
        var opt = config.optimizer();
        prepareRunDir();
        for (Callback cb : config.callbacks()) cb.onTrainBegin(this);
        double totalSeconds = 0;
        long totalSamples = 0;
        boolean stoppedEarly = false;
        int epochs = config.epochs();
        for (int epoch = completedEpochs + 1; epoch <= epochs; epoch++) {
            model.train();
            int batches = train instanceof dev.profundo.data.DataLoader dl ? dl.size() : -1;
            config.progress().epochStart(epoch, epochs, batches);
            long start = System.nanoTime(), samples = 0, correct = 0;
            double lossSum = 0;
            boolean classifier = true;
            int step = 0;
            long waitNanos = 0;                       // time the loop spent waiting for the loader
            var batchesIt = train.iterator();
            while (true) {
                long w0 = System.nanoTime();
                if (!batchesIt.hasNext()) break;
                Batch b = batchesIt.next();
                waitNanos += System.nanoTime() - w0;
                step++;
                StepFigures f = trainStep(b, epoch, step, classifier);
                double lv = f.loss();
                int n = f.samples();
                classifier = f.correct() >= 0;
                if (classifier) correct += f.correct();
                if (config.scheduler() != null && config.schedulePerBatch()) {
                    config.scheduler().step();
                    schedulerSteps++;
                }
                samples += n;
                lossSum += lv * n;
                double elapsed = (System.nanoTime() - start) / 1e9;
                config.progress().batch(step, batches < 0 ? step : batches, samples, lossSum / samples, elapsed);
                for (Callback cb : config.callbacks()) cb.onBatchEnd(epoch, step, batches, lv);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (samples == 0) throw new IllegalArgumentException("fit: the training loader produced no batches");
            if (config.scheduler() != null && !config.schedulePerBatch()) {
                config.scheduler().step();
                schedulerSteps++;
            }
            totalSeconds += seconds;
            totalSamples += samples;
            EvalResult eval = test == null ? null : evaluate(test);
            EpochStats stats = new EpochStats(epoch, epochs, lossSum / samples,
                    classifier ? (double) correct / samples : Double.NaN,
                    eval == null ? Double.NaN : eval.loss(), eval == null ? Double.NaN : eval.accuracy(),
                    opt.lr(), samples, seconds, samples / seconds, waitNanos / 1e9);
            history.add(stats);
            completedEpochs = epoch;
            boolean improved = updateBest(stats);
            writeEpoch(stats, improved);
            config.progress().epochEnd(stats);
            for (Callback cb : config.callbacks()) cb.onEpochEnd(stats);
            if (config.patience() > 0 && epochsWithoutImprovement >= config.patience() && epoch < epochs) {
                stoppedEarly = true;
                break;
            }
        }
        var result = new FitResult(List.copyOf(history), bestEpoch, bestMetric, totalSeconds,
                totalSeconds > 0 ? totalSamples / totalSeconds : 0, stoppedEarly);
        for (Callback cb : config.callbacks()) cb.onTrainEnd(result);
        return result;
    }

    /** What one step leaves behind: its loss, its batch size, and its correct predictions (-1: not a classifier). */
    private record StepFigures(double loss, int samples, long correct) {}

    /**
     * One optimisation step on a batch, inside a {@link BufferPool} scope when recycling is on: the
     * figures are taken out as numbers before the scope releases the step's tensors. Counts correct
     * predictions while {@code classifier} holds and the output looks like class scores.
     */
    private StepFigures trainStep(Batch b, int epoch, int step, boolean classifier) {
        var opt = config.optimizer();
        try (var _ = BufferPool.openUnlessOpen(pool)) {
            Tensor out = config.model().call(b.x());
            Tensor loss = config.loss().apply(out, b.y());
            double lv = loss.item();
            if (!Double.isFinite(lv))
                throw new TrainingDivergedException(String.format(Locale.ROOT,
                        "the loss became %s at epoch %d, batch %d (learning rate %.3g): training diverged. "
                                + "Lower the learning rate, add gradient clipping, or check the inputs for NaN/Inf.",
                        lv, epoch, step, opt.lr()));
            opt.zeroGrad();
            loss.backward();
            if (config.clipGradNorm() > 0) GradClip.clipGradNorm(opt.params(), config.clipGradNorm());
            if (config.clipGradValue() > 0) GradClip.clipGradValue(opt.params(), config.clipGradValue());
            opt.step();
            long correct = -1;
            if (classifier && out.dim() == 2 && b.y().dtype() == dev.profundo.tensor.DType.INT64) {
                try (var _ = Tensor.noGrad()) {
                    correct = Math.round(out.argmax(1).eq(b.y()).sum().item());
                }
            }
            return new StepFigures(lv, out.size(0), correct);
        }
    }

    private boolean updateBest(EpochStats s) {
        String metric = config.monitor();
        double v = s.metric(metric);
        if (Double.isNaN(v)) {
            metric = "train_loss";
            v = s.trainLoss();
        }
        boolean better = Double.isNaN(bestMetric)
                || (EpochStats.higherIsBetter(metric) ? v > bestMetric : v < bestMetric);
        if (better) {
            bestMetric = v;
            bestEpoch = s.epoch();
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
        return better;
    }

    private void prepareRunDir() {
        Path dir = config.runDir();
        if (dir == null) return;
        try {
            Files.createDirectories(dir);
            Map<String, Object> cfg = new LinkedHashMap<>(config.metadata());
            cfg.put("epochs", config.epochs());
            cfg.put("optimizer", config.optimizer().getClass().getSimpleName());
            cfg.put("lr", config.optimizer().lr());
            cfg.put("seed", Generator.getState());
            dev.profundo.io.AtomicFile.writeString(dir.resolve("config.json"), Json.write(cfg) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private void writeEpoch(EpochStats s, boolean improved) {
        Path dir = config.runDir();
        if (dir == null) return;
        Map<String, String> meta = new LinkedHashMap<>(config.metadata());
        meta.put("profundo.epoch", Integer.toString(s.epoch()));
        meta.put("profundo.test_accuracy", Double.toString(s.testAccuracy()));
        if (improved) Checkpoint.saveModel(config.model(), meta, dir.resolve("model.safetensors"));
        meta.put("profundo.rng_state", Long.toString(Generator.getState()));
        meta.put("profundo.scheduler_steps", Integer.toString(schedulerSteps));
        if (config.scheduler() != null) meta.put("profundo.scheduler", Json.write(config.scheduler().stateDict()));
        meta.put("profundo.best_metric", Double.toString(bestMetric));
        meta.put("profundo.best_epoch", Integer.toString(bestEpoch));
        meta.put("profundo.epochs_without_improvement", Integer.toString(epochsWithoutImprovement));
        Checkpoint.saveLast(config.model(), config.optimizer(), meta, dir.resolve("last.safetensors"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("epoch", s.epoch());
        row.put("train_loss", s.trainLoss());
        row.put("train_accuracy", s.trainAccuracy());
        row.put("test_loss", s.testLoss());
        row.put("test_accuracy", s.testAccuracy());
        row.put("lr", s.learningRate());
        row.put("images_per_second", s.samplesPerSecond());
        row.put("seconds", s.seconds());
        row.put("data_wait_seconds", s.dataWaitSeconds());
        try {
            Files.writeString(dir.resolve("metrics.jsonl"), Json.write(row) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + dir.resolve("metrics.jsonl") + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Double> parseNumbers(String json) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!(Json.parse(json) instanceof Map<?, ?> m))
            throw new IllegalArgumentException("resume: the checkpoint's scheduler state is not a JSON object");
        m.forEach((k, v) -> out.put((String) k, v == null ? Double.NaN : ((Number) v).doubleValue()));
        return out;
    }

    /** Used by the builder. */
    interface Factory {
        Trainer create(TrainerConfig config);
    }

    static BiFunction<Tensor, Tensor, Tensor> defaultLoss() {
        return Evaluator.crossEntropy();
    }

}
