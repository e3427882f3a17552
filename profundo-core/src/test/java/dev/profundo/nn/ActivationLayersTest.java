package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The parameter-free layers: ReLU, LeakyReLU, GELU, SiLU, Tanh, Sigmoid, Softmax, Identity, Flatten. */
class ActivationLayersTest {
    @Test
    void everyActivationLayerHasCorrectInputGradients() {
        Tensor x = GradCheck.randomInput(3, 0.05, 2, 5);
        for (Layer l : List.of(new ReLU(), new LeakyReLU(), new LeakyReLU(0.3), new GELU(), new GELU("tanh"), new SiLU(),
                new Tanh(), new Sigmoid(), new Softmax(-1), new Identity(), new Flatten(0, 1))) {
            var r = GradCheck.check(xs -> l.call(xs[0]), x);
            assertEquals(true, r.passed(), l.describe() + ": " + r);
        }
    }

    @Test
    void layersMatchTheirFunctionalForms() {
        Tensor x = Tensor.of(new float[] {-1, 0.5f, 2, -3}, 2, 2);
        assertArrayEquals(F.relu(x).toFloatArray(), new ReLU().call(x).toFloatArray());
        assertArrayEquals(new float[] {-0.01f, 0.5f, 2, -0.03f}, new LeakyReLU().call(x).toFloatArray(), 1e-7f);
        assertArrayEquals(F.gelu(x, true).toFloatArray(), new GELU("tanh").call(x).toFloatArray());
        assertArrayEquals(F.silu(x).toFloatArray(), new SiLU().call(x).toFloatArray());
        assertArrayEquals(F.tanh(x).toFloatArray(), new Tanh().call(x).toFloatArray());
        assertArrayEquals(F.sigmoid(x).toFloatArray(), new Sigmoid().call(x).toFloatArray());
        float[] s = new Softmax(1).call(x).toFloatArray();
        assertEquals(1.0, s[0] + s[1], 1e-6);
        assertSame(x, new Identity().call(x));
        assertThrows(IllegalArgumentException.class, () -> new GELU("fast"));
    }

    @Test
    void flattenKeepsTheBatchDimByDefault() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 60}, new Flatten().call(x).shape());
        assertArrayEquals(new int[] {2, 12, 5}, new Flatten(1, 2).call(x).shape());
        assertArrayEquals(new int[] {120}, new Flatten(0, -1).call(x).shape());
        assertEquals("Flatten", new Flatten().describe());
    }
}
