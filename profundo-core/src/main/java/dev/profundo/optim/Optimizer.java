package dev.profundo.optim;

import dev.profundo.kernels.Parallel;
import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Updates a fixed list of leaf parameters from their gradients, with PyTorch's {@code torch.optim}
 * semantics: {@code zeroGrad(); loss.backward(); step();}. Updates run in place on the parameter
 * storage under {@link Tensor#noGrad()}; parameters whose gradient is null are skipped.
 *
 * <p>The state (per-parameter buffers and step counts, the learning rate, the hyperparameters) is
 * exchanged as a {@code Map<String, Tensor>} so it can be saved with safetensors next to the model:
 * {@code lr}, {@code step} (calls to {@link #step()}), one float32 scalar per hyperparameter
 * (booleans as 0/1), and {@code state.<i>.step} (int64) plus {@code state.<i>.<buffer>} (the
 * parameter's shape) for each parameter {@code i} that has been updated.
 */
public abstract class Optimizer {
    private final List<Tensor> params;
    private final ParamState[] states;
    private double lr;
    private long stepCount;

    /** One in-place update of a parameter's {@code n} contiguous values from its gradient's. */
    @FunctionalInterface
    protected interface ParameterUpdate {
        /** Updates {@code param[paramOffset ..]} from {@code grad[gradOffset ..]}, {@code n} values each. */
        void apply(int index, float[] param, int paramOffset, float[] grad, int gradOffset, int n);
    }

    /**
     * The update of one parameter, prepared before any value changes (its state buffers created, its
     * coefficients computed) and returned as the kernel over a range of its values: {@code start} and
     * {@code end} count from the parameter's first value. The kernel may run on any thread, for any split of the
     * range, so the update of a value must depend only on that value and its own state.
     */
    @FunctionalInterface
    protected interface ParameterKernel {
        /** Prepares the update of parameter {@code index} and returns its kernel over value ranges. */
        Parallel.RangeBody prepare(int index, float[] param, int paramOffset, float[] grad, int gradOffset, int n);
    }

    /** Checks the parameters (non-empty, distinct, contiguous float32 leaves that require grad) and the lr. */
    protected Optimizer(List<Tensor> params, double lr) {
        if (params == null)
            throw new IllegalArgumentException(name() + ": params is null; pass model.parameters()");
        if (params.isEmpty())
            throw new IllegalArgumentException(name() + ": the parameter list is empty; pass model.parameters() "
                    + "of a model that has parameters");
        var seen = new IdentityHashMap<Tensor, Integer>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new IllegalArgumentException(name() + ": parameter " + i + " is null");
            checkParameter(i, p);
            Integer first = seen.putIfAbsent(p, i);
            if (first != null)
                throw new IllegalArgumentException(name() + ": " + describe(i, p) + " is the same tensor as parameter "
                        + first + "; each parameter may appear once, or it would be updated twice per step");
        }
        this.params = List.copyOf(params);
        this.states = new ParamState[params.size()];
        this.lr = checkLr(lr);
    }

    private void checkParameter(int i, Tensor p) {
        String what = name() + ": " + describe(i, p);
        if (p.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException(what + " is " + p.dtype() + "; only float32 tensors can be optimized");
        if (!p.isLeaf())
            throw new IllegalArgumentException(what + " is computed by '" + p.gradFn().name() + "', not a leaf; "
                    + "optimizers update leaf tensors: pass the parameters themselves");
        if (!p.requiresGrad())
            throw new IllegalArgumentException(what + " does not require grad, so it would never be updated; "
                    + "call requiresGrad(true) on it or leave it out of the list");
        if (!p.isContiguous())
            throw new IllegalArgumentException(what + " is not contiguous (strides " + Shape.format(p.strides())
                    + "); updates run in place on dense storage: make the parameter with contiguous()");
    }

    private static String describe(int i, Tensor p) {
        String name = p.name() == null ? "" : "'" + p.name() + "', ";
        return "parameter " + i + " (" + name + "shape " + Shape.format(p.shape()) + ")";
    }

    /** The class name used in error messages. */
    final String name() {
        return getClass().getSimpleName();
    }

    // ------------------------------------------------------------------ public API

    /** Applies one update to every parameter that has a gradient. */
    public abstract void step();

    /** Clears every parameter's gradient (sets it to null, PyTorch's {@code set_to_none} default). */
    public void zeroGrad() {
        for (Tensor p : params) p.setGrad(null);
    }

    /** The current learning rate. */
    public double lr() {
        return lr;
    }

    /** Sets the learning rate used by the next steps (schedules call this); must be finite and >= 0. */
    public void setLr(double lr) {
        this.lr = checkLr(lr);
    }

    private double checkLr(double value) {
        if (!(value >= 0) || Double.isInfinite(value))
            throw new IllegalArgumentException(name() + ": invalid learning rate " + value + "; it must be finite and >= 0");
        return value;
    }

    /** The parameters this optimizer updates, in the order given (an unmodifiable list). */
    public List<Tensor> params() {
        return params;
    }

    /** How many times {@link #step()} has run (restored by {@link #loadStateDict}). */
    public long stepCount() {
        return stepCount;
    }

    /** A snapshot of the full state as tensors (copies: later steps do not change it). */
    public Map<String, Tensor> stateDict() {
        var out = new LinkedHashMap<String, Tensor>();
        out.put("lr", Tensor.scalar(lr));
        out.put("step", Tensor.of(new long[] {stepCount}));
        hyperparameters().forEach((k, v) -> out.put(k, Tensor.scalar(v)));
        for (int i = 0; i < states.length; i++) {
            ParamState s = states[i];
            if (s == null) continue;
            out.put("state." + i + ".step", Tensor.of(new long[] {s.step}));
            for (String buffer : bufferNames()) {
                float[] b = s.buffers.get(buffer);
                if (b != null) out.put("state." + i + "." + buffer, Tensor.of(b, params.get(i).shape()));
            }
        }
        return out;
    }

    /**
     * Replaces the state with one from {@link #stateDict()} (values are copied). Every key is
     * validated before anything changes: unknown or missing keys, parameter indices out of range and
     * buffers whose shape differs from their parameter's are reported together in one error.
     * Hyperparameters come from the map too (as PyTorch does); a stored float32 value equal to this
     * optimizer's own at float32 precision keeps the exact double, so a resumed run continues bit for bit.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        String op = name() + ".loadStateDict";
        if (state == null) throw new IllegalArgumentException(op + ": state is null");
        var problems = new ArrayList<String>();
        Map<String, Double> current = hyperparameters();
        double newLr = StateValues.readScalar(state, "lr", lr, problems);
        long newStepCount = StateValues.readCount(state, "step", problems);
        var newHyper = new LinkedHashMap<String, Double>();
        current.forEach((k, v) -> newHyper.put(k, StateValues.readScalar(state, k, v, problems)));

        ParamState[] loaded = readStates(state, current.keySet(), problems);
        if (!problems.isEmpty())
            throw new IllegalArgumentException(op + ": " + String.join("; ", problems)
                    + ". Load a map produced by " + name() + ".stateDict() for the same parameter list.");

        double checkedLr = checkLr(newLr);
        setHyperparameters(newHyper);
        List<String> missing = new ArrayList<>();
        List<String> required = requiredBuffers();
        for (int i = 0; i < loaded.length; i++)
            if (loaded[i] != null)
                for (String b : required)
                    if (!loaded[i].buffers.containsKey(b)) missing.add("state." + i + "." + b);
        if (!missing.isEmpty()) {
            setHyperparameters(current);
            throw new IllegalArgumentException(op + ": missing buffers " + missing + " that " + name()
                    + " with these hyperparameters needs; load a map produced by " + name() + ".stateDict()");
        }
        System.arraycopy(loaded, 0, states, 0, states.length);
        this.lr = checkedLr;
        this.stepCount = newStepCount;
    }

    /** The per-parameter entries of a state dict, checked; {@code topKeys} are the hyperparameter keys to pass over. */
    private ParamState[] readStates(Map<String, Tensor> state, Set<String> topKeys, List<String> problems) {
        var loaded = new ParamState[states.length];
        var hasStep = new boolean[states.length];
        List<String> names = bufferNames();
        for (var e : state.entrySet()) {
            String key = e.getKey();
            if (key == null) {
                problems.add("a key is null");
                continue;
            }
            if (key.equals("lr") || key.equals("step") || topKeys.contains(key)) continue;
            var ref = StateValues.parseStateKey(key, states.length, problems);
            if (ref == null) continue;
            int i = ref.index();
            if (loaded[i] == null) loaded[i] = new ParamState();
            if (ref.buffer().equals("step")) {
                loaded[i].step = StateValues.readCount(state, key, problems);
                hasStep[i] = true;
            } else if (!names.contains(ref.buffer())) {
                problems.add("unknown buffer '" + key + "' (" + name() + " keeps " + names + ")");
            } else {
                float[] values = StateValues.readBuffer(key, e.getValue(), params.get(i), problems);
                if (values != null) loaded[i].buffers.put(ref.buffer(), values);
            }
        }
        for (int i = 0; i < loaded.length; i++)
            if (loaded[i] != null && !hasStep[i])
                problems.add("state." + i + " has buffers but no 'state." + i + ".step'");
        return loaded;
    }

    /** The learning rate and hyperparameters, PyTorch-style: {@code AdamW(lr=0.001, beta1=0.9, …)}. */
    @Override
    public String toString() {
        var sb = new StringBuilder(name()).append("(lr=").append(lr);
        hyperparameters().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        return sb.append(')').toString();
    }

    // ------------------------------------------------------------------ for subclasses

    /** The hyperparameters other than lr, by state-dict key in a fixed order (booleans as 0/1). */
    protected abstract Map<String, Double> hyperparameters();

    /** Validates and then sets all hyperparameters from a map with the keys of {@link #hyperparameters()}. */
    protected abstract void setHyperparameters(Map<String, Double> values);

    /** Every per-parameter buffer name this optimizer may keep, in state-dict order. */
    protected abstract List<String> bufferNames();

    /** The buffers a parameter's loaded state must have under the current hyperparameters. */
    protected abstract List<String> requiredBuffers();

    /**
     * Runs {@code update} under no-grad for each parameter with a gradient (a contiguous copy of a
     * strided gradient), after advancing that parameter's step count, then counts the step.
     */
    protected final void forEachParameter(ParameterUpdate update) {
        try (var _ = Tensor.noGrad()) {
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = gradientOf(i, p);
                if (g == null) continue;
                states[i].step++;
                update.apply(i, p.floatStorage(), p.storageOffset(), g.floatStorage(), g.storageOffset(), p.numel());
                p.markModified();
            }
        }
        stepCount++;
    }

    /**
     * Like {@link #forEachParameter}, but each parameter is only prepared in turn; then the kernels of all of
     * them run as one pass over their values laid end to end, split evenly among the threads. A training step's
     * parameters are mostly small (biases, a few 100k-value weights): one pass keeps both cores busy where one
     * parallel loop per parameter left small ones on one thread and split a 200k-value weight 2:1.
     */
    protected final void forAllParameters(ParameterKernel kernel) {
        try (var _ = Tensor.noGrad()) {
            List<Parallel.RangeBody> bodies = new ArrayList<>();
            List<Tensor> updated = new ArrayList<>();
            long[] starts = new long[params.size() + 1];
            long total = 0;
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = gradientOf(i, p);
                if (g == null) continue;
                states[i].step++;
                bodies.add(kernel.prepare(i, p.floatStorage(), p.storageOffset(), g.floatStorage(), g.storageOffset(),
                        p.numel()));
                updated.add(p);
                starts[bodies.size() - 1] = total;
                total += p.numel();
            }
            starts[bodies.size()] = total;
            Elementwise.forSegments(bodies, starts, total);
            for (Tensor p : updated) p.markModified();
        }
        stepCount++;
    }

    /** Parameter i's gradient, contiguous, with its state created; null when it has none. */
    private Tensor gradientOf(int i, Tensor p) {
        Tensor g = p.grad();
        if (g == null) return null;
        if (g.dtype() != DType.FLOAT32)
            throw new IllegalStateException(name() + ".step: the gradient of " + describe(i, p) + " is "
                    + g.dtype() + "; gradients must be float32");
        if (states[i] == null) states[i] = new ParamState();
        return g.contiguous();
    }

    /** How many updates parameter {@code index} has received, this one included. */
    protected final long paramStep(int index) {
        ParamState s = states[index];
        return s == null ? 0 : s.step;
    }

    /** True when parameter {@code index} already has the named buffer. */
    protected final boolean hasBuffer(int index, String buffer) {
        ParamState s = states[index];
        return s != null && s.buffers.containsKey(buffer);
    }

    /** The named buffer of parameter {@code index}, created as zeros on first use. */
    protected final float[] buffer(int index, String buffer) {
        if (!bufferNames().contains(buffer))
            throw new IllegalStateException(name() + ": buffer '" + buffer + "' is not listed in bufferNames()");
        if (states[index] == null) states[index] = new ParamState();
        return states[index].buffers.computeIfAbsent(buffer, b -> new float[params.get(index).numel()]);
    }

    /** Reads a 0/1 flag from a hyperparameter map, naming the key when the value is neither. */
    protected final boolean flag(Map<String, Double> values, String key) {
        double v = value(values, key);
        if (v != 0 && v != 1)
            throw new IllegalArgumentException(name() + ": hyperparameter '" + key + "' must be 0 or 1, got " + v);
        return v == 1;
    }

    /** Reads a value from a hyperparameter map, naming the key when it is absent. */
    protected final double value(Map<String, Double> values, String key) {
        Double v = values.get(key);
        if (v == null) throw new IllegalArgumentException(name() + ": hyperparameter '" + key + "' is missing");
        return v;
    }
}
