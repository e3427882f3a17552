package dev.profundo.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.profundo.optim.SGD;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The packed weight an inference-time Linear keeps must never show a stale or different result. */
class LinearPackedWeightTest {
    private static final int BATCH = 64;

    /** The layer's output computed the plain way (functional, no cache). */
    private static float[] plain(Linear layer, Tensor x) {
        try (var _ = Tensor.noGrad()) {
            return F.linear(x, layer.weight(), layer.bias()).toFloatArray();
        }
    }

    private static float[] inference(Linear layer, Tensor x) {
        try (var _ = Tensor.noGrad()) {
            return layer.call(x).toFloatArray();
        }
    }

    @Test
    void inferenceKeepsThePackedWeightAndGivesTheSameBits() {
        Tensor.manualSeed(1);
        Linear layer = new Linear(100, 50);
        Tensor x = Tensor.randn(BATCH, 100);
        float[] trained = layer.call(x).toFloatArray();
        assertFalse(layer.holdsPackedWeight(), "a call that trains the weight keeps no copy");
        float[] first = inference(layer, x);
        assertTrue(layer.holdsPackedWeight());
        assertArrayEquals(trained, first);
        assertArrayEquals(first, inference(layer, x), "the second call reads the kept copy");
        assertArrayEquals(first, inference(layer, Tensor.randn(BATCH, 100).mul(0).add(x)), "another input tensor");
        layer.call(x);
        assertFalse(layer.holdsPackedWeight(), "training drops the copy");
    }

    @Test
    void anOptimizerStepIsSeenByTheNextInferenceCall() {
        Tensor.manualSeed(2);
        Linear layer = new Linear(100, 50);
        Tensor x = Tensor.randn(BATCH, 100);
        float[] before = inference(layer, x);
        SGD opt = new SGD(layer.parameters(), 0.1, 0.0);
        // The gradient comes from the functional form, so the layer's copy survives until the step.
        F.linear(x, layer.weight(), layer.bias()).square().sum().backward();
        assertTrue(layer.holdsPackedWeight());
        opt.step();
        float[] after = inference(layer, x);
        assertFalse(java.util.Arrays.equals(before, after), "the step changed the output");
        assertArrayEquals(plain(layer, x), after);
    }

    @Test
    void loadStateDictAndMarkedWritesAreSeen() {
        Tensor.manualSeed(3);
        Linear layer = new Linear(100, 50);
        Tensor x = Tensor.randn(BATCH, 100);
        inference(layer, x);
        Tensor.manualSeed(4);
        Linear other = new Linear(100, 50);
        layer.loadStateDict(other.stateDict());
        assertArrayEquals(plain(other, x), inference(layer, x), "after loadStateDict");

        float[] w = layer.weight().floatStorage();
        for (int i = 0; i < w.length; i++) w[i] *= -2f;
        layer.weight().markModified();
        assertArrayEquals(plain(layer, x), inference(layer, x), "after a marked write");

        layer.resetParameters();
        assertArrayEquals(plain(layer, x), inference(layer, x), "after Init redraws the weight");
    }

    @Test
    void aFrozenWeightUsesTheCopyWhileTheInputGradientStaysRight() {
        Tensor.manualSeed(5);
        Linear layer = new Linear(100, 50);
        layer.weight().requiresGrad(false);
        Tensor x = Tensor.randn(BATCH, 100).requiresGrad(true);
        layer.call(x).sum().backward();
        assertTrue(layer.holdsPackedWeight(), "a frozen weight is packed once even with grad mode on");
        float[] cachedGrad = x.grad().toFloatArray();
        Tensor x2 = x.detach().requiresGrad(true);
        F.linear(x2, layer.weight(), layer.bias()).sum().backward();
        assertArrayEquals(x2.grad().toFloatArray(), cachedGrad);
    }

    @Test
    void smallBatchesDoNotPack() {
        Tensor.manualSeed(6);
        Linear layer = new Linear(100, 50);
        Tensor x = Tensor.randn(1, 100);
        assertArrayEquals(plain(layer, x), inference(layer, x));
        assertFalse(layer.holdsPackedWeight(), "batch 1 takes the unpacked GEMM: nothing to keep");
    }
}
