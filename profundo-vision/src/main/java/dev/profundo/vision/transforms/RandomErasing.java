package dev.profundo.vision.transforms;

import dev.profundo.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * Random erasing (Zhong et al., 2017; torchvision's {@code RandomErasing}): with probability
 * {@code p}, fills one random rectangle of each image with {@code value}, covering
 * {@code scale} of its area with an aspect ratio drawn log-uniformly from {@code ratio}. It makes the
 * model use the whole object rather than one telling patch.
 */
public final class RandomErasing implements BatchTransform {
    private final double p, minScale, maxScale, minLogRatio, maxLogRatio;
    private final float value;

    /** torchvision's defaults: p 0.5, scale 0.02..0.33, ratio 0.3..3.3, value 0. */
    public RandomErasing() {
        this(0.5, 0.02, 0.33, 0.3, 3.3, 0f);
    }

    /** Erases with probability {@code p} an area fraction in [minScale, maxScale] with ratio in [minRatio, maxRatio]. */
    public RandomErasing(double p, double minScale, double maxScale, double minRatio, double maxRatio, float value) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("RandomErasing: p must be in [0, 1], got " + p);
        if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1))
            throw new IllegalArgumentException("RandomErasing: need 0 < minScale <= maxScale <= 1, got " + minScale + ", " + maxScale);
        if (!(minRatio > 0 && minRatio <= maxRatio))
            throw new IllegalArgumentException("RandomErasing: need 0 < minRatio <= maxRatio, got " + minRatio + ", " + maxRatio);
        this.p = p;
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.minLogRatio = Math.log(minRatio);
        this.maxLogRatio = Math.log(maxRatio);
        this.value = value;
    }

    @Override
    public Tensor apply(Tensor batch, SplittableRandom rng) {
        float[] v = BatchTransform.copyOf(batch, "RandomErasing");
        int b = batch.size(0), c = batch.size(1), h = batch.size(2), w = batch.size(3);
        for (int i = 0; i < b; i++) {
            if (rng.nextDouble() >= p) continue;
            // As torchvision: up to 10 tries to draw a rectangle that fits; none fits, nothing is erased.
            for (int attempt = 0; attempt < 10; attempt++) {
                double area = h * w * (minScale + (maxScale - minScale) * rng.nextDouble());
                double ratio = Math.exp(minLogRatio + (maxLogRatio - minLogRatio) * rng.nextDouble());
                int eh = (int) Math.round(Math.sqrt(area * ratio)), ew = (int) Math.round(Math.sqrt(area / ratio));
                if (eh < 1 || ew < 1 || eh > h || ew > w) continue;
                int top = rng.nextInt(h - eh + 1), left = rng.nextInt(w - ew + 1);
                for (int ch = 0; ch < c; ch++)
                    for (int y = top; y < top + eh; y++) {
                        int base = ((i * c + ch) * h + y) * w + left;
                        java.util.Arrays.fill(v, base, base + ew, value);
                    }
                break;
            }
        }
        return Tensor.wrap(v, batch.shape());
    }
}
