package dev.profundo.nn;

import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * Batch normalisation over a batch of vectors [N, C] or sequences [N, C, L]: per channel, in
 * training, normalise with the batch mean and biased variance and update the running statistics
 * ({@code momentum} 0.1, variance unbiased); in eval, normalise with the running statistics.
 * Then scale by {@code weight} and shift by {@code bias} (ones and zeros at start).
 */
public class BatchNorm1d extends BatchNormBase {
    /** BatchNorm1d with eps 1e-5, momentum 0.1 and a learned affine. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true);
    }

    /** BatchNorm1d with the given eps, momentum and affine choice. */
    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine) {
        super(numFeatures, eps, momentum, affine);
    }

    @Override
    void checkRank(Tensor input) {
        if (input.dim() != 2 && input.dim() != 3)
            throw new IllegalArgumentException("BatchNorm1d: expected input [N, C] or [N, C, L], got shape " + Shape.format(input.shape()));
    }
}
