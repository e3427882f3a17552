package dev.profundo.optim;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.profundo.optim.OptimFixtures.asFloat32;
import static dev.profundo.optim.OptimFixtures.assertValues;
import static dev.profundo.optim.OptimFixtures.grad;
import static dev.profundo.optim.OptimFixtures.param;
import static dev.profundo.optim.OptimFixtures.wave;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AdamTest {
    // The second gradient is small, so AMSGrad's running max differs from v at step 3.
    static final double[][] GRADS = {{0.5, -1.0, 0.25, 2.0}, {0.01, 0.2, -0.6, 0.02}, {-0.1, 0.7, 0.4, 0.03}};
    static final double[] P0 = {1.0, -2.0, 0.5, 0.0};

    /** PyTorch's Adam/AdamW written out in double; {@code decoupled} selects AdamW's weight decay. */
    static double[] reference(double[] p0, double[][] grads, double lr, double b1, double b2, double eps, double wd,
                              boolean amsgrad, boolean decoupled) {
        double[] p = asFloat32(p0);
        int n = p.length;
        double[] m = new double[n], v = new double[n], vMax = new double[n];
        for (int t = 1; t <= grads.length; t++) {
            double[] g = asFloat32(grads[t - 1]);
            for (int i = 0; i < n; i++) {
                if (decoupled) p[i] *= 1 - lr * wd;
                double gi = decoupled ? g[i] : g[i] + wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                vMax[i] = Math.max(vMax[i], v[i]);
                double mHat = m[i] / (1 - Math.pow(b1, t));
                double vHat = (amsgrad ? vMax[i] : v[i]) / (1 - Math.pow(b2, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
            }
        }
        return p;
    }

    static Tensor run(Optimizer opt, Tensor p, double[][] grads) {
        for (double[] g : grads) {
            grad(p, g);
            opt.step();
        }
        return p;
    }

    @Test
    void constantGradientMovesByLrEachStep() {
        // With a constant gradient m̂/sqrt(v̂) = 1, so each step moves by lr (up to eps): 1 → 0.9 → 0.8 → 0.7.
        Tensor p = param(1.0);
        var opt = new Adam(List.of(p), 0.1);
        for (double expected : new double[] {0.9, 0.8, 0.7}) {
            grad(p, 0.5);
            opt.step();
            assertEquals(expected, p.get(0), 1e-6);
        }
    }

    @Test
    void defaultsMatchTheFormula() {
        Tensor p = param(P0);
        run(new Adam(List.of(p), 1e-2), p, GRADS);
        assertValues(reference(P0, GRADS, 1e-2, 0.9, 0.999, 1e-8, 0, false, false), p, 1e-6);
    }

    @Test
    void weightDecayIsAnL2TermOnTheGradient() {
        Tensor p = param(P0);
        run(new Adam(List.of(p), 1e-2, 0.8, 0.99, 1e-6, 0.1, false), p, GRADS);
        double[] expected = reference(P0, GRADS, 1e-2, 0.8, 0.99, 1e-6, 0.1, false, false);
        assertValues(expected, p, 1e-6);
        // the last element starts at 0 with tiny gradients: L2 must not be confused with AdamW's decay
        double[] decoupled = reference(P0, GRADS, 1e-2, 0.8, 0.99, 1e-6, 0.1, false, true);
        assertFalse(Math.abs(expected[1] - decoupled[1]) < 1e-5, "L2 and decoupled decay should differ here");
    }

    @Test
    void amsgradNormalisesByTheRunningMaximum() {
        Tensor p = param(P0);
        // beta2 0.9 lets v fall quickly after the large first gradient of element 3, so max(v) matters
        run(new Adam(List.of(p), 1e-2, 0.9, 0.9, 1e-8, 0, true), p, GRADS);
        double[] expected = reference(P0, GRADS, 1e-2, 0.9, 0.9, 1e-8, 0, true, false);
        assertValues(expected, p, 1e-6);
        double[] plain = reference(P0, GRADS, 1e-2, 0.9, 0.9, 1e-8, 0, false, false);
        assertFalse(Math.abs(expected[3] - plain[3]) < 1e-5, "AMSGrad should change element 3");
    }

    @Test
    void vectorBodyTailAndParallelChunksAllMatch() {
        // 140 001 values: split across the thread pool, in full vectors plus a scalar tail.
        int n = 140_001;
        double[] p0 = wave(n, 0.1);
        double[][] grads = {wave(n, 0.7), wave(n, 1.9)};
        Tensor p = param(p0);
        run(new Adam(List.of(p), 1e-3, 0.9, 0.999, 1e-8, 0.01, true), p, grads);
        assertValues(reference(p0, grads, 1e-3, 0.9, 0.999, 1e-8, 0.01, true, false), p, 2e-6);
    }

    @Test
    void stepCountsArePerParameter() {
        Tensor a = param(1.0), b = param(1.0);
        var opt = new Adam(List.of(a, b), 0.1);
        grad(a, 0.5);
        opt.step(); // b has no gradient: skipped, its step count stays 0
        grad(b, 0.5);
        opt.step(); // b's first step: bias correction for t = 1, so it moves by lr
        assertEquals(0.9, b.get(0), 1e-6);
        assertEquals(1L, opt.stateDict().get("state.1.step").toLongArray()[0]);
        assertEquals(2L, opt.stateDict().get("state.0.step").toLongArray()[0]);
    }

    @Test
    void rejectsBetasOutsideTheUnitInterval() {
        var ps = List.of(param(1.0));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1.0, 0.999, 1e-8, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 0.9, -0.1, 1e-8, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 0.9, 0.999, -1, 0, false));
    }
}
