package dev.profundo.optim;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.profundo.optim.OptimFixtures.asFloat32;
import static dev.profundo.optim.OptimFixtures.assertValues;
import static dev.profundo.optim.OptimFixtures.grad;
import static dev.profundo.optim.OptimFixtures.param;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SGDTest {
    private static final double[][] GRADS = {{0.5, -1.0, 0.25}, {0.3, 0.2, -0.6}, {-0.1, 0.7, 0.4}};
    private static final double[] P0 = {1.0, -2.0, 0.5};

    /** PyTorch's SGD written out in double, step by step. */
    private static double[] reference(double lr, double momentum, double dampening, double wd, boolean nesterov) {
        double[] p = asFloat32(P0);
        double[] buf = new double[p.length];
        for (int t = 0; t < GRADS.length; t++) {
            double[] g = asFloat32(GRADS[t]);
            for (int i = 0; i < p.length; i++) {
                double d = g[i] + wd * p[i];
                if (momentum != 0) {
                    buf[i] = t == 0 ? d : momentum * buf[i] + (1 - dampening) * d;
                    d = nesterov ? d + momentum * buf[i] : buf[i];
                }
                p[i] -= lr * d;
            }
        }
        return p;
    }

    private static Tensor run(SGDFactory factory) {
        Tensor p = param(P0);
        Optimizer opt = factory.make(List.of(p));
        for (double[] g : GRADS) {
            grad(p, g);
            opt.step();
        }
        return p;
    }

    private interface SGDFactory {
        Optimizer make(List<Tensor> params);
    }

    @Test
    void plainStepsSubtractLrTimesGrad() {
        Tensor p = run(ps -> new SGD(ps, 0.1));
        assertValues(reference(0.1, 0, 0, 0, false), p, 1e-6);
        // by hand: 1 - 0.1·(0.5 + 0.3 - 0.1) = 0.93
        assertEquals(0.93, p.get(0), 1e-6);
    }

    @Test
    void momentumStartsFromTheFirstGradient() {
        Tensor p = param(1.0);
        var opt = new SGD(List.of(p), 0.1, 0.9);
        double[] expected = {0.95, 0.855, 0.7195}; // buf: 0.5, 0.95, 1.355
        for (double e : expected) {
            grad(p, 0.5);
            opt.step();
            assertEquals(e, p.get(0), 1e-6);
        }
        assertValues(reference(0.1, 0.9, 0, 0, false), run(ps -> new SGD(ps, 0.1, 0.9)), 1e-6);
    }

    @Test
    void dampeningScalesOnlyLaterGradients() {
        Tensor p = run(ps -> new SGD(ps, 0.05, 0.9, 0.3, 0, false));
        assertValues(reference(0.05, 0.9, 0.3, 0, false), p, 1e-6);
    }

    @Test
    void weightDecayAddsL2TermToTheGradient() {
        Tensor p = param(2.0);
        var opt = new SGD(List.of(p), 0.1, 0, 0, 0.5, false);
        grad(p, 1.0);
        opt.step();
        assertEquals(2.0 - 0.1 * (1.0 + 0.5 * 2.0), p.get(0), 1e-6); // 1.8
        assertValues(reference(0.1, 0.8, 0, 0.01, false), run(ps -> new SGD(ps, 0.1, 0.8, 0, 0.01, false)), 1e-6);
    }

    @Test
    void nesterovLooksAheadAlongTheBuffer() {
        Tensor p = param(1.0);
        var opt = new SGD(List.of(p), 0.1, 0.9, 0, 0, true);
        grad(p, 0.5);
        opt.step(); // buf = 0.5, d = 0.5 + 0.9·0.5 = 0.95
        assertEquals(0.905, p.get(0), 1e-6);
        grad(p, 0.5);
        opt.step(); // buf = 0.95, d = 0.5 + 0.855 = 1.355
        assertEquals(0.7695, p.get(0), 1e-6);
        assertValues(reference(0.1, 0.9, 0, 0.01, true), run(ps -> new SGD(ps, 0.1, 0.9, 0, 0.01, true)), 1e-6);
    }

    @Test
    void nesterovNeedsMomentumAndZeroDampening() {
        var p = List.of(param(1.0));
        var noMomentum = assertThrows(IllegalArgumentException.class, () -> new SGD(p, 0.1, 0, 0, 0, true));
        assertTrue(noMomentum.getMessage().contains("Nesterov"), noMomentum.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SGD(p, 0.1, 0.9, 0.1, 0, true));
    }

    @Test
    void rejectsNegativeHyperparameters() {
        var p = List.of(param(1.0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(p, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new SGD(p, 0.1, -0.5));
        assertThrows(IllegalArgumentException.class, () -> new SGD(p, 0.1, 0, 0, -1e-4, false));
        assertThrows(IllegalArgumentException.class, () -> new SGD(p, Double.NaN));
    }

    @Test
    void exposesItsSettings() {
        var opt = new SGD(List.of(param(1.0)), 0.1, 0.9, 0, 1e-4, true);
        assertEquals(0.9, opt.momentum());
        assertEquals(0, opt.dampening());
        assertEquals(1e-4, opt.weightDecay());
        assertTrue(opt.nesterov());
        assertFalse(new SGD(List.of(param(1.0)), 0.1).nesterov());
    }
}
