package dev.profundo.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** A schedule whose lr is a closed-form function of the step number (and the lr the optimizer had at creation). */
abstract class EpochSchedule implements LRScheduler {
    private final Optimizer optimizer;
    private double baseLr;
    private long epoch;
    private double lastLr;

    EpochSchedule(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer is null");
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
    }

    /** The lr at step {@code epoch} (0 at creation). */
    abstract double lrAt(long epoch);

    /** The settings that define the curve, recorded in the state dict and checked on load. */
    abstract Map<String, Double> settings();

    /** Sets the lr of step 0; subclasses call it last in their constructor, once their fields are set. */
    final void start() {
        apply();
    }

    /** The optimizer's lr when this schedule was created. */
    public final double baseLr() {
        return baseLr;
    }

    /** How many times {@link #step()} has run. */
    public final long lastEpoch() {
        return epoch;
    }

    @Override
    public void step() {
        epoch++;
        apply();
    }

    @Override
    public final double lastLr() {
        return lastLr;
    }

    private void apply() {
        lastLr = lrAt(epoch);
        optimizer.setLr(lastLr);
    }

    @Override
    public final Map<String, Double> stateDict() {
        var out = new LinkedHashMap<String, Double>();
        out.put("last_epoch", (double) epoch);
        out.put("base_lr", baseLr);
        out.put("last_lr", lastLr);
        out.putAll(settings());
        return out;
    }

    @Override
    public final void loadStateDict(Map<String, Double> state) {
        String op = getClass().getSimpleName() + ".loadStateDict";
        Map<String, Double> expected = stateDict();
        if (state == null || !state.keySet().equals(expected.keySet()))
            throw new IllegalArgumentException(op + ": expected keys " + new TreeSet<>(expected.keySet()) + ", got "
                    + (state == null ? "null" : new TreeSet<>(state.keySet())));
        settings().forEach((k, v) -> {
            if (!v.equals(state.get(k)))
                throw new IllegalArgumentException(op + ": the state has " + k + "=" + state.get(k)
                        + " but this schedule has " + k + "=" + v + "; create the schedule with the saved settings");
        });
        double base = state.get("base_lr");
        if (!(base >= 0) || Double.isInfinite(base))
            throw new IllegalArgumentException(op + ": base_lr must be finite and >= 0, got " + base);
        double e = state.get("last_epoch");
        if (!(e >= 0 && e == Math.rint(e)))
            throw new IllegalArgumentException(op + ": last_epoch must be a whole number >= 0, got " + e);
        double lr = state.get("last_lr");
        optimizer.setLr(lr);
        baseLr = base;
        epoch = (long) e;
        lastLr = lr;
    }
}
