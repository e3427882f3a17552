package dev.profundo.autograd;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The no-grad scope records nothing inside and restores the previous mode on close, nested or not. */
class GradModeTest {
    @Test
    void noGradRecordsNothing() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        Tensor y;
        try (var _ = Tensor.noGrad()) {
            y = w.mul(3).exp().sum();
        }
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
    }

    @Test
    void closingRestoresRecording() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        try (var _ = Tensor.noGrad()) {
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
        assertTrue(w.mul(3).requiresGrad());
    }

    @Test
    void nestedScopesRestoreTheirOwnState() {
        try (var _ = Tensor.noGrad()) {
            try (var _ = Tensor.noGrad()) {
                assertFalse(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled(), "closing the inner scope must not re-enable recording");
            try (var _ = GradMode.enableGrad()) {
                assertTrue(GradMode.isEnabled());
                assertTrue(Tensor.ones(1).requiresGrad(true).mul(2).requiresGrad());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void closingTwiceIsHarmless() {
        var scope = Tensor.noGrad();
        scope.close();
        try (var _ = Tensor.noGrad()) {
            scope.close();
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void modeIsPerThread() throws InterruptedException {
        boolean[] seen = new boolean[1];
        try (var _ = Tensor.noGrad()) {
            Thread t = new Thread(() -> seen[0] = GradMode.isEnabled());
            t.start();
            t.join();
        }
        assertTrue(seen[0]);
    }
}
