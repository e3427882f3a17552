package dev.profundo.autograd;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GradCheck accepts a correct custom op and rejects one whose backward rule is wrong. */
class GradCheckTest {
    /** y = x³ as a custom op; its backward returns {@code factor · 3x² · g}. */
    private static Tensor cube(Tensor x, double factor) {
        Tensor y;
        try (var _ = Tensor.noGrad()) {
            y = x.detach().pow(3);
        }
        return Node.record("cube", y, g -> new Tensor[] {g.mul(x.detach().square().mul(3 * factor))}, x);
    }

    @Test
    void correctCustomOpPasses() {
        var report = GradCheck.check(x -> cube(x[0], 1.0), GradCheck.randomInput(1, 0.1, 2, 3));
        assertTrue(report.passed(), report.toString());
        assertTrue(report.maxAbsError() < 1e-2, report.toString());
    }

    @Test
    void backwardThatDoublesTheGradientFails() {
        var report = GradCheck.check(x -> cube(x[0], 2.0), GradCheck.randomInput(1, 0.1, 2, 3));
        assertFalse(report.passed(), report.toString());
        assertTrue(report.maxAbsError() > 0.1, report.toString());
        assertTrue(report.toString().contains("FAILED"), report.toString());
    }

    @Test
    void backwardWithWrongSignFails() {
        assertFalse(GradCheck.check(x -> cube(x[0], -1.0), GradCheck.randomInput(2, 0.1, 4)).passed());
    }

    @Test
    void assertCorrectThrowsWithTheReport() {
        var e = assertThrows(IllegalStateException.class,
                () -> GradCheck.assertCorrect(x -> cube(x[0], 2.0), GradCheck.randomInput(1, 0.1, 3)));
        assertTrue(e.getMessage().contains("analytic") && e.getMessage().contains("numeric"), e.getMessage());
    }

    @Test
    void missingGradientForOneInputFails() {
        // The op reads both inputs but its backward forgets the second one.
        var report = GradCheck.check(x -> {
            Tensor y;
            try (var _ = Tensor.noGrad()) {
                y = x[0].detach().mul(x[1].detach());
            }
            return Node.record("badMul", y, g -> new Tensor[] {g.mul(x[1].detach()), null}, x[0], x[1]);
        }, GradCheck.randomInput(1, 0.1, 3), GradCheck.randomInput(2, 0.1, 3));
        assertFalse(report.passed(), report.toString());
    }

    @Test
    void largeInputsAreDividedByTheStepFloat32Took() {
        // Near 3000 a float32 step of ±1e-3 rounds to a multiple of 2.4e-4, up to ~10% off 2·eps.
        Tensor x = Tensor.of(new float[] {3000.1f, -2999.7f, 3001.3f, 2998.9f}, 4);
        var report = GradCheck.check(t -> t[0].mul(2), x);
        assertTrue(report.passed(), report.toString());
        assertTrue(report.maxAbsError() < 1e-3, report.toString());
    }

    @Test
    void randomInputKeepsAwayFromZero() {
        float[] v = GradCheck.randomInput(5, 0.25, 1000).toFloatArray();
        for (float x : v) assertTrue(Math.abs(x) >= 0.25f && Math.abs(x) <= 1.25f, "value " + x);
        assertEquals(v[7], GradCheck.randomInput(5, 0.25, 1000).toFloatArray()[7]);
    }

    @Test
    void int64InputsAreHeldFixed() {
        Tensor idx = Tensor.of(new long[] {1, 0}, 2);
        var report = GradCheck.check(x -> x[0].indexSelect(0, x[1]).exp(), GradCheck.randomInput(3, 0.1, 3), idx);
        assertTrue(report.passed(), report.toString());
    }
}
