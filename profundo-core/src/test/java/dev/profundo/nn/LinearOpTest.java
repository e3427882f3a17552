package dev.profundo.nn;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LinearOpTest {
    private static Tensor leaf(int... shape) {
        return Tensor.randn(shape).requiresGrad(true);
    }

    @Test
    void fusedLinearMatchesMatmulPlusBiasInValuesAndGradients() {
        Tensor.manualSeed(1);
        Tensor x = leaf(37, 29);
        Tensor w = leaf(19, 29);
        Tensor b = leaf(19);
        Tensor y = F.linear(x, w, b);
        Tensor ref = x.matmul(w.t()).add(b);
        assertArrayEquals(ref.toFloatArray(), y.toFloatArray(), 1e-4f);

        Tensor up = Tensor.randn(37, 19);
        y.mul(up).sum().backward();
        float[] gx = x.grad().toFloatArray(), gw = w.grad().toFloatArray(), gb = b.grad().toFloatArray();
        x.setGrad(null);
        w.setGrad(null);
        b.setGrad(null);
        ref.mul(up).sum().backward();
        assertArrayEquals(x.grad().toFloatArray(), gx, 1e-4f);
        assertArrayEquals(w.grad().toFloatArray(), gw, 1e-4f);
        assertArrayEquals(b.grad().toFloatArray(), gb, 1e-4f);
    }

    @Test
    void theBiasRoundsAsAGemmThatStartsFromIt() {
        // C starting as the bias (beta = 1) is the definition; adding the bias to the finished product (one
        // k-block deep) must give the same bits, and deeper products keep starting from it.
        Tensor.manualSeed(3);
        int[][] shapes = {{64, 100, 50}, {256, 784, 256}, {40, 2000, 30}, {5, 7, 3}};
        for (int[] s : shapes) {
            int m = s[0], in = s[1], out = s[2];
            Tensor x = Tensor.randn(m, in), w = Tensor.randn(out, in), b = Tensor.randn(out);
            float[] c = new float[m * out];
            for (int i = 0; i < m; i++) System.arraycopy(b.toFloatArray(), 0, c, i * out, out);
            dev.profundo.kernels.Gemm.sgemm(false, true, m, out, in, 1f, x.toFloatArray(), 0, in, w.toFloatArray(), 0, in,
                    1f, c, 0, out);
            assertArrayEquals(c, F.linear(x, w, b).toFloatArray(), m + "x" + in + "x" + out);
            for (int i = 0; i < c.length; i++) c[i] = Math.max(c[i], 0f);
            assertArrayEquals(c, F.linearRelu(x, w, b, null).toFloatArray(), m + "x" + in + "x" + out + " with ReLU");
        }
    }

    @Test
    void expandedUpstreamGradientGivesColumnSumsForTheBias() {
        // sum() hands back an expanded (zero-stride) gradient of ones: db = batch size per output.
        Tensor x = Tensor.ones(5, 3).requiresGrad(true);
        Tensor w = Tensor.ones(2, 3).requiresGrad(true);
        Tensor b = Tensor.zeros(2).requiresGrad(true);
        F.linear(x, w, b).sum().backward();
        assertArrayEquals(new float[] {5, 5}, b.grad().toFloatArray());
        assertArrayEquals(new float[] {5, 5, 5, 5, 5, 5}, w.grad().toFloatArray());
        assertArrayEquals(new float[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2}, x.grad().toFloatArray());
    }

    @Test
    void frozenInputGetsNoGradientAndNonContiguousWeightWorks() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Tensor wt = Tensor.of(new float[] {1, 0, 0, 1, 1, 1}, 2, 3).requiresGrad(true); // weight = wtᵀ, a view
        Tensor y = F.linear(x, wt.t(), null);
        assertArrayEquals(new float[] {3, 2, 2, 7, 4, 4}, y.toFloatArray());
        y.sum().backward();
        assertNull(x.grad());
        assertArrayEquals(new float[] {4, 4, 4, 6, 6, 6}, wt.grad().toFloatArray());
    }
}
