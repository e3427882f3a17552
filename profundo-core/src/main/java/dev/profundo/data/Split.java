package dev.profundo.data;

import java.util.SplittableRandom;

/** A dataset cut in two disjoint parts, e.g. for training and validation. */
public record Split(Subset first, Subset second) {
    /**
     * Shuffles the indices of {@code dataset} with {@code seed} and puts the first
     * {@code firstSize} in {@link #first()} and the rest in {@link #second()}. The same seed
     * gives the same split, whatever the global generator's state.
     */
    public static Split randomSplit(Dataset dataset, int firstSize, long seed) {
        int n = dataset.size();
        if (firstSize < 0 || firstSize > n)
            throw new IllegalArgumentException("randomSplit: firstSize " + firstSize + " must be in [0, " + n
                    + "] for a dataset of " + n + " examples");
        int[] perm = Permutations.shuffled(n, new SplittableRandom(seed));
        return new Split(new Subset(dataset, java.util.Arrays.copyOfRange(perm, 0, firstSize)),
                new Subset(dataset, java.util.Arrays.copyOfRange(perm, firstSize, n)));
    }
}
