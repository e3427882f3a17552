package dev.profundo.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.Map;

import static dev.profundo.tensor.Grads.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Elementwise forward values under NumPy broadcasting, and the error for shapes that do not broadcast. */
class BroadcastingTest {
    @Test
    void columnPlusRowGivesOuterSum() {
        Tensor col = Tensor.of(new float[] {10, 20, 30}, 3, 1);
        Tensor row = Tensor.of(new float[] {1, 2}, 2);
        assertValues(new float[] {11, 12, 21, 22, 31, 32}, new int[] {3, 2}, col.add(row), 0);
    }

    @Test
    void shape314With24Gives324() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 1, 4);
        Tensor b = Tensor.of(new float[] {0, 0, 0, 0, 100, 100, 100, 100}, 2, 4);
        Tensor c = a.add(b);
        assertArrayEquals(new int[] {3, 2, 4}, c.shape());
        assertEquals(5 + 100, c.get(1, 1, 0));
        assertEquals(12, c.get(2, 0, 3));
        assertArrayEquals(new int[] {3, 2, 4}, b.sub(a).shape());
    }

    @Test
    void scalarTensorBroadcastsToAnyShape() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertValues(new float[] {0.5f, 1, 1.5f, 2}, new int[] {2, 2}, x.div(Tensor.scalar(2)), 0);
        assertValues(new float[] {2, 1, 2f / 3, 0.5f}, new int[] {2, 2}, Tensor.scalar(2).div(x), 1e-7);
    }

    @Test
    void maximumAndMinimumPickElementwise() {
        Tensor a = Tensor.of(new float[] {1, 5, -2}, 3);
        Tensor b = Tensor.of(new float[] {3, 4, -1}, 3);
        assertValues(new float[] {3, 5, -1}, new int[] {3}, a.maximum(b), 0);
        assertValues(new float[] {1, 4, -2}, new int[] {3}, a.minimum(b), 0);
    }

    @Test
    void incompatibleShapesNameOpAndBothShapes() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(4);
        Map<String, Executable> ops = Map.of("add", () -> a.add(b), "sub", () -> a.sub(b), "mul", () -> a.mul(b),
                "div", () -> a.div(b), "maximum", () -> a.maximum(b), "minimum", () -> b.minimum(a));
        ops.forEach((name, call) -> {
            var e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().startsWith(name + ":") && e.getMessage().contains("[2, 3]")
                    && e.getMessage().contains("[4]"), e.getMessage());
        });
    }

    @Test
    void int64PlusInt64StaysInt64() {
        Tensor s = Tensor.of(new long[] {1, 2, 3}, 3).add(Tensor.of(new long[] {10}, 1));
        assertEquals(DType.INT64, s.dtype());
        assertArrayEquals(new long[] {11, 12, 13}, s.toLongArray());
    }

    @Test
    void int64MixedWithFloatGivesFloat() {
        Tensor s = Tensor.of(new long[] {1, 2}, 2).mul(Tensor.of(new float[] {0.5f, 0.25f}, 2));
        assertEquals(DType.FLOAT32, s.dtype());
        assertArrayEquals(new float[] {0.5f, 0.5f}, s.toFloatArray());
    }
}
