package dev.profundo.optim;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.profundo.optim.OptimFixtures.grad;
import static dev.profundo.optim.OptimFixtures.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every optimizer shares: parameter checks, zeroGrad, skipped parameters, strided gradients, lr. */
class OptimizerTest {

    @Test
    void rejectsAnEmptyParameterList() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1));
        assertTrue(e.getMessage().contains("SGD: the parameter list is empty"), e.getMessage());
    }

    @Test
    void rejectsAParameterThatDoesNotRequireGrad() {
        Tensor frozen = Tensor.zeros(2, 3).name("fc.weight");
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(param(1.0), frozen), 0.1));
        assertTrue(e.getMessage().contains("parameter 1 ('fc.weight', shape [2, 3]) does not require grad"), e.getMessage());
    }

    @Test
    void rejectsANonLeafAndADuplicate() {
        Tensor p = param(1.0, 2.0);
        var nonLeaf = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p.mul(2.0)), 0.1));
        assertTrue(nonLeaf.getMessage().contains("not a leaf"), nonLeaf.getMessage());
        var dup = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(p, p), 0.1));
        assertTrue(dup.getMessage().contains("same tensor as parameter 0"), dup.getMessage());
    }

    @Test
    void zeroGradSetsEveryGradientToNull() {
        Tensor a = param(1.0), b = param(2.0);
        var opt = new SGD(List.of(a, b), 0.1);
        grad(a, 1.0);
        grad(b, 1.0);
        opt.zeroGrad();
        assertNull(a.grad());
        assertNull(b.grad());
    }

    @Test
    void aParameterWithoutGradientIsLeftUntouched() {
        Tensor a = param(1.0), b = param(2.0);
        var opt = new AdamW(List.of(a, b), 0.1);
        grad(a, 0.5);
        opt.step();
        assertEquals(2.0, b.get(0)); // not even AdamW's decay touches it
        assertEquals(0.899, a.get(0), 1e-6);
        assertEquals(List.of("lr", "step", "beta1", "beta2", "eps", "weight_decay", "amsgrad",
                "state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq"), List.copyOf(opt.stateDict().keySet()));
    }

    @Test
    void stridedGradientIsReadInLogicalOrder() {
        Tensor p = Tensor.zeros(2, 2).requiresGrad(true);
        var opt = new SGD(List.of(p), 1.0);
        p.setGrad(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2).t()); // logical [[1, 3], [2, 4]]
        opt.step();
        assertArrayEquals(new float[] {-1, -3, -2, -4}, p.toFloatArray());
    }

    @Test
    void broadcastGradientIsReadOncePerElement() {
        Tensor p = Tensor.zeros(3).requiresGrad(true);
        var opt = new Adam(List.of(p), 0.1);
        p.setGrad(Tensor.of(new float[] {2}, 1).expand(3));
        opt.step();
        assertArrayEquals(new float[] {-0.1f, -0.1f, -0.1f}, p.toFloatArray(), 1e-6f);
    }

    @Test
    void updatesInPlaceWithoutRecordingAGraph() {
        Tensor p = param(1.0, 2.0);
        float[] storage = p.floatStorage();
        var opt = new SGD(List.of(p), 0.5);
        grad(p, 1.0, 1.0);
        opt.step();
        assertTrue(p.isLeaf());
        assertEquals(0.5f, storage[0]);
        assertNotNull(p.grad()); // step does not clear gradients; zeroGrad does
    }

    @Test
    void setLrChangesTheNextStepAndRejectsNegatives() {
        Tensor p = param(1.0);
        var opt = new SGD(List.of(p), 0.1);
        opt.setLr(0.5);
        grad(p, 1.0);
        opt.step();
        assertEquals(0.5, p.get(0), 1e-7);
        assertEquals(0.5, opt.lr());
        var e = assertThrows(IllegalArgumentException.class, () -> opt.setLr(-1));
        assertTrue(e.getMessage().contains("invalid learning rate -1.0"), e.getMessage());
    }

    @Test
    void paramsAreTheGivenListUnmodifiable() {
        Tensor a = param(1.0);
        var opt = new RMSprop(List.of(a), 0.01);
        assertEquals(List.of(a), opt.params());
        assertThrows(UnsupportedOperationException.class, () -> opt.params().add(param(2.0)));
    }

    @Test
    void stepCountCountsCalls() {
        Tensor a = param(1.0);
        var opt = new SGD(List.of(a), 0.1);
        opt.step(); // no gradient yet: nothing moves, but the call counts
        grad(a, 1.0);
        opt.step();
        assertEquals(2, opt.stepCount());
        assertEquals(0.9, a.get(0), 1e-7);
    }

    @Test
    void toStringListsTheSettings() {
        assertEquals("SGD(lr=0.1, momentum=0.9, dampening=0.0, weight_decay=0.0, nesterov=0.0)",
                new SGD(List.of(param(1.0)), 0.1, 0.9).toString());
    }
}
