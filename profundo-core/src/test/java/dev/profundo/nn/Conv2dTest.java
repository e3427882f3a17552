package dev.profundo.nn;

import dev.profundo.tensor.Generator;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Conv2d layer: shapes, PyTorch's default initialisation, parameter names, description and errors. */
class Conv2dTest {

    @Test
    void samePaddingKeepsTheImageSizeAndStrideTwoHalvesIt() {
        assertArrayEquals(new int[] {4, 32, 28, 28}, new Conv2d(1, 32, 3, 1, 1).forward(Tensor.zeros(4, 1, 28, 28)).shape());
        assertArrayEquals(new int[] {4, 64, 7, 7}, new Conv2d(32, 64, 3, 2, 1).forward(Tensor.zeros(4, 32, 14, 14)).shape());
        assertArrayEquals(new int[] {2, 6, 24, 24}, new Conv2d(1, 6, 5).forward(Tensor.zeros(2, 1, 28, 28)).shape());
    }

    @Test
    void fullConstructorGivesNonSquareDilatedGroupedOutput() {
        // H: (10 + 2*1 - 2*(3-1) - 1)/2 + 1 = 4; W: (9 + 0 - 1*(1-1) - 1)/1 + 1 = 9.
        var conv = new Conv2d(4, 6, 3, 1, 2, 1, 1, 0, 2, 1, 2, false);
        assertArrayEquals(new int[] {6, 2, 3, 1}, conv.weight().shape());
        assertNull(conv.bias());
        assertEquals(List.of("weight"), List.copyOf(conv.namedParameters().keySet()));
        assertArrayEquals(new int[] {3, 6, 4, 9}, conv.forward(Tensor.zeros(3, 4, 10, 9)).shape());
    }

    @Test
    void defaultInitIsUniformWithinOneOverSqrtFanInAndReproducibleFromTheSeed() {
        Generator.manualSeed(42);
        var a = new Conv2d(32, 64, 3, 1, 1);
        Generator.manualSeed(42);
        var b = new Conv2d(32, 64, 3, 1, 1);
        assertArrayEquals(a.weight().toFloatArray(), b.weight().toFloatArray());
        assertArrayEquals(a.bias().toFloatArray(), b.bias().toFloatArray());
        double bound = 1 / Math.sqrt(32 * 3 * 3);  // 0.0589
        float[] w = a.weight().toFloatArray();
        double maxAbs = 0;
        for (float v : w) maxAbs = Math.max(maxAbs, Math.abs(v));
        assertTrue(maxAbs <= bound && maxAbs > 0.95 * bound, "max |w| = " + maxAbs + ", bound " + bound);
        for (float v : a.bias().toFloatArray()) assertTrue(Math.abs(v) <= bound, "bias " + v);
    }

    @Test
    void parametersAreNamedWeightAndBiasAndRequireGrad() {
        var conv = new Conv2d(3, 8, 5);
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
        assertTrue(conv.weight().requiresGrad() && conv.bias().requiresGrad());
        assertEquals(8 * 3 * 5 * 5 + 8, conv.parameterCount());
    }

    @Test
    void gettersReportTheConfiguration() {
        var conv = new Conv2d(4, 6, 3, 1, 2, 1, 1, 0, 2, 1, 2, true);
        assertEquals(4, conv.inChannels());
        assertEquals(6, conv.outChannels());
        assertArrayEquals(new int[] {3, 1}, conv.kernelSize());
        assertArrayEquals(new int[] {2, 1}, conv.stride());
        assertArrayEquals(new int[] {1, 0}, conv.padding());
        assertArrayEquals(new int[] {2, 1}, conv.dilation());
        assertEquals(2, conv.groups());
    }

    @Test
    void describeReadsLikePyTorchsSummary() {
        assertEquals("Conv2d(1 -> 32, 3x3, stride 1, pad 1)", new Conv2d(1, 32, 3, 1, 1).describe());
        assertEquals("Conv2d(4 -> 6, 3x1, stride 2x1, pad 1x0, dilation 2x1, groups 2, no bias)",
                new Conv2d(4, 6, 3, 1, 2, 1, 1, 0, 2, 1, 2, false).describe());
    }

    @Test
    void trainingStepReducesTheLossOnAFixedBatch() {
        Generator.manualSeed(1);
        var conv = new Conv2d(1, 2, 3, 1, 1);
        Tensor x = Tensor.randn(4, 1, 6, 6);
        Tensor target = Tensor.randn(4, 2, 6, 6);
        double first = 0, last = 0;
        for (int step = 0; step < 20; step++) {
            for (Tensor p : conv.parameters()) p.setGrad(null);
            Tensor loss = conv.forward(x).sub(target).square().mean();
            loss.backward();
            if (step == 0) first = loss.item();
            last = loss.item();
            for (Tensor p : conv.parameters()) {
                float[] v = p.floatStorage(), g = p.grad().toFloatArray();
                for (int i = 0; i < g.length; i++) v[i] -= 0.1f * g[i];
            }
        }
        assertTrue(last < 0.9 * first, "loss went from " + first + " to " + last);
    }

    @Test
    void badConstructorArgumentsAreRejectedWithTheValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3, 1, 1, 1, 0, 0, 1, 1, 2, true));
        assertTrue(e.getMessage().contains("groups=2") && e.getMessage().contains("in=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 0));
        assertTrue(e.getMessage().contains("kernel size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(3, 8, 3, 0, 1));
        assertTrue(e.getMessage().contains("stride"), e.getMessage());
    }
}
