package dev.profundo.vision.data;

import java.util.SplittableRandom;

/**
 * A dataset's training and held-out parts.
 *
 * @param train the images to learn from
 * @param test  the held-out images to measure on
 */
public record TrainTest(ImageSet train, ImageSet test) {

    /**
     * Splits a set at random into {@code testSize} held-out images and the rest, with a fixed seed:
     * the same seed gives the same split on every machine and run.
     */
    public static TrainTest split(ImageSet all, int testSize, long seed) {
        int n = all.size();
        if (testSize < 1 || testSize >= n)
            throw new IllegalArgumentException(all.name() + ": test size " + testSize + " must be in [1, " + (n - 1)
                    + "] for " + n + " images");
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int nTrain = n - testSize;
        int[] train = java.util.Arrays.copyOfRange(order, 0, nTrain);
        int[] test = java.util.Arrays.copyOfRange(order, nTrain, n);
        String base = all.name().replaceAll("/.*$", "");
        return new TrainTest(all.select(train, base + "/train"), all.select(test, base + "/test"));
    }

    /** The same split with each part cut to its first {@code n} images (for quick runs). */
    public TrainTest limit(int trainImages, int testImages) {
        return new TrainTest(train.head(trainImages), test.head(testImages));
    }
}
