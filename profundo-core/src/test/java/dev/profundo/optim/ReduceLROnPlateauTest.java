package dev.profundo.optim;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.profundo.optim.OptimFixtures.param;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReduceLROnPlateauTest {

    private static Optimizer sgd() {
        return new SGD(List.of(param(0.0)), 1.0);
    }

    private static double[] lrs(ReduceLROnPlateau s, double... metrics) {
        double[] out = new double[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            s.step(metrics[i]);
            out[i] = s.lastLr();
        }
        return out;
    }

    @Test
    void cutsAfterMoreThanPatienceStepsWithoutImprovement() {
        var opt = sgd();
        var s = new ReduceLROnPlateau(opt, "min", 0.5, 2, 1e-4);
        // 1.0 and 0.9 improve; then three bad steps: the third (> patience 2) cuts; the counter restarts
        double[] lr = lrs(s, 1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95);
        assertArrayEquals(new double[] {1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25}, lr);
        assertEquals(0.25, opt.lr());
        assertEquals(0.9, s.best());
    }

    @Test
    void relativeThresholdIgnoresTinyImprovements() {
        var s = new ReduceLROnPlateau(sgd(), "min", 0.1, 0, 1e-3);
        s.step(1.0);
        s.step(0.9995); // not below 1.0·(1 - 1e-3): a bad step, and patience 0 cuts at once
        assertEquals(0.1, s.lastLr(), 1e-15);
        assertEquals(1.0, s.best());
    }

    @Test
    void maxModeTracksAnIncreasingMetric() {
        var s = new ReduceLROnPlateau(sgd(), "max", 0.1, 1, 0);
        double[] lr = lrs(s, 0.5, 0.6, 0.6, 0.59);
        assertArrayEquals(new double[] {1, 1, 1, 0.1}, lr, 1e-15);
    }

    @Test
    void cooldownAndMinLrAreRespected() {
        var s = new ReduceLROnPlateau(sgd(), "min", 0.1, 0, 0, "abs", 2, 0.05, 1e-8);
        double[] lr = lrs(s, 1, 2, 2, 2, 2, 2);
        // cut at step 2; two cooldown steps; cut again but floored at minLr; then cuts change nothing
        assertArrayEquals(new double[] {1, 0.1, 0.1, 0.1, 0.05, 0.05}, lr, 1e-15);
    }

    @Test
    void stateDictRoundTripContinuesTheSameWay() {
        var a = new ReduceLROnPlateau(sgd(), "min", 0.5, 1, 1e-4);
        lrs(a, 1, 1, 1, 0.8, 0.9);
        var opt = sgd();
        var b = new ReduceLROnPlateau(opt, "min", 0.5, 1, 1e-4);
        b.loadStateDict(a.stateDict());
        assertEquals(a.lastLr(), opt.lr());
        assertArrayEquals(lrs(a, 0.9, 0.9, 0.7, 0.9), lrs(b, 0.9, 0.9, 0.7, 0.9));
    }

    @Test
    void rejectsUnknownModesAndFactorsOfOneOrMore() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(), "lowest", 0.1, 10, 1e-4));
        assertTrue(e.getMessage().contains("mode must be \"min\" or \"max\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(), "min", 1.0, 10, 1e-4));
    }
}
