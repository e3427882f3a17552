package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Values and finite-difference gradient checks of the functional ops (losses are in {@link LossesTest}). */
class FTest {
    private static Tensor input(long seed, int... shape) {
        return GradCheck.randomInput(seed, 0.05, shape);
    }

    @Test
    void activationsHaveCorrectGradients() {
        Tensor x = input(1, 3, 4);
        GradCheck.assertCorrect(xs -> F.relu(xs[0]), x);
        GradCheck.assertCorrect(xs -> F.leakyRelu(xs[0], 0.2), x);
        GradCheck.assertCorrect(xs -> F.gelu(xs[0]), x);
        GradCheck.assertCorrect(xs -> F.gelu(xs[0], true), x);
        GradCheck.assertCorrect(xs -> F.silu(xs[0]), x);
        GradCheck.assertCorrect(xs -> F.sigmoid(xs[0]), x);
        GradCheck.assertCorrect(xs -> F.tanh(xs[0]), x);
        GradCheck.assertCorrect(xs -> F.softmax(xs[0], 1), x);
        GradCheck.assertCorrect(xs -> F.logSoftmax(xs[0], 0), x);
    }

    @Test
    void activationValuesMatchTheirFormulas() {
        Tensor x = Tensor.of(new float[] {-2f, 0.5f}, 2);
        assertArrayEquals(new float[] {0f, 0.5f}, F.relu(x).toFloatArray());
        assertArrayEquals(new float[] {-0.02f, 0.5f}, F.leakyRelu(x, 0.01).toFloatArray(), 1e-7f);
        // GELU(0.5) = 0.5·Φ(0.5) = 0.345731; tanh form 0.345714.
        assertEquals(0.3457312, F.gelu(x).toFloatArray()[1], 1e-6);
        assertEquals(0.3457140, F.gelu(x, true).toFloatArray()[1], 1e-6);
        assertEquals(-2 / (1 + Math.exp(2)), F.silu(x).toFloatArray()[0], 1e-6);
    }

    @Test
    void linearMatchesHandComputedValuesAndGradients() {
        Tensor x = Tensor.of(new float[] {1, 2}, 1, 2);
        Tensor w = Tensor.of(new float[] {1, 0, -1, 3}, 2, 2);
        Tensor b = Tensor.of(new float[] {0.5f, -1}, 2);
        assertArrayEquals(new float[] {1.5f, 4f}, F.linear(x, w, b).toFloatArray());
        assertArrayEquals(new float[] {1f, 5f}, F.linear(x, w, null).toFloatArray());
        GradCheck.assertCorrect(xs -> F.linear(xs[0], xs[1], xs[2]), input(2, 4, 3), input(3, 5, 3), input(4, 5));
        GradCheck.assertCorrect(xs -> F.linear(xs[0], xs[1], null), input(5, 3), input(6, 2, 3));
    }

    @Test
    void linearAcceptsAnyLeadingDims() {
        Tensor x = input(7, 2, 3, 4);
        Tensor w = input(8, 5, 4), b = input(9, 5);
        Tensor y = F.linear(x, w, b);
        assertArrayEquals(new int[] {2, 3, 5}, y.shape());
        // Row (1, 2) equals the 2-D result for that row alone.
        Tensor row = F.linear(x.slice(0, 1, 2).slice(1, 2, 3).reshape(1, 4), w, b);
        assertArrayEquals(row.toFloatArray(), y.slice(0, 1, 2).slice(1, 2, 3).reshape(1, 5).toFloatArray(), 1e-6f);
        GradCheck.assertCorrect(xs -> F.linear(xs[0], xs[1], xs[2]), x, w, b);
    }

    @Test
    void linearNamesBothShapesOnMismatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.linear(Tensor.zeros(32, 700), Tensor.zeros(128, 784), null));
        assertTrue(e.getMessage().contains("[32, 700]") && e.getMessage().contains("[128, 784]"), e.getMessage());
    }

    @Test
    void dropoutGradientFollowsTheSameMask() {
        // Reseeding inside the function gives every evaluation the same mask, so the check is deterministic.
        GradCheck.assertCorrect(xs -> {
            Tensor.manualSeed(11);
            return F.dropout(xs[0], 0.4, true);
        }, input(10, 4, 5));
    }

    @Test
    void dropoutZeroesAboutPAndScalesTheRest() {
        Tensor.manualSeed(3);
        float[] y = F.dropout(Tensor.ones(10_000), 0.3, true).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertEquals(1 / 0.7, v, 1e-6);
        }
        assertEquals(3000, zeros, 150);
        Tensor x = Tensor.ones(3);
        assertSame(x, F.dropout(x, 0.3, false));
        assertThrows(IllegalArgumentException.class, () -> F.dropout(x, 1.0, true));
        assertThrows(IllegalArgumentException.class, () -> F.dropout(x, -0.1, true));
    }

    @Test
    void dropoutMaskIsReproducibleUnderManualSeed() {
        Tensor.manualSeed(5);
        float[] a = F.dropout(Tensor.ones(64), 0.5, true).toFloatArray();
        Tensor.manualSeed(5);
        float[] b = F.dropout(Tensor.ones(64), 0.5, true).toFloatArray();
        assertArrayEquals(a, b);
    }

    @Test
    void layerNormNormalisesEachRow() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, -1, 1, -1, 1}, 2, 4);
        float[] y = F.layerNorm(x, new int[] {4}, null, null, 1e-5).toFloatArray();
        // Row 0: mean 2.5, biased var 1.25 -> (1 - 2.5)/sqrt(1.25 + 1e-5).
        assertEquals(-1.5 / Math.sqrt(1.25 + 1e-5), y[0], 1e-6);
        assertEquals(1 / Math.sqrt(1 + 1e-5), y[5], 1e-6);
        Tensor w = Tensor.of(new float[] {2, 2, 2, 2}, 4), b = Tensor.of(new float[] {1, 1, 1, 1}, 4);
        assertEquals(2 * y[0] + 1, F.layerNorm(x, new int[] {4}, w, b, 1e-5).toFloatArray()[0], 1e-6);
    }

    @Test
    void layerNormGradientsWithAndWithoutAffine() {
        GradCheck.assertCorrect(xs -> F.layerNorm(xs[0], new int[] {6}, xs[1], xs[2], 1e-5), input(12, 3, 6), input(13, 6), input(14, 6));
        GradCheck.assertCorrect(xs -> F.layerNorm(xs[0], new int[] {2, 3}, xs[1], null, 1e-5), input(15, 2, 2, 3), input(16, 2, 3));
        GradCheck.assertCorrect(xs -> F.layerNorm(xs[0], new int[] {5}, null, null, 1e-5), input(17, 4, 5));
    }

    @Test
    void layerNormRejectsAShapeThatDoesNotEndWithNormalizedShape() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> F.layerNorm(Tensor.zeros(2, 5), new int[] {4}, null, null, 1e-5));
        assertTrue(e.getMessage().contains("[2, 5]") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void batchNormTrainingGradients() {
        GradCheck.assertCorrect(xs -> F.batchNorm(xs[0], null, null, xs[1], xs[2], true, 0.1, 1e-5),
                input(20, 4, 3), input(21, 3), input(22, 3));
        GradCheck.assertCorrect(xs -> F.batchNorm(xs[0], Tensor.zeros(2), Tensor.ones(2), xs[1], xs[2], true, 0.1, 1e-5),
                input(23, 3, 2, 2, 2), input(24, 2), input(25, 2));
        GradCheck.assertCorrect(xs -> F.batchNorm(xs[0], null, null, null, null, true, 0.1, 1e-5), input(26, 3, 2, 4));
    }

    @Test
    void batchNormEvalGradientsUseRunningStatistics() {
        Tensor rm = Tensor.of(new float[] {0.5f, -1}, 2), rv = Tensor.of(new float[] {2, 0.5f}, 2);
        GradCheck.assertCorrect(xs -> F.batchNorm(xs[0], rm, rv, xs[1], xs[2], false, 0.1, 1e-5),
                input(27, 3, 2, 3), input(28, 2), input(29, 2));
        float[] y = F.batchNorm(Tensor.of(new float[] {1.5f, 0f}, 1, 2), rm, rv, null, null, false, 0.1, 0).toFloatArray();
        assertEquals(1 / Math.sqrt(2), y[0], 1e-6);
        assertEquals(1 / Math.sqrt(0.5), y[1], 1e-6);
    }

    @Test
    void embeddingLooksUpRowsAndScattersGradients() {
        Tensor w = Tensor.of(new float[] {0, 1, 10, 11, 20, 21}, 3, 2);
        Tensor idx = Tensor.of(new long[] {2, 0, 2, 1}, 2, 2);
        Tensor y = F.embedding(idx, w);
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new float[] {20, 21, 0, 1, 20, 21, 10, 11}, y.toFloatArray());
        GradCheck.assertCorrect(xs -> F.embedding(idx, xs[0]), input(30, 3, 2));
        // With a padding row, the gradient is the plain one with that row zeroed.
        Tensor wp = input(31, 3, 2).requiresGrad(true), wq = Tensor.of(wp.toFloatArray(), 3, 2).requiresGrad(true);
        Tensor up = input(32, 2, 2, 2);
        F.embedding(idx, wp, 2).mul(up).sum().backward();
        F.embedding(idx, wq).mul(up).sum().backward();
        float[] expected = wq.grad().toFloatArray();
        expected[4] = expected[5] = 0;
        assertArrayEquals(expected, wp.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void embeddingRejectsOutOfRangeAndFloatIndices() {
        Tensor w = Tensor.zeros(10, 4);
        var e = assertThrows(IllegalArgumentException.class, () -> F.embedding(Tensor.of(new long[] {3, 12}, 2), w));
        assertTrue(e.getMessage().contains("index 12") && e.getMessage().contains("10 embeddings"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> F.embedding(Tensor.of(new long[] {-1}, 1), w));
        var f = assertThrows(IllegalArgumentException.class, () -> F.embedding(Tensor.zeros(2), w));
        assertTrue(f.getMessage().contains("int64"), f.getMessage());
    }
}
