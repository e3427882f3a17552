package dev.profundo.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Warm-up ends when the speed is steady and the JIT quiet, or at its cap, and says which. */
class SamplerTest {
    private static Workload workload(Runnable call) {
        return new Workload("probe", Metric.IMAGES_PER_SECOND, 1, "test", () -> call);
    }

    @Test
    void warmUpNeedsASteadyRateAndAQuietJit() {
        assertTrue(Sampler.warmedUp(1000, 1030, 5, 0.25), "3 % apart, 5 ms of compiling in 250 ms");
        assertFalse(Sampler.warmedUp(1000, 1100, 0, 0.25), "10 % apart");
        assertFalse(Sampler.warmedUp(Double.NaN, 1000, 0, 0.25), "no previous chunk");
        assertFalse(Sampler.warmedUp(1000, 1000, 40, 0.25), "same rate, but C2 compiled for 16 % of the chunk");
    }

    @Test
    void aSteadyCallSettlesBeforeTheCap() {
        long[] sink = {0};
        Runnable steady = () -> {
            for (int i = 0; i < 20_000; i++) sink[0] += i ^ sink[0];
        };
        var s = Sampler.measure(workload(steady), new TimingPlan(0.1, 20, 0.05, 2));
        assertTrue(s.settled(), "a steady loop should settle, warm-up ran " + s.warmupSeconds() + " s");
        assertTrue(s.warmupSeconds() < 20, "settled before the cap");
        assertEquals(2, s.values().length);
    }

    @Test
    void aCallWhoseSpeedKeepsChangingStopsAtTheCapAndSaysSo() {
        long[] first = {0};
        Runnable unsteady = () -> {
            // Each call takes 10 us x 2^(t / 50 ms): the rate halves from one 50 ms chunk to the next, far
            // beyond the 5 % tolerance, so no stall of a noisy machine can make two chunks agree. (A linear
            // slow-down, ~8 % per chunk, was once read as settled on a loaded machine.)
            long now = System.nanoTime();
            if (first[0] == 0) first[0] = now;
            long end = now + (long) (10_000 * Math.pow(2, (now - first[0]) / 5e7));
            while (System.nanoTime() < end) Thread.onSpinWait();
        };
        var s = Sampler.measure(workload(unsteady), new TimingPlan(0, 0.6, 0.05, 1));
        assertFalse(s.settled(), "the speed keeps falling, so warm-up must hit its cap");
        assertTrue(s.warmupSeconds() >= 0.6, "ran to the cap: " + s.warmupSeconds());
    }
}
