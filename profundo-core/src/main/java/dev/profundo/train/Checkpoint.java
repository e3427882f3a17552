package dev.profundo.train;

import dev.profundo.io.Safetensors;
import dev.profundo.nn.Layer;
import dev.profundo.optim.Optimizer;
import dev.profundo.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checkpoint files of a run. {@code model.safetensors} holds only the model's state dict (plain
 * keys, loadable by PyTorch's safetensors); {@code last.safetensors} adds the optimizer state under
 * {@code optimizer.} and the loop state (epoch, RNG, scheduler steps) in the header metadata, so a
 * run resumes exactly.
 */
final class Checkpoint {
    static final String MODEL_PREFIX = "model.";
    static final String OPTIMIZER_PREFIX = "optimizer.";

    private Checkpoint() {}

    static void saveModel(Layer model, Map<String, String> metadata, Path file) {
        Safetensors.save(model.stateDict(), metadata, file);
    }

    static void saveLast(Layer model, Optimizer optimizer, Map<String, String> metadata, Path file) {
        Map<String, Tensor> all = new LinkedHashMap<>();
        model.stateDict().forEach((k, v) -> all.put(MODEL_PREFIX + k, v));
        optimizer.stateDict().forEach((k, v) -> all.put(OPTIMIZER_PREFIX + k, v));
        Safetensors.save(all, metadata, file);
    }

    /** Splits a last.safetensors map into the model's and the optimizer's state dicts. */
    static Map<String, Map<String, Tensor>> split(Map<String, Tensor> all) {
        Map<String, Tensor> model = new LinkedHashMap<>(), optimizer = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(MODEL_PREFIX)) model.put(k.substring(MODEL_PREFIX.length()), v);
            else if (k.startsWith(OPTIMIZER_PREFIX)) optimizer.put(k.substring(OPTIMIZER_PREFIX.length()), v);
        });
        return Map.of("model", model, "optimizer", optimizer);
    }
}
