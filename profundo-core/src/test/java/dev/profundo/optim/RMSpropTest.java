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
import static org.junit.jupiter.api.Assertions.assertThrows;

class RMSpropTest {
    private static final double[][] GRADS = {{0.5, -1.0, 0.25}, {0.3, 0.2, -0.6}, {-0.1, 0.7, 0.4}};
    private static final double[] P0 = {1.0, -2.0, 0.5};

    /** PyTorch's RMSprop written out in double. */
    private static double[] reference(double[] p0, double[][] grads, double lr, double alpha, double eps, double wd,
                                      double momentum, boolean centered) {
        double[] p = asFloat32(p0);
        int n = p.length;
        double[] sq = new double[n], ga = new double[n], buf = new double[n];
        for (double[] g0 : grads) {
            double[] g = asFloat32(g0);
            for (int i = 0; i < n; i++) {
                double gi = g[i] + wd * p[i];
                sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
                double var = sq[i];
                if (centered) {
                    ga[i] = alpha * ga[i] + (1 - alpha) * gi;
                    var -= ga[i] * ga[i];
                }
                double avg = Math.sqrt(var) + eps;
                if (momentum > 0) {
                    buf[i] = momentum * buf[i] + gi / avg;
                    p[i] -= lr * buf[i];
                } else {
                    p[i] -= lr * gi / avg;
                }
            }
        }
        return p;
    }

    private static Tensor run(Optimizer opt, Tensor p, double[][] grads) {
        for (double[] g : grads) {
            grad(p, g);
            opt.step();
        }
        return p;
    }

    @Test
    void defaultsGiveTheHandComputedSteps() {
        // sq = 0.0025, 0.004975, 0.00742525; p -= 0.01·0.5/sqrt(sq)
        Tensor p = param(1.0);
        var opt = new RMSprop(List.of(p), 0.01);
        for (double expected : new double[] {0.9, 0.8291119, 0.7710870}) {
            grad(p, 0.5);
            opt.step();
            assertEquals(expected, p.get(0), 1e-6);
        }
        assertEquals(0.99, opt.alpha());
        assertEquals(1e-8, opt.eps());
    }

    @Test
    void plainMatchesTheFormula() {
        Tensor p = param(P0);
        run(new RMSprop(List.of(p), 0.01), p, GRADS);
        assertValues(reference(P0, GRADS, 0.01, 0.99, 1e-8, 0, 0, false), p, 1e-6);
    }

    @Test
    void momentumAndWeightDecayMatchTheFormula() {
        Tensor p = param(P0);
        run(new RMSprop(List.of(p), 0.01, 0.9, 1e-6, 0.1, 0.8, false), p, GRADS);
        assertValues(reference(P0, GRADS, 0.01, 0.9, 1e-6, 0.1, 0.8, false), p, 1e-6);
    }

    @Test
    void centeredSubtractsTheSquaredMeanGradient() {
        Tensor p = param(P0);
        run(new RMSprop(List.of(p), 0.01, 0.9, 1e-8, 0, 0.5, true), p, GRADS);
        assertValues(reference(P0, GRADS, 0.01, 0.9, 1e-8, 0, 0.5, true), p, 1e-5);
    }

    @Test
    void longParameterUsesVectorAndTailPaths() {
        int n = 1003;
        double[] p0 = wave(n, 0.2);
        double[][] grads = {wave(n, 0.5), wave(n, 2.5), wave(n, -1.0)};
        Tensor p = param(p0);
        run(new RMSprop(List.of(p), 1e-3, 0.95, 1e-8, 0.01, 0.9, true), p, grads);
        assertValues(reference(p0, grads, 1e-3, 0.95, 1e-8, 0.01, 0.9, true), p, 1e-5);
    }

    @Test
    void rejectsNegativeSettings() {
        var ps = List.of(param(1.0));
        assertThrows(IllegalArgumentException.class, () -> new RMSprop(ps, 0.01, -0.1, 1e-8, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new RMSprop(ps, 0.01, 0.99, 1e-8, 0, -0.9, false));
    }
}
