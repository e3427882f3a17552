package dev.profundo.train;

/** User code run at points of the training loop; every method has an empty default. */
public interface Callback {
    /** Called once before the first epoch of {@link Trainer#fit}. */
    default void onTrainBegin(Trainer trainer) {}

    /** Called after each optimizer step with the batch's loss. */
    default void onBatchEnd(int epoch, int batch, int batches, double loss) {}

    /** Called after each epoch (after evaluation and checkpointing). */
    default void onEpochEnd(EpochStats stats) {}

    /** Called once when training ends, normally or by early stopping. */
    default void onTrainEnd(FitResult result) {}
}
