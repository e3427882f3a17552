package dev.profundo.vision.transforms;

import dev.profundo.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * Pads each image with {@code padding} zeros on every side and cuts a window of the original size
 * at a random offset (torchvision's {@code RandomCrop(size, padding)}): small shifts teach the model
 * that an object's position does not change its class.
 */
public final class RandomCrop implements BatchTransform {
    private final int padding;

    /** Shifts of up to {@code padding} pixels in each direction; padding must be >= 0. */
    public RandomCrop(int padding) {
        if (padding < 0) throw new IllegalArgumentException("RandomCrop: padding must be >= 0, got " + padding);
        this.padding = padding;
    }

    @Override
    public Tensor apply(Tensor batch, SplittableRandom rng) {
        float[] src = BatchTransform.copyOf(batch, "RandomCrop");
        int b = batch.size(0), c = batch.size(1), h = batch.size(2), w = batch.size(3);
        float[] out = new float[src.length];
        for (int i = 0; i < b; i++) {
            // Offset of the window inside the padded image, minus the padding: a shift in [-p, p].
            int dy = rng.nextInt(2 * padding + 1) - padding, dx = rng.nextInt(2 * padding + 1) - padding;
            for (int ch = 0; ch < c; ch++) {
                int base = (i * c + ch) * h * w;
                for (int y = 0; y < h; y++) {
                    int sy = y + dy;
                    if (sy < 0 || sy >= h) continue;
                    for (int x = 0; x < w; x++) {
                        int sx = x + dx;
                        if (sx >= 0 && sx < w) out[base + y * w + x] = src[base + sy * w + sx];
                    }
                }
            }
        }
        return Tensor.wrap(out, batch.shape());
    }
}
