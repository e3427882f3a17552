package dev.profundo.data;

/**
 * A finite, indexable collection of {@link Example}s, as in PyTorch's map-style datasets.
 * Implementations must be safe to read from a background thread (the {@link DataLoader}'s
 * prefetch thread), which holds for any dataset that does not mutate state in {@code get}.
 */
public interface Dataset {
    /** The number of examples. */
    int size();

    /** The example at {@code index}, in [0, size()). */
    Example get(int index);

    /**
     * The examples at {@code indices}, stacked along a new first dimension. The default calls
     * {@link #get} per index and copies; datasets held in tensors override it with one gather.
     */
    default Batch getBatch(int[] indices) {
        return Stacker.stack(this, indices);
    }
}
