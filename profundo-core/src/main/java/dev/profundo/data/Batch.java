package dev.profundo.data;

import dev.profundo.tensor.Tensor;

/**
 * A mini-batch: inputs {@code x} of shape (B, ...) and targets {@code y} of shape (B, ...), or
 * null for an unlabeled dataset.
 */
public record Batch(Tensor x, Tensor y) {
    /** Checks that the input is present and that x and y hold the same number of samples. */
    public Batch {
        if (x == null) throw new IllegalArgumentException("Batch: x is null");
        if (x.dim() == 0) throw new IllegalArgumentException("Batch: x must have a batch dimension, but it is 0-d");
        if (y != null && (y.dim() == 0 || y.size(0) != x.size(0)))
            throw new IllegalArgumentException("Batch: x has shape " + java.util.Arrays.toString(x.shape())
                    + " but y has shape " + java.util.Arrays.toString(y.shape()) + "; their first dims must match");
    }

    /** The number of samples in this batch. */
    public int size() { return x.size(0); }
}
