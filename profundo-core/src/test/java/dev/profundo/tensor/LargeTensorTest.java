package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sizes past the parallel thresholds (and strided, broadcast or transposed operands), checked
 * element by element against naive loops, so the row splitting and offsets of the fast paths are covered.
 */
class LargeTensorTest {
    private static float[] randn(long seed, int n) {
        Tensor.manualSeed(seed);
        return Tensor.randn(n).toFloatArray();
    }

    @Test
    void transposedPlusBroadcastRowMatchesLoops() {
        int r = 300, c = 280;
        float[] a = randn(1, r * c), b = randn(2, r);
        // x is the transpose of a [r, c] matrix: x[i][j] = a[j][i]; b broadcasts along dim 1.
        Tensor x = Tensor.of(a, r, c).t();
        Tensor y = x.add(Tensor.of(b, r).reshape(1, r)).mul(x);
        float[] got = y.toFloatArray();
        for (int i = 0; i < c; i++)
            for (int j = 0; j < r; j++) {
                float xv = a[j * c + i];
                assertEquals((xv + b[j]) * xv, got[i * r + j], 1e-5, "at " + i + "," + j);
            }
    }

    @Test
    void unaryOnLargeTransposedInputMatchesLoop() {
        int r = 250, c = 200;
        float[] a = randn(3, r * c);
        float[] got = Tensor.of(a, r, c).t().tanh().toFloatArray();
        for (int i = 0; i < c; i++)
            for (int j = 0; j < r; j++) assertEquals(Math.tanh(a[j * c + i]), got[i * r + j], 1e-6);
    }

    @Test
    void sumOverMiddleDimMatchesLoop() {
        int p = 20, n = 50, q = 70;
        float[] a = randn(4, p * n * q);
        float[] got = Tensor.of(a, p, n, q).sum(1).toFloatArray();
        for (int i = 0; i < p; i++)
            for (int k = 0; k < q; k++) {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[(i * n + j) * q + k];
                assertEquals(s, got[i * q + k], 1e-4);
            }
    }

    @Test
    void softmaxOverDim0OfLargeMatrixMatchesLoop() {
        int r = 40, c = 3000;
        float[] a = randn(5, r * c);
        float[] got = Tensor.of(a, r, c).softmax(0).toFloatArray();
        for (int k = 0; k < c; k += 97) {
            double z = 0;
            for (int i = 0; i < r; i++) z += Math.exp(a[i * c + k]);
            for (int i = 0; i < r; i++) assertEquals(Math.exp(a[i * c + k]) / z, got[i * c + k], 1e-6);
        }
    }

    @Test
    void matmulOfViewsMatchesTripleLoop() {
        int m = 67, k = 45, n = 31;
        float[] a = randn(6, k * m), b = randn(7, n * (k + 3));
        Tensor at = Tensor.of(a, k, m).t();                          // [m, k], transposed view
        Tensor bs = Tensor.of(b, n, k + 3).slice(1, 2, k + 2).t();   // [k, n], sliced then transposed
        float[] got = at.matmul(bs).toFloatArray();
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[p * m + i] * b[j * (k + 3) + 2 + p];
                assertEquals(s, got[i * n + j], 1e-3, "at " + i + "," + j);
            }
    }

    @Test
    void batchedBroadcastMatmulMatchesPerBatchProducts() {
        Tensor.manualSeed(8);
        Tensor a = Tensor.randn(3, 1, 9, 8), b = Tensor.randn(4, 8, 5);
        Tensor c = a.matmul(b);
        assertArrayEquals(new int[] {3, 4, 9, 5}, c.shape());
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 4; j++) {
                Tensor expected = a.slice(0, i, i + 1).reshape(9, 8).matmul(b.slice(0, j, j + 1).reshape(8, 5));
                Tensor actual = c.slice(0, i, i + 1).slice(1, j, j + 1).reshape(9, 5);
                assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 1e-5f);
            }
    }

    @Test
    void largeGradientsAccumulateCorrectly() {
        Tensor w = Tensor.zeros(400, 300).requiresGrad(true);
        Tensor col = Tensor.arange(0, 300).to(DType.FLOAT32);
        w.mul(col).sum().backward();
        w.add(1).sum(0).sum().backward();
        float[] g = w.grad().toFloatArray();
        assertEquals(1, g[0]);
        assertEquals(300, g[299]);
        assertEquals(151, g[399 * 300 + 150]);
    }
}
