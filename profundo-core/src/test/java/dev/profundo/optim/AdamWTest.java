package dev.profundo.optim;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.profundo.optim.AdamTest.GRADS;
import static dev.profundo.optim.AdamTest.P0;
import static dev.profundo.optim.AdamTest.reference;
import static dev.profundo.optim.AdamTest.run;
import static dev.profundo.optim.OptimFixtures.assertValues;
import static dev.profundo.optim.OptimFixtures.grad;
import static dev.profundo.optim.OptimFixtures.param;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AdamWTest {

    @Test
    void defaultWeightDecayIsPyTorchs() {
        var opt = new AdamW(List.of(param(1.0)), 1e-3);
        assertEquals(0.01, opt.weightDecay());
        assertEquals(0.9, opt.beta1());
        assertEquals(0.999, opt.beta2());
        assertEquals(1e-8, opt.eps());
    }

    @Test
    void decayShrinksTheParameterBeforeTheAdamStep() {
        // by hand: p = p·(1 - 0.1·0.01) - 0.1 each step: 0.899, 0.798101, 0.6973029
        Tensor p = param(1.0);
        var opt = new AdamW(List.of(p), 0.1);
        for (double expected : new double[] {0.899, 0.798101, 0.6973029}) {
            grad(p, 0.5);
            opt.step();
            assertEquals(expected, p.get(0), 1e-6);
        }
    }

    @Test
    void matchesTheFormulaWithCustomSettings() {
        Tensor p = param(P0);
        run(new AdamW(List.of(p), 1e-2, 0.1), p, GRADS);
        assertValues(reference(P0, GRADS, 1e-2, 0.9, 0.999, 1e-8, 0.1, false, true), p, 1e-6);

        Tensor q = param(P0);
        run(new AdamW(List.of(q), 2e-2, 0.8, 0.95, 1e-6, 0.05, true), q, GRADS);
        assertValues(reference(P0, GRADS, 2e-2, 0.8, 0.95, 1e-6, 0.05, true, true), q, 1e-6);
    }

    @Test
    void zeroGradientStillDecaysTheParameter() {
        Tensor p = param(2.0);
        var opt = new AdamW(List.of(p), 0.1, 0.5);
        grad(p, 0.0);
        opt.step(); // m = v = 0: only the decay acts, 2·(1 - 0.05)
        assertEquals(1.9, p.get(0), 1e-6);
    }
}
