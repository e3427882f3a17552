package dev.profundo.vision.viz;

import dev.profundo.nn.Layer;
import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Captures intermediate outputs of a model with forward hooks ({@link Layer#addForwardHook}): run
 * the model once and get, for every selected layer, what it produced.
 */
public final class Activations {
    private Activations() {}

    /**
     * Runs {@code model} on {@code input} without gradients and returns the outputs of the layers
     * that {@code select} accepts, keyed by their dotted path, in the order they ran. Hooks are
     * removed afterwards, also on failure.
     */
    public static Map<String, Tensor> capture(Layer model, Tensor input, Predicate<Layer> select) {
        Map<Layer, String> names = new LinkedHashMap<>();
        model.namedLayers().forEach((name, layer) -> {
            if (!name.isEmpty() && select.test(layer)) names.put(layer, name);
        });
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<AutoCloseable> handles = new ArrayList<>();
        try (var _ = Tensor.noGrad()) {
            for (Layer l : names.keySet()) handles.add(l.addForwardHook((layer, t) -> out.put(names.get(layer), t)));
            model.call(input);
        } finally {
            for (AutoCloseable h : handles) close(h);
        }
        return out;
    }

    static void close(AutoCloseable h) {
        try {
            h.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not remove a forward hook: " + e.getMessage(), e);
        }
    }
}
