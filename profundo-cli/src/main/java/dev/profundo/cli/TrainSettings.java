package dev.profundo.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The resolved settings of one {@code profundo train} run: command-line values, else the values
 * stored in the checkpoint being resumed, else per-dataset and per-model defaults.
 */
record TrainSettings(String dataset, String model, int epochs, int batchSize, double lr, String optimizer, double weightDecay,
                     String schedule, boolean augment, boolean crop, boolean flip, double labelSmoothing, long seed, int limit, Path data) {
    static final List<String> OPTIMIZERS = List.of("sgd", "adam", "adamw");
    static final List<String> SCHEDULES = List.of("none", "cosine", "onecycle", "step");
    private static final String P = "train.";

    /** Resolves the settings; {@code stored} holds the {@code train.*} metadata of a resumed run (or is empty). */
    static TrainSettings resolve(Args a, Map<String, String> stored) {
        String dataset = a.getChoice("dataset", stored.getOrDefault(P + "dataset", "digits"), DatasetChoice.NAMES);
        String model = a.getChoice("model", stored.getOrDefault(P + "model", "cnn"), dev.profundo.vision.models.Models.NAMES);
        boolean digits = dataset.equals("digits"), resnet = model.equals("resnet");
        int epochs = a.getInt("epochs", intOr(stored, "epochs", digits ? 15 : resnet ? 9 : 5), 1, 100_000);
        int batch = a.getInt("batch-size", intOr(stored, "batch_size", digits ? 32 : 128), 1, 1 << 20);
        String opt = a.getChoice("optimizer", stored.getOrDefault(P + "optimizer", resnet ? "adamw" : "adam"), OPTIMIZERS);
        double lr = a.getPositive("lr", Double.parseDouble(stored.getOrDefault(P + "lr", Double.toString(defaultLr(opt, resnet)))));
        double decay = a.getNonNegative("weight-decay", Double.parseDouble(stored.getOrDefault(P + "weight_decay",
                Double.toString(defaultWeightDecay(opt)))));
        String schedule = a.getChoice("schedule", stored.getOrDefault(P + "schedule", resnet ? "onecycle" : digits ? "none" : "cosine"), SCHEDULES);
        boolean augment = a.has("augment") || Boolean.parseBoolean(stored.getOrDefault(P + "augment", "false"));
        if (a.has("crop") && a.has("no-crop")) throw new UsageException("--crop and --no-crop contradict each other; give one");
        // The resnet shifts its images by default (a new run without --augment); a resumed run keeps what it had.
        boolean defaultCrop = stored.isEmpty() ? resnet && !augment : Boolean.parseBoolean(stored.getOrDefault(P + "crop", "false"));
        boolean crop = !a.has("no-crop") && (a.has("crop") || defaultCrop);
        boolean flip = a.has("flip") || Boolean.parseBoolean(stored.getOrDefault(P + "flip", "false"));
        double smoothing = a.getFraction("label-smoothing", Double.parseDouble(stored.getOrDefault(P + "label_smoothing", "0")));
        long seed = a.getLong("seed", Long.parseLong(stored.getOrDefault(P + "seed", "42")));
        int limit = a.getInt("limit", intOr(stored, "limit", 0), 1, Integer.MAX_VALUE);
        return new TrainSettings(dataset, model, epochs, batch, lr, opt, decay, schedule, augment, crop, flip, smoothing, seed, limit,
                a.getPath("data"));
    }

    private static double defaultLr(String optimizer, boolean resnet) {
        return switch (optimizer) {
            case "sgd" -> 0.05;
            default -> resnet ? 3e-3 : 1e-3;
        };
    }

    /** SGD's L2 penalty 5e-4 (the classic recipe), AdamW's decoupled decay 0.05, none for Adam (as PyTorch's). */
    static double defaultWeightDecay(String optimizer) {
        return switch (optimizer) {
            case "sgd" -> 5e-4;
            case "adamw" -> 0.05;
            default -> 0;
        };
    }

    private static int intOr(Map<String, String> stored, String key, int fallback) {
        String v = stored.get(P + key);
        return v == null ? fallback : Integer.parseInt(v);
    }

    /** The settings as {@code train.*} checkpoint metadata, so {@code --resume} can continue with them. */
    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(P + "dataset", dataset);
        m.put(P + "model", model);
        m.put(P + "epochs", Integer.toString(epochs));
        m.put(P + "batch_size", Integer.toString(batchSize));
        m.put(P + "lr", Double.toString(lr));
        m.put(P + "optimizer", optimizer);
        m.put(P + "weight_decay", Double.toString(weightDecay));
        m.put(P + "schedule", schedule);
        m.put(P + "augment", Boolean.toString(augment));
        if (crop) m.put(P + "crop", "true");
        if (flip) m.put(P + "flip", "true");
        if (labelSmoothing > 0) m.put(P + "label_smoothing", Double.toString(labelSmoothing));
        m.put(P + "seed", Long.toString(seed));
        if (limit > 0) m.put(P + "limit", Integer.toString(limit));
        return m;
    }
}
