package dev.profundo.optim;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** End to end with autograd: every optimizer drives x to the minimum of (x - 3)². */
class ConvergenceTest {

    private static double minimise(Function<List<Tensor>, Optimizer> factory, int steps) {
        Tensor x = Tensor.zeros(1).requiresGrad(true);
        Optimizer opt = factory.apply(List.of(x));
        for (int i = 0; i < steps; i++) {
            Tensor loss = x.sub(3.0).square().sum();
            opt.zeroGrad();
            loss.backward();
            opt.step();
        }
        return x.get(0);
    }

    @Test
    void sgd() {
        assertEquals(3.0, minimise(ps -> new SGD(ps, 0.1), 100), 1e-3);
    }

    @Test
    void sgdWithNesterovMomentum() {
        assertEquals(3.0, minimise(ps -> new SGD(ps, 0.05, 0.9, 0, 0, true), 300), 1e-3);
    }

    @Test
    void adam() {
        assertEquals(3.0, minimise(ps -> new Adam(ps, 0.1), 1000), 1e-3);
    }

    @Test
    void adamW() {
        // weight decay 0: decoupled decay pulls the minimiser towards 0, away from 3, by design
        assertEquals(3.0, minimise(ps -> new AdamW(ps, 0.1, 0.0), 1000), 1e-3);
    }

    @Test
    void rmsprop() {
        assertEquals(3.0, minimise(ps -> new RMSprop(ps, 0.01), 1000), 1e-3);
    }

    @Test
    void adamWithCosineScheduleAndClipping() {
        Tensor x = Tensor.zeros(1).requiresGrad(true);
        var opt = new Adam(List.of(x), 0.5);
        var schedule = new CosineAnnealingLR(opt, 300, 0);
        for (int i = 0; i < 300; i++) {
            Tensor loss = x.sub(3.0).square().sum();
            opt.zeroGrad();
            loss.backward();
            GradClip.clipGradNorm(opt.params(), 1.0);
            opt.step();
            schedule.step();
        }
        assertEquals(3.0, x.get(0), 1e-3);
    }
}
