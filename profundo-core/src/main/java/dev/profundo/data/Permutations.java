package dev.profundo.data;

import java.util.SplittableRandom;

/** Random permutations of sample indices. */
final class Permutations {
    private Permutations() {}

    /** 0..n-1 in an order drawn from {@code rng} (Fisher-Yates, so every order is equally likely). */
    static int[] shuffled(int n, SplittableRandom rng) {
        int[] p = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }
}
