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
