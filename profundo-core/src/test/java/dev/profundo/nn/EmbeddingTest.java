package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmbeddingTest {
    @Test
    void outputShapeIsIndexShapePlusDim() {
        Embedding e = new Embedding(10, 4);
        assertArrayEquals(new int[] {2, 3, 4}, e.call(Tensor.of(new long[] {1, 2, 3, 4, 5, 6}, 2, 3)).shape());
        assertArrayEquals(new int[] {4}, e.call(Tensor.of(new long[] {7})).shape());
        assertEquals("Embedding(10, 4)", e.describe());
    }

    @Test
    void initialisationIsStandardNormal() {
        Tensor.manualSeed(0);
        float[] w = new Embedding(1000, 20).weight().toFloatArray();
        double s = 0, sq = 0;
        for (float v : w) {
            s += v;
            sq += v * v;
        }
        assertEquals(0, s / w.length, 0.02);
        assertEquals(1, sq / w.length, 0.03);
    }

    @Test
    void paddingRowStartsAtZeroAndGetsNoGradient() {
        Embedding e = new Embedding(5, 3, 0);
        assertArrayEquals(new float[3], e.weight().slice(0, 0, 1).toFloatArray());
        e.call(Tensor.of(new long[] {0, 2, 0, 2}, 4)).sum().backward();
        float[] g = e.weight().grad().toFloatArray();
        assertArrayEquals(new float[] {0, 0, 0}, java.util.Arrays.copyOfRange(g, 0, 3));
        assertArrayEquals(new float[] {2, 2, 2}, java.util.Arrays.copyOfRange(g, 6, 9));
        assertEquals(4, new Embedding(5, 3, -1).paddingIdx());
    }

    @Test
    void gradientCheckThroughTheLayerWeight() {
        Tensor idx = Tensor.of(new long[] {1, 3, 1, 0}, 2, 2);
        Embedding e = new Embedding(4, 3);
        GradCheck.assertCorrect(xs -> F.embedding(idx, xs[0]), e.weight());
        // A padding row that is never looked up changes nothing.
        GradCheck.assertCorrect(xs -> F.embedding(idx, xs[0], 2), e.weight());
    }

    @Test
    void outOfRangeIndexIsAClearError() {
        Embedding e = new Embedding(10, 4);
        var ex = assertThrows(IllegalArgumentException.class, () -> e.call(Tensor.of(new long[] {0, 10}, 2)));
        assertEquals(true, ex.getMessage().contains("index 10"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Embedding(10, 4, 10));
    }
}
