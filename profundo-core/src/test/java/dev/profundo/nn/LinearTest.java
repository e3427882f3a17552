package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LinearTest {
    @Test
    void shapesAndParameterNamesFollowPyTorch() {
        Linear l = new Linear(784, 128);
        assertArrayEquals(new int[] {128, 784}, l.weight().shape());
        assertArrayEquals(new int[] {128}, l.bias().shape());
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(l.stateDict().keySet()));
        assertEquals(784 * 128 + 128, l.parameterCount());
        assertEquals("Linear(784 -> 128)", l.describe());
        assertArrayEquals(new int[] {2, 5, 128}, l.call(Tensor.zeros(2, 5, 784)).shape());
    }

    @Test
    void withoutBias() {
        Linear l = new Linear(3, 2, false);
        assertNull(l.bias());
        assertEquals(1, l.parameters().size());
        assertEquals("Linear(3 -> 2, bias=false)", l.describe());
    }

    @Test
    void initialisationStaysWithinOneOverSqrtFanInAndSpreadsAcrossIt() {
        Tensor.manualSeed(0);
        Linear l = new Linear(64, 256);
        double bound = 1 / Math.sqrt(64);
        float[] w = l.weight().toFloatArray();
        double min = 1, max = -1, sumSq = 0;
        for (float v : w) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sumSq += v * v;
        }
        assertTrue(min >= -bound && max <= bound, min + " " + max);
        // A uniform on [-b, b] has variance b²/3 and reaches close to both ends.
        assertEquals(bound * bound / 3, sumSq / w.length, bound * bound / 3 * 0.05);
        assertTrue(max > 0.98 * bound && min < -0.98 * bound);
        for (float v : l.bias().toFloatArray()) assertTrue(Math.abs(v) <= bound);
    }

    @Test
    void zeroInputFeaturesIsAllowedAndGivesTheBias() {
        Linear l = new Linear(0, 2);
        assertArrayEquals(new float[] {0, 0}, l.bias().toFloatArray()); // bound 0 when fanIn is 0, as PyTorch
        assertArrayEquals(new int[] {3, 2}, l.call(Tensor.zeros(3, 0)).shape());
    }

    @Test
    void initialisationIsReproducibleUnderManualSeed() {
        Tensor.manualSeed(42);
        float[] a = new Linear(10, 7).weight().toFloatArray();
        Tensor.manualSeed(42);
        float[] b = new Linear(10, 7).weight().toFloatArray();
        Tensor.manualSeed(43);
        float[] c = new Linear(10, 7).weight().toFloatArray();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void gradientsReachInputAndParameters() {
        Linear l = new Linear(3, 2);
        Tensor x = GradCheck.randomInput(1, 0.1, 4, 3);
        GradCheck.assertCorrect(xs -> l.call(xs[0]), x);
        GradCheck.assertCorrect(xs -> F.linear(xs[0], xs[1], xs[2]), x, l.weight(), l.bias());
        // The layer's own parameters receive dL/dW = gᵀx and dL/db = Σg for L = sum(y).
        for (Tensor p : l.parameters()) p.setGrad(null); // the checks above accumulated into them
        l.call(x).sum().backward();
        float[] xv = x.toFloatArray();
        float[] colSums = new float[3];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 3; j++) colSums[j] += xv[i * 3 + j];
        float[] expectW = new float[6];
        for (int o = 0; o < 2; o++) System.arraycopy(colSums, 0, expectW, o * 3, 3);
        assertArrayEquals(expectW, l.weight().grad().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {4, 4}, l.bias().grad().toFloatArray(), 1e-6f);
    }
}
