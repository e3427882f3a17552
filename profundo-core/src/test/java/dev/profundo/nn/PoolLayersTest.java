package dev.profundo.nn;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MaxPool2d, AvgPool2d and AdaptiveAvgPool2d layers: defaults, shapes, descriptions and errors. */
class PoolLayersTest {

    @Test
    void strideDefaultsToTheKernelSize() {
        var pool = new MaxPool2d(2);
        assertArrayEquals(new int[] {2, 2}, pool.stride());
        assertArrayEquals(new int[] {0, 0}, pool.padding());
        assertArrayEquals(new int[] {8, 32, 14, 14}, pool.forward(Tensor.zeros(8, 32, 28, 28)).shape());
        assertArrayEquals(new int[] {8, 32, 7, 7}, new AvgPool2d(2).forward(Tensor.zeros(8, 32, 14, 14)).shape());
    }

    @Test
    void overlappingPaddedWindowsGiveTheFormulaSize() {
        // (28 + 2*1 - 3) / 2 + 1 = 14.
        assertArrayEquals(new int[] {1, 3, 14, 14}, new MaxPool2d(3, 2, 1).forward(Tensor.zeros(1, 3, 28, 28)).shape());
        assertArrayEquals(new int[] {1, 3, 28, 28}, new AvgPool2d(3, 1, 1).forward(Tensor.zeros(1, 3, 28, 28)).shape());
    }

    @Test
    void avgPoolLayerHonoursCountIncludePad() {
        Tensor ones = Tensor.ones(1, 1, 2, 2);
        assertEquals(0.25f, new AvgPool2d(2, 2, 1).forward(ones).toFloatArray()[0]);
        var exclude = new AvgPool2d(2, 2, 1, false);
        assertFalse(exclude.countIncludePad());
        assertEquals(1f, exclude.forward(ones).toFloatArray()[0]);
    }

    @Test
    void adaptivePoolGivesTheRequestedGridForAnyInputSize() {
        var pool = new AdaptiveAvgPool2d(3, 2);
        assertArrayEquals(new int[] {2, 4, 3, 2}, pool.forward(Tensor.zeros(2, 4, 7, 5)).shape());
        assertArrayEquals(new int[] {2, 4, 3, 2}, pool.forward(Tensor.zeros(2, 4, 30, 11)).shape());
        assertArrayEquals(new int[] {1, 1}, new AdaptiveAvgPool2d(1).outputSize());
    }

    @Test
    void describeNamesWindowStrideAndPadding() {
        assertEquals("MaxPool2d(2x2, stride 2)", new MaxPool2d(2).describe());
        assertEquals("MaxPool2d(3x3, stride 2, pad 1)", new MaxPool2d(3, 2, 1).describe());
        assertEquals("AvgPool2d(3x3, stride 1, pad 1, exclude pad)", new AvgPool2d(3, 1, 1, false).describe());
        assertEquals("AdaptiveAvgPool2d(3x2)", new AdaptiveAvgPool2d(3, 2).describe());
    }

    @Test
    void poolingLayersHaveNoParameters() {
        assertTrue(new MaxPool2d(2).parameters().isEmpty());
        assertTrue(new AvgPool2d(2).parameters().isEmpty());
        assertTrue(new AdaptiveAvgPool2d(1).parameters().isEmpty());
    }

    @Test
    void badWindowsAreRejectedAtConstruction() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2));
        assertTrue(e.getMessage().contains("MaxPool2d") && e.getMessage().contains("padding"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(0));
        assertTrue(e.getMessage().contains("kernel size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 0));
        assertTrue(e.getMessage().contains("stride"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(0, 3));
        assertTrue(e.getMessage().contains("0x3"), e.getMessage());
    }
}
