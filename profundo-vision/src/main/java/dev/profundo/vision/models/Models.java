package dev.profundo.vision.models;

import dev.profundo.io.Safetensors;
import dev.profundo.io.SafetensorsFile;
import dev.profundo.nn.Layer;

import dev.profundo.tensor.Tensor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vision model registry: builds a model by name ({@code mlp}, {@code cnn}, {@code resnet}) for an
 * input size, and rebuilds a trained one from a checkpoint whose header carries a {@link ModelCard}.
 */
public final class Models {
    /** The registered names. */
    public static final List<String> NAMES = List.of("mlp", "cnn", "resnet");

    private Models() {}

    /** A new randomly initialised model (parameters drawn from the global generator). */
    public static Layer create(String name, InputSpec input) {
        return create(name, input, Map.of());
    }

    /**
     * A new model with architecture options (for resnet: the {@code variant}, {@code pooled} (default)
     * or {@code strided}; {@code widths}, e.g. {@code 32,64,128}; {@code blocks} per stage and the
     * {@code stem} kernel size; see {@link ResNet}).
     *
     * @throws IllegalArgumentException for an unknown name or a bad option
     */
    public static Layer create(String name, InputSpec input, Map<String, String> options) {
        return switch (name) {
            case "mlp" -> Mlp.create(input);
            case "cnn" -> Cnn.create(input);
            case "resnet" -> resnet(input, options);
            default -> throw new IllegalArgumentException("unknown model '" + name + "'; choose one of " + String.join(", ", NAMES));
        };
    }

    /**
     * Loads a model file written by training: reads the card from its header, builds the architecture
     * and loads the weights, in eval mode.
     *
     * @throws IllegalArgumentException naming the file if it is missing, corrupt, not a vision model,
     *     or its weights do not fit the architecture its header names
     */
    public static LoadedModel load(Path file) {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": model file not found");
        SafetensorsFile st;
        try {
            st = Safetensors.read(file);
        } catch (RuntimeException e) {
            String m = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(m.startsWith(file.toString()) ? m : file + ": not a readable model file: " + m, e);
        }
        ModelCard card = ModelCard.fromMetadata(st.metadata(), file.toString());
        Layer model;
        try {
            model = create(card.model(), card.input(), card.options());
            model.loadStateDict(weights(st));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        model.eval();
        return new LoadedModel(model, card);
    }

    /** The model's weights; a training checkpoint (last.safetensors) keeps them under {@code model.}. */
    private static Map<String, Tensor> weights(SafetensorsFile st) {
        var keys = st.tensors().keySet();
        boolean checkpoint = keys.stream().anyMatch(k -> k.startsWith("model."))
                && keys.stream().allMatch(k -> k.startsWith("model.") || k.startsWith("optimizer."));
        if (!checkpoint) return st.tensors();
        Map<String, Tensor> out = new LinkedHashMap<>();
        st.tensors().forEach((k, v) -> {
            if (k.startsWith("model.")) out.put(k.substring("model.".length()), v);
        });
        return out;
    }

    /**
     * The options a new model's card should carry so that its file rebuilds the same architecture
     * even after a default changes: for resnet every option, defaults filled in (files written
     * before variants existed carry none and load as {@code strided} with its defaults).
     */
    public static Map<String, String> cardOptions(String name, Map<String, String> options) {
        Map<String, String> out = new LinkedHashMap<>(options);
        if (!name.equals("resnet")) return out;
        boolean pooled = out.getOrDefault("variant", ResNet.POOLED).equals(ResNet.POOLED);
        out.putIfAbsent("variant", ResNet.POOLED);
        int[] widths = pooled ? ResNet.DEFAULT_WIDTHS : ResNet.STRIDED_WIDTHS;
        out.putIfAbsent("widths", widths[0] + "," + widths[1] + "," + widths[2]);
        out.putIfAbsent("blocks", "1");
        out.putIfAbsent("stem", Integer.toString(pooled ? ResNet.DEFAULT_STEM : ResNet.STRIDED_STEM));
        return out;
    }

    /** A resnet from its options; the defaults of each variant come from {@link #cardOptions}, the one place that knows them. */
    private static Layer resnet(InputSpec input, Map<String, String> options) {
        Map<String, String> o = cardOptions("resnet", options);
        String variant = o.get("variant");
        int[] widths = widths(o.get("widths"));
        int blocks = intOption(o, "blocks"), stem = intOption(o, "stem");
        return switch (variant) {
            case ResNet.POOLED -> ResNet.pooled(input, widths, blocks, stem);
            case ResNet.STRIDED -> ResNet.strided(input, widths, blocks, stem);
            default -> throw new IllegalArgumentException("unknown resnet variant '" + variant + "'; choose "
                    + ResNet.POOLED + " or " + ResNet.STRIDED);
        };
    }

    private static int[] widths(String v) {
        try {
            return java.util.Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model option widths must be three integers like 32,64,128, got '" + v + "'");
        }
    }

    private static int intOption(Map<String, String> options, String key) {
        String v = options.get(key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("model option " + key + " must be an integer, got '" + v + "'");
        }
    }
}
