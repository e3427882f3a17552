package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Factories, int64 tensors, item(), PyTorch-like printing and seeded randomness. */
class CreationAndFormatTest {
    @Test
    void ofLongGivesInt64() {
        Tensor y = Tensor.of(new long[] {3, 1, 4}, 3);
        assertEquals(DType.INT64, y.dtype());
        assertArrayEquals(new long[] {3, 1, 4}, y.toLongArray());
        assertEquals(4, y.get(2));
    }

    @Test
    void ofCopiesItsInput() {
        float[] data = {1, 2};
        Tensor t = Tensor.of(data, 2);
        data[0] = 99;
        assertEquals(1, t.get(0));
    }

    @Test
    void arangeIsInt64HalfOpen() {
        Tensor r = Tensor.arange(2, 6);
        assertEquals(DType.INT64, r.dtype());
        assertArrayEquals(new long[] {2, 3, 4, 5}, r.toLongArray());
        assertEquals(0, Tensor.arange(3, 3).numel());
    }

    @Test
    void factoriesFillTheirValues() {
        assertArrayEquals(new float[] {0, 0, 0}, Tensor.zeros(3).toFloatArray());
        assertArrayEquals(new float[] {1, 1}, Tensor.ones(1, 2).toFloatArray());
        assertArrayEquals(new float[] {2.5f, 2.5f}, Tensor.full(2.5, 2).toFloatArray());
        assertEquals(0, Tensor.scalar(7).dim());
        assertEquals(7, Tensor.scalar(7).item());
    }

    @Test
    void itemOfManyElementsNamesTheShape() {
        var e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2, 3).item());
        assertTrue(e.getMessage().startsWith("item:") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertEquals(5, Tensor.full(5, 1, 1).item());
    }

    @Test
    void wholeNumberMatrixPrintsLikePyTorch() {
        assertEquals("tensor([[1., 2.],\n        [3., 4.]])", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).toString());
    }

    @Test
    void fractionsPrintWithFourDecimals() {
        assertEquals("tensor([0.5000, 1.2500])", Tensor.of(new float[] {0.5f, 1.25f}, 2).toString());
    }

    @Test
    void scalarsAndInt64PrintLikePyTorch() {
        assertEquals("tensor(3.)", Tensor.scalar(3).toString());
        assertEquals("tensor([1, 2, 3])", Tensor.of(new long[] {1, 2, 3}, 3).toString());
    }

    @Test
    void columnsAreRightAligned() {
        assertEquals("tensor([-1.,  2.])", Tensor.of(new float[] {-1, 2}, 2).toString());
        assertEquals("tensor([[ 0.5000, -1.2500],\n        [10.0000,  2.0000]])",
                Tensor.of(new float[] {0.5f, -1.25f, 10, 2}, 2, 2).toString());
        assertEquals("tensor([ 1, -2, 30])", Tensor.of(new long[] {1, -2, 30}, 3).toString());
    }

    @Test
    void wideRangesSwitchTheWholeTensorToScientific() {
        assertEquals("tensor([1.0000e-05, 1.0000e+00])", Tensor.of(new float[] {1e-5f, 1}, 2).toString());
        assertEquals("tensor([   nan,    inf, 1.5000])", Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, 1.5f}, 3).toString());
    }

    @Test
    void threeDimsSeparateBlocksWithABlankLine() {
        assertEquals("tensor([[[0., 1.]],\n\n        [[2., 3.]]])", Tensor.of(new float[] {0, 1, 2, 3}, 2, 1, 2).toString());
    }

    @Test
    void gradientHistoryIsShown() {
        Tensor w = Tensor.of(new float[] {1, 2}, 2).requiresGrad(true);
        assertEquals("tensor([1., 2.], requires_grad=True)", w.toString());
        assertEquals("tensor([2., 4.], grad_fn=<MulBackward>)", w.mul(2).toString());
    }

    @Test
    void largeTensorsAreSummarised() {
        String s = Tensor.zeros(2000).toString();
        assertTrue(s.contains("...") && s.length() < 100, s);
    }

    @Test
    void sameSeedSameValues() {
        Tensor.manualSeed(42);
        float[] a = Tensor.rand(5).toFloatArray();
        float[] n1 = Tensor.randn(3, 3).toFloatArray();
        Tensor.manualSeed(42);
        assertArrayEquals(a, Tensor.rand(5).toFloatArray());
        assertArrayEquals(n1, Tensor.randn(3, 3).toFloatArray());
        Tensor.manualSeed(43);
        assertNotEquals(a[0], Tensor.rand(5).toFloatArray()[0]);
    }

    @Test
    void randIsInUnitInterval() {
        Tensor.manualSeed(1);
        float[] v = Tensor.rand(10_000).toFloatArray();
        double sum = 0;
        for (float x : v) {
            assertTrue(x >= 0 && x < 1, "value " + x);
            sum += x;
        }
        assertEquals(0.5, sum / v.length, 0.01);
    }

    @Test
    void randnHasMeanZeroAndStdOne() {
        Tensor.manualSeed(7);
        Tensor n = Tensor.randn(100_000);
        assertEquals(0.0, n.mean().item(), 0.01);
        assertEquals(1.0, n.std().item(), 0.01);
    }
}
