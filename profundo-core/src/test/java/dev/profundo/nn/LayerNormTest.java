package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LayerNormTest {
    @Test
    void startsAsPlainNormalisationWithPyTorchNames() {
        LayerNorm ln = new LayerNorm(4);
        assertArrayEquals(new float[] {1, 1, 1, 1}, ln.weight().toFloatArray());
        assertArrayEquals(new float[4], ln.bias().toFloatArray());
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(ln.stateDict().keySet()));
        float[] y = ln.call(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4)).toFloatArray();
        double s = 0, sq = 0;
        for (float v : y) {
            s += v;
            sq += v * v;
        }
        assertEquals(0, s, 1e-6);
        assertEquals(4 / (1 + 1e-5 / 1.25), sq, 1e-4);
        assertEquals("LayerNorm([4])", ln.describe());
    }

    @Test
    void normalisesOverSeveralTrailingDims() {
        LayerNorm ln = new LayerNorm(2, 3);
        Tensor x = GradCheck.randomInput(1, 0.1, 5, 2, 3);
        assertArrayEquals(new int[] {5, 2, 3}, ln.call(x).shape());
        GradCheck.assertCorrect(xs -> ln.call(xs[0]), x);
        GradCheck.assertCorrect(xs -> F.layerNorm(xs[0], new int[] {2, 3}, xs[1], xs[2], 1e-5),
                x, GradCheck.randomInput(2, 0.1, 2, 3), GradCheck.randomInput(3, 0.1, 2, 3));
    }

    @Test
    void withoutAffineHasNoParameters() {
        LayerNorm ln = new LayerNorm(new int[] {3}, 1e-5, false);
        assertNull(ln.weight());
        assertEquals(0, ln.parameterCount());
        GradCheck.assertCorrect(xs -> ln.call(xs[0]), GradCheck.randomInput(4, 0.1, 2, 3));
    }

    @Test
    void parameterGradientsAreSummedOverRows() {
        LayerNorm ln = new LayerNorm(2);
        Tensor x = Tensor.of(new float[] {0, 2, 5, 1}, 2, 2);
        ln.call(x).sum().backward();
        // x̂ rows are (-1, 1) and (1, -1) up to eps: they cancel in dw; db counts the rows.
        assertArrayEquals(new float[] {0, 0}, ln.weight().grad().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {2, 2}, ln.bias().grad().toFloatArray());
    }

    @Test
    void wrongTrailingShapeIsAClearError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LayerNorm(8).call(Tensor.zeros(2, 4)));
        assertEquals(true, e.getMessage().contains("[2, 4]") && e.getMessage().contains("[8]"), e.getMessage());
    }
}
