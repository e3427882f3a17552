package dev.profundo.vision.transforms;

import dev.profundo.tensor.Tensor;

import java.util.SplittableRandom;

/** Mirrors each image left-to-right with probability {@code p} (torchvision's {@code RandomHorizontalFlip}). */
public final class RandomHorizontalFlip implements BatchTransform {
    private final double p;

    /** Flips each image with probability {@code p} in [0, 1]. */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomHorizontalFlip: p must be in [0, 1], got " + p);
        this.p = p;
    }

    @Override
    public Tensor apply(Tensor batch, SplittableRandom rng) {
        float[] v = BatchTransform.copyOf(batch, "RandomHorizontalFlip");
        int b = batch.size(0), c = batch.size(1), h = batch.size(2), w = batch.size(3);
        for (int i = 0; i < b; i++) {
            if (rng.nextDouble() >= p) continue;
            for (int row = 0; row < c * h; row++) {
                int base = (i * c * h + row) * w;
                for (int x = 0, y = w - 1; x < y; x++, y--) {
                    float t = v[base + x];
                    v[base + x] = v[base + y];
                    v[base + y] = t;
                }
            }
        }
        return Tensor.wrap(v, batch.shape());
    }
}
