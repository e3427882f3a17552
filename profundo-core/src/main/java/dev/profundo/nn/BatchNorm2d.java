package dev.profundo.nn;

import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * Batch normalisation of image batches [N, C, H, W] per channel: in training, normalise with the
 * batch mean and biased variance over N, H and W and update the running statistics
 * ({@code momentum} 0.1, variance unbiased); in eval, normalise with the running statistics.
 * Then scale by {@code weight} and shift by {@code bias} (ones and zeros at start).
 */
public class BatchNorm2d extends BatchNormBase {
    /** BatchNorm2d with eps 1e-5, momentum 0.1 and a learned affine. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, 1e-5, 0.1, true);
    }

    /** BatchNorm2d with the given eps, momentum and affine choice. */
    public BatchNorm2d(int numFeatures, double eps, double momentum, boolean affine) {
        super(numFeatures, eps, momentum, affine);
    }

    @Override
    void checkRank(Tensor input) {
        if (input.dim() != 4)
            throw new IllegalArgumentException("BatchNorm2d: expected input [N, C, H, W], got shape " + Shape.format(input.shape()));
    }
}
