package dev.profundo.vision.models;

import dev.profundo.io.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything needed to rebuild and feed a trained vision model, stored as strings in the
 * checkpoint header so that the model file alone is enough for {@code profundo predict}: the
 * architecture name and options, the input size, the class names, the normalisation and whether the
 * training images were light-on-dark.
 *
 * @param model      registry name ({@code mlp}, {@code cnn}, {@code resnet})
 * @param input      input size and class count
 * @param classes    class names, indexed by label
 * @param mean       per-channel normalisation mean (pixels in [0, 1])
 * @param std        per-channel normalisation standard deviation
 * @param dataset    the dataset it was trained on
 * @param darkBackground true when training images show light strokes on a dark background (MNIST family, UCI digits)
 * @param options    architecture options (e.g. {@code width}, {@code blocks} for resnet)
 */
public record ModelCard(String model, InputSpec input, List<String> classes, float[] mean, float[] std,
                        String dataset, boolean darkBackground, Map<String, String> options) {
    private static final String P = "vision.";

    /** Validates the fields and copies the collections. */
    public ModelCard {
        if (classes.size() != input.numClasses())
            throw new IllegalArgumentException("ModelCard: " + classes.size() + " class names for " + input.numClasses() + " classes");
        if (mean.length != input.channels() || std.length != input.channels())
            throw new IllegalArgumentException("ModelCard: need one mean and std per channel (" + input.channels() + ")");
        classes = List.copyOf(classes);
        mean = mean.clone();
        std = std.clone();
        options = Map.copyOf(options);
    }

    /** The card as checkpoint metadata (string keys prefixed {@code vision.}). */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(P + "model", model);
        m.put(P + "input", input.channels() + "," + input.height() + "," + input.width());
        m.put(P + "classes", Json.write(classes));
        m.put(P + "mean", join(mean));
        m.put(P + "std", join(std));
        m.put(P + "dataset", dataset);
        m.put(P + "background", darkBackground ? "dark" : "light");
        options.forEach((k, v) -> m.put(P + "option." + k, v));
        return m;
    }

    /**
     * Reads a card back from checkpoint metadata; {@code source} names the file in errors.
     *
     * @throws IllegalArgumentException if a field is missing or malformed
     */
    public static ModelCard fromMetadata(Map<String, String> m, String source) {
        if (!m.containsKey(P + "model"))
            throw new IllegalArgumentException(source + ": not a Profundo vision model (its header has no " + P
                    + "model entry); use a model.safetensors written by `profundo train`");
        try {
            String[] in = require(m, "input", source).split(",");
            if (in.length != 3) throw new IllegalArgumentException("input must be C,H,W");
            List<String> classes = new ArrayList<>();
            if (!(Json.parse(require(m, "classes", source)) instanceof List<?> list))
                throw new IllegalArgumentException("classes must be a JSON array");
            for (Object o : list) classes.add(String.valueOf(o));
            var spec = new InputSpec(Integer.parseInt(in[0].trim()), Integer.parseInt(in[1].trim()),
                    Integer.parseInt(in[2].trim()), classes.size());
            Map<String, String> options = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (k.startsWith(P + "option.")) options.put(k.substring((P + "option.").length()), v);
            });
            // Resnet files written before the pooled design became the default name no variant: they are strided.
            if ("resnet".equals(m.get(P + "model"))) options.putIfAbsent("variant", ResNet.STRIDED);
            return new ModelCard(require(m, "model", source), spec, classes, floats(require(m, "mean", source)),
                    floats(require(m, "std", source)), m.getOrDefault(P + "dataset", "unknown"),
                    !"light".equals(m.get(P + "background")), options);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": malformed model metadata (" + e.getMessage()
                    + "); the file is damaged or was not written by `profundo train`", e);
        }
    }

    private static String require(Map<String, String> m, String key, String source) {
        String v = m.get(P + key);
        if (v == null) throw new IllegalArgumentException("missing " + P + key);
        return v;
    }

    private static String join(float[] v) {
        var parts = new ArrayList<String>();
        for (float f : v) parts.add(String.format(Locale.ROOT, "%.6f", f));
        return String.join(",", parts);
    }

    private static float[] floats(String s) {
        String[] parts = s.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Float.parseFloat(parts[i].trim());
        return out;
    }
}
