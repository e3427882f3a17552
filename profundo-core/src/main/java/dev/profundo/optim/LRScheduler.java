package dev.profundo.optim;

import java.util.Map;

/**
 * A learning-rate schedule: each {@link #step()} advances it by one unit (an epoch or a batch, as
 * the caller chooses) and sets the optimizer's lr with {@link Optimizer#setLr}. As in PyTorch, a
 * schedule sets the lr for step 0 when it is created, and {@code scheduler.step()} is called after
 * {@code optimizer.step()}.
 */
public interface LRScheduler {

    /** Advances the schedule by one step and sets the optimizer's learning rate. */
    void step();

    /** The learning rate this schedule last set. */
    double lastLr();

    /** The schedule's position and settings, as numbers (for checkpoints). */
    Map<String, Double> stateDict();

    /**
     * Restores a position saved by {@link #stateDict()} (including the base lr, as PyTorch does, so
     * it does not matter whether the optimizer's state was loaded first) and sets the optimizer's lr
     * to the saved {@code last_lr}; fails if the keys or the schedule's settings differ.
     */
    void loadStateDict(Map<String, Double> state);
}
