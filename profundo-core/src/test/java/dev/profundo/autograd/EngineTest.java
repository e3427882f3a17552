package dev.profundo.autograd;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backward engine: accumulation, shared inputs, error messages, graph freeing, deep graphs. */
class EngineTest {
    private static Tensor param(float... v) {
        return Tensor.of(v, v.length).requiresGrad(true);
    }

    @Test
    void gradientOfSquareSum() {
        Tensor x = param(1, -2, 3);
        x.square().sum().backward();
        assertArrayEquals(new float[] {2, -4, 6}, x.grad().toFloatArray());
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = param(1, 2);
        x.mul(3).sum().backward();
        x.mul(3).sum().backward();
        assertArrayEquals(new float[] {6, 6}, x.grad().toFloatArray());
        x.setGrad(null);
        x.mul(5).sum().backward();
        assertArrayEquals(new float[] {5, 5}, x.grad().toFloatArray());
    }

    @Test
    void tensorUsedTwiceGetsBothContributions() {
        Tensor x = param(3, -1);
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {6, -2}, x.grad().toFloatArray());
    }

    @Test
    void diamondGraphSumsBothPaths() {
        Tensor x = param(2);
        Tensor h = x.mul(3);
        h.add(h.exp()).sum().backward();
        assertEquals(3 + 3 * Math.exp(6), x.grad().item(), 1e-2);
    }

    @Test
    void backwardWithExplicitGradient() {
        Tensor x = param(1, 2, 3);
        x.mul(2).backward(Tensor.of(new float[] {1, 0, -1}, 3));
        assertArrayEquals(new float[] {2, 0, -2}, x.grad().toFloatArray());
    }

    @Test
    void nonScalarBackwardWithoutGradientNamesTheShape() {
        Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2);
        var e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("sum()"), e.getMessage());
    }

    @Test
    void explicitGradientOfWrongShapeIsRejected() {
        Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2);
        var e = assertThrows(IllegalArgumentException.class, () -> y.backward(Tensor.ones(3, 2)));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void backwardTwiceThroughTheSameGraphFailsClearly() {
        Tensor x = param(1, 2);
        Tensor loss = x.exp().sum();
        loss.backward();
        var e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void backwardThroughAFreedIntermediateFailsClearly() {
        Tensor x = param(1, 2);
        Tensor h = x.exp();
        h.sum().backward();
        var e = assertThrows(IllegalStateException.class, () -> h.mean().backward());
        assertTrue(e.getMessage().contains("second time"), e.getMessage());
    }

    @Test
    void backwardOnTensorWithoutGradFails() {
        var e = assertThrows(IllegalStateException.class, () -> Tensor.ones(2).sum().backward());
        assertTrue(e.getMessage().contains("requiresGrad(true)"), e.getMessage());
    }

    @Test
    void detachCutsTheGraph() {
        Tensor x = param(2, 3);
        Tensor d = x.mul(4).detach();
        assertFalse(d.requiresGrad());
        assertTrue(d.isLeaf());
        Tensor y = x.mul(d).sum();
        y.backward();
        assertArrayEquals(new float[] {8, 12}, x.grad().toFloatArray());
    }

    @Test
    void onlyLeavesKeepGradients() {
        Tensor x = param(1);
        Tensor h = x.mul(2);
        h.sum().backward();
        assertNull(h.grad());
        assertFalse(h.isLeaf());
        assertTrue(x.isLeaf());
    }

    @Test
    void inputWithoutRequiresGradGetsNoGradient() {
        Tensor x = param(1, 2);
        Tensor c = Tensor.of(new float[] {3, 4}, 2);
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertArrayEquals(new float[] {3, 4}, x.grad().toFloatArray());
    }

    @Test
    void int64CannotRequireGrad() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 3).requiresGrad(true));
        assertTrue(e.getMessage().contains("INT64"), e.getMessage());
    }

    @Test
    void computedTensorCannotDropItsHistory() {
        Tensor y = param(1).mul(2);
        assertThrows(IllegalStateException.class, () -> y.requiresGrad(false));
    }

    @Test
    void deepChainDoesNotOverflowTheStack() {
        Tensor x = param(1);
        Tensor one = Tensor.of(new float[] {1}, 1);
        Tensor y = x;
        for (int i = 0; i < 20_000; i++) y = y.add(one);
        assertEquals(20_001, y.item());
        y.sum().backward();
        assertEquals(1, x.grad().item());
    }

    @Test
    void gradientKeepsTheLeafShapeAfterBroadcast() {
        Tensor b = Tensor.zeros(1, 3).requiresGrad(true);
        Tensor.ones(4, 3).add(b).sum().backward();
        assertArrayEquals(new int[] {1, 3}, b.grad().shape());
        assertArrayEquals(new float[] {4, 4, 4}, b.grad().toFloatArray());
    }

    @Test
    void customOpWithWrongGradientShapeIsReported() {
        Tensor x = param(1, 2);
        Tensor y;
        try (var _ = Tensor.noGrad()) {
            y = x.mul(2);
        }
        Tensor out = Node.record("broken", y, g -> new Tensor[] {Tensor.ones(3)}, x);
        var e = assertThrows(IllegalStateException.class, () -> out.sum().backward());
        assertTrue(e.getMessage().contains("broken") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void maximumSplitsTheGradientOfTiesEvenly() {
        Tensor a = param(1, 5, 2);
        Tensor b = param(1, 3, 4);
        a.maximum(b).sum().backward();
        assertArrayEquals(new float[] {0.5f, 1, 0}, a.grad().toFloatArray());
        assertArrayEquals(new float[] {0.5f, 0, 1}, b.grad().toFloatArray());
    }

    @Test
    void maxOverDimRoutesTheGradientToTheFirstMaximum() {
        Tensor x = Tensor.of(new float[] {1, 7, 7, 2}, 1, 4).requiresGrad(true);
        x.max(1).sum().backward();
        assertArrayEquals(new float[] {0, 1, 0, 0}, x.grad().toFloatArray());
    }

    @Test
    void reluPassesNoGradientAtOrBelowZero() {
        Tensor x = param(-1, 0, 2);
        x.relu().sum().backward();
        assertArrayEquals(new float[] {0, 0, 1}, x.grad().toFloatArray());
    }
}
