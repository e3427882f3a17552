package dev.profundo.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NormStatsTest {
    private static float[] data(int n, long seed) {
        var r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (3 + 2 * r.nextGaussian());
        return a;
    }

    @Test
    void sumSquaredDeviationMatchesADoubleLoopAtEveryTailLength() {
        for (int len : new int[] {0, 1, 15, 16, 31, 33, 784, 1024, 1025, 3000}) {
            float[] a = data(len + 5, len);
            float mu = 2.9f;
            double want = 0;
            for (int i = 0; i < len; i++) want += (a[5 + i] - (double) mu) * (a[5 + i] - (double) mu);
            double got = NormStats.sumSquaredDeviation(a, 5, len, mu);
            assertEquals(want, got, 1e-5 * Math.max(1, want), "len " + len);
            assertEquals(got, NormStats.sumSquaredDeviation(a, 5, len, mu), 0.0, "same bits every call");
        }
    }

    @Test
    void sumAndCenteredDotMatchesADoubleLoopAndAccumulates() {
        for (int len : new int[] {0, 1, 17, 196, 784, 2049}) {
            float[] g = data(len + 3, 100 + len), x = data(len + 7, 200 + len);
            float mu = 3.1f;
            double sg = 0, sd = 0;
            for (int i = 0; i < len; i++) {
                sg += g[3 + i];
                sd += g[3 + i] * (x[7 + i] - (double) mu);
            }
            double[] out = {1, -1};
            NormStats.sumAndCenteredDot(g, 3, x, 7, null, 0, len, mu, out);
            assertEquals(1 + sg, out[0], 1e-5 * Math.max(1, Math.abs(sg) + len), "sum, len " + len);
            assertEquals(-1 + sd, out[1], 1e-5 * Math.max(1, Math.abs(sd) + len), "dot, len " + len);
        }
    }
}
