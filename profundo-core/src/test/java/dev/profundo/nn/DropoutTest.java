package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DropoutTest {
    @Test
    void trainingDropsAndScalesEvalPassesThrough() {
        Dropout d = new Dropout(0.25);
        Tensor x = Tensor.ones(8000);
        Tensor.manualSeed(9);
        float[] y = d.call(x).toFloatArray();
        int kept = 0;
        for (float v : y) if (v != 0) kept++;
        assertEquals(6000, kept, 150);
        assertEquals(8000, sum(y), 250); // the expectation is preserved by the 1/(1-p) scale
        d.eval();
        assertSame(x, d.call(x));
    }

    @Test
    void gradientUsesTheForwardMask() {
        Dropout d = new Dropout(0.5);
        Tensor x = Tensor.ones(100).requiresGrad(true);
        Tensor.manualSeed(1);
        Tensor y = d.call(x);
        y.sum().backward();
        assertArrayEquals(y.toFloatArray(), x.grad().toFloatArray());
        GradCheck.assertCorrect(xs -> {
            Tensor.manualSeed(2);
            return d.call(xs[0]);
        }, GradCheck.randomInput(4, 0.1, 3, 4));
    }

    @Test
    void probabilityIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(Double.NaN));
        assertEquals("Dropout(p=0.1)", new Dropout(0.1).describe());
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) s += f;
        return s;
    }
}
