package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.profundo.tensor.Grads.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Views share storage without copying; reshape copies only when it must; slice, expand, cat and stack shapes. */
class ViewSemanticsTest {
    private static Tensor range(int... shape) {
        return Tensor.arange(0, Shape.numel(shape)).to(DType.FLOAT32).reshape(shape);
    }

    @Test
    void viewsShareTheSameStorageArray() {
        Tensor x = range(2, 3, 4);
        float[] storage = x.floatStorage();
        assertSame(storage, x.view(6, 4).floatStorage());
        assertSame(storage, x.reshape(4, 6).floatStorage());
        assertSame(storage, x.permute(2, 0, 1).floatStorage());
        assertSame(storage, x.transpose(0, 1).floatStorage());
        assertSame(storage, x.slice(1, 1, 3).floatStorage());
        assertSame(storage, x.unsqueeze(0).squeeze(0).floatStorage());
        assertSame(storage, x.slice(2, 0, 1).expand(2, 3, 5).floatStorage());
        assertSame(storage, x.flatten(1).floatStorage());
        assertSame(storage, x.detach().floatStorage());
        assertSame(x, x.contiguous());
    }

    @Test
    void writesThroughStorageShowInViews() {
        Tensor x = range(2, 3);
        Tensor v = x.t();
        x.floatStorage()[1] = 42;
        assertEquals(42, v.get(1, 0));
    }

    @Test
    void transposeSwapsStridesWithoutMovingData() {
        Tensor x = range(2, 3);
        Tensor t = x.t();
        assertArrayEquals(new int[] {1, 3}, t.strides());
        assertFalse(t.isContiguous());
        assertEquals(5, t.get(2, 1));
    }

    @Test
    void reshapeOfNonContiguousCopiesInLogicalOrder() {
        Tensor t = range(2, 3).t();
        Tensor r = t.reshape(6);
        assertNotSame(t.floatStorage(), r.floatStorage());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, r.toFloatArray());
    }

    @Test
    void viewOfNonContiguousFailsAndPointsToReshape() {
        var e = assertThrows(IllegalArgumentException.class, () -> range(2, 3).t().view(6));
        assertTrue(e.getMessage().startsWith("view:") && e.getMessage().contains("[3, 2]")
                && e.getMessage().contains("reshape()"), e.getMessage());
    }

    @Test
    void reshapeInfersOneDimension() {
        assertArrayEquals(new int[] {4, 6}, range(2, 3, 4).reshape(4, -1).shape());
        assertArrayEquals(new int[] {24}, range(2, 3, 4).reshape(-1).shape());
    }

    @Test
    void sliceWithNegativeIndicesCountsFromTheEnd() {
        Tensor x = range(5);
        assertArrayEquals(new float[] {3, 4}, x.slice(0, -2, 5).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3}, x.slice(-1, 1, -1).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4}, x.slice(0, -100, 100).toFloatArray());
        assertEquals(0, x.slice(0, 3, 1).numel());
    }

    @Test
    void sliceOfMatrixHasOffsetIntoStorage() {
        Tensor s = range(3, 4).slice(0, 1, 3).slice(1, 2, 4);
        assertEquals(6, s.storageOffset());
        assertValues(new float[] {6, 7, 10, 11}, new int[] {2, 2}, s, 0);
    }

    @Test
    void expandRepeatsWithZeroStride() {
        Tensor col = range(3, 1);
        Tensor e = col.expand(3, 4);
        assertArrayEquals(new int[] {1, 0}, e.strides());
        assertValues(new float[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2}, new int[] {3, 4}, e, 0);
        assertArrayEquals(new int[] {2, 3, 4}, col.expand(2, -1, 4).shape());
    }

    @Test
    void expandOfNonSingletonDimFails() {
        var e = assertThrows(IllegalArgumentException.class, () -> range(3, 2).expand(3, 4));
        assertTrue(e.getMessage().startsWith("expand:") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void squeezeOfNonSingletonIsANoOp() {
        assertArrayEquals(new int[] {2, 3}, range(2, 3).squeeze(0).shape());
        assertArrayEquals(new int[] {2, 3}, range(2, 1, 3).squeeze(-2).shape());
        assertArrayEquals(new int[] {2, 3, 1}, range(2, 3).unsqueeze(-1).shape());
    }

    @Test
    void permuteReordersShape() {
        Tensor p = range(2, 3, 4).permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertEquals(1 * 12 + 2 * 4 + 3, p.get(3, 1, 2));
    }

    @Test
    void flattenKeepsBatchDim() {
        assertArrayEquals(new int[] {2, 12}, range(2, 3, 4).flatten(1).shape());
        assertArrayEquals(new int[] {6, 4}, range(2, 3, 4).flatten(0, 1).shape());
    }

    @Test
    void catJoinsAlongDim() {
        Tensor c = Tensor.cat(List.of(range(2, 2), range(2, 1)), 1);
        assertValues(new float[] {0, 1, 0, 2, 3, 1}, new int[] {2, 3}, c, 0);
        assertArrayEquals(new int[] {5, 2}, Tensor.cat(List.of(range(2, 2), range(3, 2)), -2).shape());
    }

    @Test
    void catOfInt64StaysInt64() {
        Tensor c = Tensor.cat(List.of(Tensor.arange(0, 2), Tensor.arange(5, 6)), 0);
        assertEquals(DType.INT64, c.dtype());
        assertArrayEquals(new long[] {0, 1, 5}, c.toLongArray());
    }

    @Test
    void catWithMismatchedShapesNamesBoth() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(range(2, 2), range(3, 3)), 0));
        assertTrue(e.getMessage().startsWith("cat:") && e.getMessage().contains("[3, 3]") && e.getMessage().contains("[2, 2]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tensor.cat(List.of(), 0));
    }

    @Test
    void stackAddsANewDim() {
        Tensor s = Tensor.stack(List.of(range(2, 3), range(2, 3)), 1);
        assertArrayEquals(new int[] {2, 2, 3}, s.shape());
        assertArrayEquals(new int[] {2, 3, 2}, Tensor.stack(List.of(range(2, 3), range(2, 3)), -1).shape());
        assertEquals(5, s.get(1, 1, 2));
    }

    @Test
    void stackWithUnequalShapesFails() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.stack(List.of(range(2, 3), range(3, 2)), 0));
        assertTrue(e.getMessage().startsWith("stack:") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }
}
