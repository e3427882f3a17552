package dev.profundo.vision.transforms;

import dev.profundo.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * A change applied to a whole batch of images (B, C, H, W) on the data-loading path, such as
 * normalisation or a random augmentation. Implementations return a new tensor and never modify
 * their input (it may share storage with the dataset). Random choices come only from {@code rng},
 * so the same generator state gives the same output on any machine and thread.
 */
@FunctionalInterface
public interface BatchTransform {
    /** Transforms a float32 batch (B, C, H, W). */
    Tensor apply(Tensor batch, SplittableRandom rng);

    /** This transform, then {@code next}. */
    default BatchTransform andThen(BatchTransform next) {
        return (x, rng) -> next.apply(apply(x, rng), rng);
    }

    /** Leaves the batch unchanged. */
    static BatchTransform identity() {
        return (x, rng) -> x;
    }

    /** Checks that {@code x} is a 4-D float batch and returns its values as a fresh array. */
    static float[] copyOf(Tensor x, String op) {
        if (x.dim() != 4)
            throw new IllegalArgumentException(op + ": expected a batch of images (B, C, H, W), got shape "
                    + java.util.Arrays.toString(x.shape()));
        if (x.dtype() != dev.profundo.tensor.DType.FLOAT32)
            throw new IllegalArgumentException(op + ": expected float32 images, got " + x.dtype());
        return x.toFloatArray();
    }
}
