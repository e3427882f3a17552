package dev.profundo.kernels;

import java.util.SplittableRandom;

/** Random inputs shared by the kernel tests. */
final class TestArrays {
    private TestArrays() {}

    /** len values drawn uniformly from [-1, 1). */
    static float[] uniform(SplittableRandom r, int len) {
        float[] x = new float[len];
        for (int i = 0; i < len; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
