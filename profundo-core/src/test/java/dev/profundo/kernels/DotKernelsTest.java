package dev.profundo.kernels;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DotKernelsTest {

    @Test
    void dot4GivesTheSameBitsAsFourDots() {
        SplittableRandom r = new SplittableRandom(7);
        for (int len : new int[] {1, 15, 16, 17, 31, 32, 33, 48, 100, 784}) {
            float[] a = TestArrays.uniform(r, len + 3);
            float[] b = TestArrays.uniform(r, 4 * len + 40);
            float[] out = new float[6];
            int[] offs = {5, 5 + len + 1, 5 + 2 * len + 9, 5 + 3 * len + 20};
            VectorLoops.dot4(a, 3, b, offs[0], offs[1], offs[2], offs[3], len, out, 1);
            for (int u = 0; u < 4; u++) {
                assertEquals(Float.floatToIntBits(VectorLoops.dot(a, 3, b, offs[u], len)),
                        Float.floatToIntBits(out[1 + u]), "len " + len + " row " + u);
            }
        }
    }

    @Test
    void treeSumAddsAllLanes() {
        float[] v = new float[Simd.LANES];
        double expect = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 0.5f;
            expect += v[i];
        }
        assertEquals(expect, VectorLoops.treeSum(jdk.incubator.vector.FloatVector.fromArray(Simd.F, v, 0)), 0);
    }

    @Test
    void rowVectorTimesTransposedMatrixMatchesNaiveWithBeta() {
        // m = 1 with B stored n x k: the batch-1 Linear forward, served by the four-column dot path.
        SplittableRandom r = new SplittableRandom(3);
        int n = 23;
        int k = 70;
        float[] a = TestArrays.uniform(r, k);
        float[] b = TestArrays.uniform(r, n * k);
        float[] c = TestArrays.uniform(r, n);
        float[] expect = new float[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int p = 0; p < k; p++) s += (double) a[p] * b[j * k + p];
            expect[j] = (float) (2 * s + 0.5 * c[j]);
        }
        Gemm.sgemm(false, true, 1, n, k, 2f, a, 0, k, b, 0, k, 0.5f, c, 0, n);
        for (int j = 0; j < n; j++) assertEquals(expect[j], c[j], 1e-4, "column " + j);
    }
}
