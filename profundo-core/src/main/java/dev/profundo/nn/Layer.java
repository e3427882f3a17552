package dev.profundo.nn;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * The base of every network building block (PyTorch's {@code nn.Module}): it owns named parameters,
 * buffers (state that is saved but not trained, like batch-norm running statistics) and child
 * layers, and computes {@link #forward}. A new layer is a subclass that registers its parameters
 * in the constructor and writes {@code forward} with tensor ops; its gradient comes for free.
 */
public abstract class Layer {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Layer> children = new LinkedHashMap<>();
    private final List<BiConsumer<Layer, Tensor>> forwardHooks = new ArrayList<>();
    private boolean training = true;

    /** Computes this layer's output. */
    public abstract Tensor forward(Tensor input);

    /**
     * Runs {@link #forward} and then the forward hooks: containers call their children through
     * this, so hooks see every intermediate activation.
     */
    public final Tensor call(Tensor input) {
        Tensor out = forward(input);
        for (var hook : forwardHooks) hook.accept(this, out);
        return out;
    }

    /**
     * Adds a hook that receives this layer and its output each time a container runs it (to
     * capture activations for visualisation); returns a handle that removes it.
     */
    public AutoCloseable addForwardHook(BiConsumer<Layer, Tensor> hook) {
        forwardHooks.add(hook);
        return () -> forwardHooks.remove(hook);
    }

    /** Whether any forward hook is registered on this layer (fused fast paths step aside for hooks). */
    protected final boolean hasForwardHooks() {
        return !forwardHooks.isEmpty();
    }

    /** Registers a trainable parameter (marked {@code requiresGrad}); returns it. */
    protected final Tensor registerParameter(String name, Tensor value) {
        checkName(name);
        if (!value.isContiguous() || value.storageOffset() != 0 || value.floatStorage() == null
                || value.floatStorage().length != value.numel())
            value = Tensor.of(value.toFloatArray(), value.shape());
        value.requiresGrad(true);
        parameters.put(name, value);
        return value;
    }

    /** Registers a buffer: saved in the state dict, not trained; returns it. */
    protected final Tensor registerBuffer(String name, Tensor value) {
        checkName(name);
        buffers.put(name, value);
        return value;
    }

    /** Replaces a registered buffer's value (e.g. a step counter); the name must exist. */
    protected final void setBuffer(String name, Tensor value) {
        if (!buffers.containsKey(name)) throw new IllegalArgumentException("no buffer named '" + name + "'");
        buffers.put(name, value);
    }

    /** Registers a child layer under a name (its parameters become {@code name.param}); returns it. */
    protected final <L extends Layer> L registerLayer(String name, L layer) {
        checkName(name);
        children.put(name, layer);
        return layer;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains("."))
            throw new IllegalArgumentException("invalid name '" + name + "': names must be non-empty and contain no '.'");
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name))
            throw new IllegalArgumentException("'" + name + "' is already registered in " + getClass().getSimpleName());
    }

    /** All trainable parameters of this layer and its children, in registration order. */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters keyed by dotted path, e.g. {@code 0.weight}, {@code encoder.1.bias}. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false);
        return out;
    }

    /** Child layers in registration order, keyed by name. */
    public Map<String, Layer> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /** This layer and every descendant, keyed by dotted path ({@code ""} for this layer). */
    public Map<String, Layer> namedLayers() {
        Map<String, Layer> out = new LinkedHashMap<>();
        walk("", out);
        return out;
    }

    private void walk(String prefix, Map<String, Layer> out) {
        out.put(prefix, this);
        for (var e : children.entrySet()) e.getValue().walk(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withBuffers) {
        for (var e : parameters.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        if (withBuffers) for (var e : buffers.entrySet()) out.put(prefix + e.getKey(), e.getValue());
        for (var e : children.entrySet()) e.getValue().collect(prefix + e.getKey() + ".", out, withBuffers);
    }

    /** Parameters and buffers keyed by dotted path, as PyTorch's {@code state_dict()} (values detached). */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> raw = new LinkedHashMap<>();
        collect("", raw, true);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (var e : raw.entrySet()) out.put(e.getKey(), e.getValue().detach());
        return out;
    }

    /**
     * Copies values from a state dict into this layer's parameters and buffers, strictly: a missing
     * key, an unexpected key or a shape mismatch is an error naming every problem, and nothing is
     * changed unless everything matches.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = new LinkedHashMap<>();
        collect("", own, true);
        List<String> problems = new ArrayList<>();
        var missing = new TreeSet<>(own.keySet());
        missing.removeAll(state.keySet());
        var unexpected = new TreeSet<>(state.keySet());
        unexpected.removeAll(own.keySet());
        if (!missing.isEmpty()) problems.add("missing keys " + firstFew(missing));
        if (!unexpected.isEmpty()) problems.add("unexpected keys " + firstFew(unexpected));
        for (var e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null) continue;
            if (!Shape.same(src.shape(), e.getValue().shape()))
                problems.add("'" + e.getKey() + "' has shape " + Shape.format(src.shape()) + " in the state dict but "
                        + Shape.format(e.getValue().shape()) + " in the model");
        }
        if (!problems.isEmpty())
            throw new IllegalArgumentException("loadStateDict: the state dict does not fit this "
                    + getClass().getSimpleName() + ": " + String.join("; ", problems)
                    + ". Was it saved from a model with the same architecture?");
        for (var e : own.entrySet()) copyInto(e.getValue(), state.get(e.getKey()));
    }

    /** The first keys of a long list and how many more, so that a mismatch stays a readable line. */
    private static String firstFew(TreeSet<String> keys) {
        int shown = 6;
        if (keys.size() <= shown) return keys.toString();
        return "[" + String.join(", ", keys.stream().limit(shown).toList()) + ", ... and " + (keys.size() - shown) + " more]";
    }

    private static void copyInto(Tensor dst, Tensor src) {
        if (dst.dtype() == DType.FLOAT32) {
            float[] v = src.toFloatArray();
            System.arraycopy(v, 0, dst.floatStorage(), dst.storageOffset(), v.length);
            dst.markModified();
        } else {
            long[] v = src.toLongArray();
            System.arraycopy(v, 0, dst.longStorage(), dst.storageOffset(), v.length);
        }
    }

    /** Switches this layer and its children to training behaviour (dropout on, batch statistics). */
    public Layer train() {
        return train(true);
    }

    /** Switches training behaviour on or off for this layer and its children. */
    public Layer train(boolean mode) {
        training = mode;
        for (Layer c : children.values()) c.train(mode);
        return this;
    }

    /** Switches to inference behaviour (dropout off, running statistics). */
    public Layer eval() {
        return train(false);
    }

    /** True in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Total number of trainable parameter values. */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    /**
     * A Keras-style table of each layer's output shape and parameter count, found by running a
     * forward pass on zeros of {@code inputShape} (include the batch dimension, e.g. {@code 1, 1, 28, 28}).
     */
    public String summary(int... inputShape) {
        return Summary.of(this, inputShape);
    }

    /** Short description used by {@link #toString()} and the summary, e.g. {@code Linear(784 -> 128)}. */
    public String describe() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        if (children.isEmpty()) return describe();
        StringBuilder sb = new StringBuilder(describe()).append("(\n");
        for (var e : children.entrySet())
            sb.append("  (").append(e.getKey()).append("): ").append(e.getValue().toString().replace("\n", "\n  ")).append('\n');
        return sb.append(')').toString();
    }
}
