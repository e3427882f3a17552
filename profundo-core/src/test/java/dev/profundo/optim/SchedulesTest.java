package dev.profundo.optim;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.function.Function;

import static dev.profundo.optim.OptimFixtures.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lr sequences of the step-driven schedules (index t = lr after t calls to step()). */
class SchedulesTest {

    private static Optimizer sgd(double lr) {
        return new SGD(List.of(param(0.0)), lr);
    }

    /** The lr at creation and after each of {@code steps} steps, checking the optimizer follows. */
    private static double[] sequence(Optimizer opt, LRScheduler s, int steps) {
        double[] out = new double[steps + 1];
        out[0] = s.lastLr();
        assertEquals(out[0], opt.lr());
        for (int t = 1; t <= steps; t++) {
            s.step();
            out[t] = s.lastLr();
            assertEquals(out[t], opt.lr(), "optimizer lr at step " + t);
        }
        return out;
    }

    @Test
    void stepLrHalvesEveryTwoSteps() {
        var opt = sgd(1.0);
        assertArrayEquals(new double[] {1, 1, 0.5, 0.5, 0.25}, sequence(opt, new StepLR(opt, 2, 0.5), 4));
    }

    @Test
    void cosineAnnealingHitsItsEndpointsAndMidpoint() {
        var opt = sgd(1.0);
        double[] lr = sequence(opt, new CosineAnnealingLR(opt, 10, 0.1), 12);
        assertEquals(1.0, lr[0], 1e-15);
        assertEquals(0.55, lr[5], 1e-12); // halfway: (1 + 0.1) / 2
        assertEquals(0.1, lr[10], 1e-15);
        assertEquals(0.1 + 0.9 * (1 + Math.cos(Math.PI * 3 / 10)) / 2, lr[3], 1e-15);
        assertTrue(lr[11] > lr[10], "past tMax the cosine rises again, as in PyTorch");
    }

    @Test
    void linearWarmupThenCosineToMinLr() {
        var opt = sgd(1.0);
        double[] lr = sequence(opt, new LinearWarmupCosine(opt, 4, 14, 0.1), 16);
        assertArrayEquals(new double[] {0.2, 0.4, 0.6, 0.8, 1.0}, java.util.Arrays.copyOf(lr, 5), 1e-12);
        assertEquals(0.55, lr[9], 1e-12);  // halfway through the decay
        assertEquals(0.1, lr[14], 1e-15);
        assertEquals(0.1, lr[16], 1e-15);  // stays at minLr
    }

    @Test
    void oneCycleStartsPeaksAndEndsWherePyTorchDoes() {
        var opt = sgd(123); // the optimizer's own lr is replaced
        var s = new OneCycleLR(opt, 1.0, 100);
        double[] lr = sequence(opt, s, 100);
        assertEquals(1.0 / 25, lr[0], 1e-15);
        assertEquals(1.0, lr[29], 1e-15);          // the peak: step 0.3·100 - 1
        assertEquals(1.0 / 25 / 1e4, lr[99], 1e-15); // the end: step totalSteps - 1
        for (int t = 1; t <= 29; t++) assertTrue(lr[t] > lr[t - 1], "rising at " + t);
        for (int t = 30; t <= 99; t++) assertTrue(lr[t] < lr[t - 1], "falling at " + t);
        // halfway up a cosine warm-up that ends at step 0.5·22 - 1 = 10: (initial + max) / 2
        var opt22 = sgd(1);
        double[] lr22 = sequence(opt22, new OneCycleLR(opt22, 1.0, 22, 0.5, true, 25, 1e4), 5);
        assertEquals((0.04 + 1.0) / 2, lr22[5], 1e-12);
        var e = assertThrows(IllegalStateException.class, s::step);
        assertTrue(e.getMessage().contains("tried to step 101 times but totalSteps is 100"), e.getMessage());
    }

    @Test
    void oneCycleLinearAnnealing() {
        var opt = sgd(1);
        double[] lr = sequence(opt, new OneCycleLR(opt, 1.0, 11, 0.5, false, 25, 1e4), 11);
        // warm-up ends at step 0.5·11 - 1 = 4.5: linear from 0.04 by (1 - 0.04)/4.5 per step
        assertEquals(0.04 + 0.96 * 2 / 4.5, lr[2], 1e-12);
        assertEquals(1.0 + (4e-6 - 1.0) * (5 - 4.5) / (10 - 4.5), lr[5], 1e-12);
        assertEquals(4e-6, lr[10], 1e-15);
        assertEquals(4e-6, lr[11], 1e-15); // PyTorch extrapolates (here below zero); the lr stays at its end
    }

    @Test
    void rejectsSettingsThatMakeNoSchedule() {
        var opt = sgd(1);
        assertThrows(IllegalArgumentException.class, () -> new StepLR(opt, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(opt, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LinearWarmupCosine(opt, 10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new OneCycleLR(opt, 1, 0));
    }

    private static void assertResumes(Function<Optimizer, LRScheduler> factory) {
        var opt = sgd(0.5);
        var s = factory.apply(opt);
        for (int t = 0; t < 3; t++) s.step();
        var saved = s.stateDict();

        var opt2 = sgd(0.5);
        var s2 = factory.apply(opt2);
        s2.loadStateDict(saved);
        assertEquals(s.lastLr(), opt2.lr());
        for (int t = 0; t < 4; t++) {
            s.step();
            s2.step();
            assertEquals(s.lastLr(), s2.lastLr());
        }
    }

    @Test
    void everyScheduleResumesFromItsStateDict() {
        assertResumes(o -> new StepLR(o, 2, 0.1));
        assertResumes(o -> new CosineAnnealingLR(o, 10, 1e-3));
        assertResumes(o -> new LinearWarmupCosine(o, 2, 10, 1e-4));
        assertResumes(o -> new OneCycleLR(o, 1.0, 20));
    }

    @Test
    void loadingRestoresTheBaseLrWhateverTheOptimizerHasNow() {
        var s = new CosineAnnealingLR(sgd(1.0), 10, 0);
        s.step();
        var saved = s.stateDict();
        var opt = sgd(0.123); // e.g. an optimizer whose saved state (scheduled lr) was loaded first
        var resumed = new CosineAnnealingLR(opt, 10, 0);
        resumed.loadStateDict(saved);
        assertEquals(1.0, resumed.baseLr());
        s.step();
        resumed.step();
        assertEquals(s.lastLr(), opt.lr());
    }

    @Test
    void loadingStateOfADifferentScheduleFails() {
        var saved = new StepLR(sgd(1), 2, 0.5).stateDict();
        var e = assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(1), 3, 0.5).loadStateDict(saved));
        assertTrue(e.getMessage().contains("step_size=2.0 but this schedule has step_size=3.0"), e.getMessage());
        var wrongKeys = new HashMap<>(saved);
        wrongKeys.remove("gamma");
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(1), 2, 0.5).loadStateDict(wrongKeys));
    }
}
