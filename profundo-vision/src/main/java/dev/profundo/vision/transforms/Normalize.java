package dev.profundo.vision.transforms;

import dev.profundo.tensor.Tensor;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Per-channel standardisation {@code (x - mean[c]) / std[c]} with the training set's statistics,
 * as torchvision's {@code Normalize}: it centres the inputs so the first layer learns faster.
 */
public final class Normalize implements BatchTransform {
    private final float[] mean, std;

    /** One mean and one standard deviation per channel; every std must be positive. */
    public Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length)
            throw new IllegalArgumentException("Normalize: need one mean and one std per channel, got "
                    + mean.length + " means and " + std.length + " stds");
        for (float s : std)
            if (!(s > 0) || !Float.isFinite(s))
                throw new IllegalArgumentException("Normalize: every std must be positive and finite, got " + Arrays.toString(std));
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** The per-channel means. */
    public float[] mean() { return mean.clone(); }

    /** The per-channel standard deviations. */
    public float[] std() { return std.clone(); }

    @Override
    public Tensor apply(Tensor batch, SplittableRandom rng) {
        float[] v = BatchTransform.copyOf(batch, "Normalize");
        int b = batch.size(0), c = batch.size(1), plane = batch.size(2) * batch.size(3);
        if (c != mean.length)
            throw new IllegalArgumentException("Normalize: configured for " + mean.length + " channels, got a batch of shape "
                    + Arrays.toString(batch.shape()));
        apply(v, b, c, plane);
        return Tensor.wrap(v, batch.shape());
    }

    /** Normalises {@code b} images of {@code c} planes in place (for callers holding raw arrays). */
    public void apply(float[] v, int b, int c, int plane) {
        for (int i = 0; i < b; i++)
            for (int ch = 0; ch < c; ch++) {
                float m = mean[ch], inv = 1f / std[ch];
                int base = (i * c + ch) * plane;
                for (int p = 0; p < plane; p++) v[base + p] = (v[base + p] - m) * inv;
            }
    }
}
