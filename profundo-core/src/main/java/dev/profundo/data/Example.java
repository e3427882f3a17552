package dev.profundo.data;

import dev.profundo.tensor.Tensor;

/**
 * One sample of a {@link Dataset}: the input {@code x} (no batch dimension) and its target
 * {@code y} (a 0-d int64 class label, a float tensor, or null for an unlabeled dataset).
 */
public record Example(Tensor x, Tensor y) {
    /** Checks that the input is present. */
    public Example {
        if (x == null) throw new IllegalArgumentException("Example: x is null");
    }
}
