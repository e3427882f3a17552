package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused ReLU ops ({@link F#batchNormRelu}, {@link F#addRelu}, {@link BatchNorm2d#callRelu}, {@link F#linearRelu}):
 * the same bits as the two ops they replace, forward and backward, and correct gradients.
 */
class FusedReluTest {
    /** Runs fn forward and backward (with a fixed upstream gradient) and returns the output then each input's gradient. */
    private static List<float[]> run(Function<Tensor[], Tensor> fn, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        for (int i = 0; i < xs.length; i++) xs[i] = Tensor.of(inputs[i].toFloatArray(), inputs[i].shape()).requiresGrad(true);
        Tensor y = fn.apply(xs);
        y.backward(GradCheck.randomInput(99, 0, y.shape()));
        List<float[]> out = new ArrayList<>();
        out.add(y.toFloatArray());
        for (Tensor x : xs) out.add(x.grad().toFloatArray());
        return out;
    }

    private static void assertSameBits(List<float[]> expected, List<float[]> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) assertArrayEquals(expected.get(i), actual.get(i), "tensor " + i + " (0 = output)");
    }

    @Test
    void batchNormReluGivesTheBitsOfBatchNormThenRelu() {
        // 7x9 planes: the vector loops and their scalar tails; half the outputs fall below zero.
        Tensor x = GradCheck.randomInput(1, 0, 6, 5, 7, 9), w = GradCheck.randomInput(2, 0.5, 5), b = GradCheck.randomInput(3, 0, 5);
        for (boolean training : new boolean[] {true, false}) {
            Tensor rm = GradCheck.randomInput(4, 0, 5), rv = GradCheck.randomInput(5, 1, 5).abs();
            Tensor rm2 = Tensor.of(rm.toFloatArray(), 5), rv2 = Tensor.of(rv.toFloatArray(), 5);
            var plain = run(t -> F.batchNorm(t[0], rm, rv, t[1], t[2], training, 0.1, 1e-5).relu(), x, w, b);
            var fused = run(t -> F.batchNormRelu(t[0], rm2, rv2, t[1], t[2], training, 0.1, 1e-5), x, w, b);
            assertSameBits(plain, fused);
            assertArrayEquals(rm.toFloatArray(), rm2.toFloatArray(), "running mean");
            assertArrayEquals(rv.toFloatArray(), rv2.toFloatArray(), "running variance");
            int zeros = 0;
            for (float v : fused.getFirst()) if (v == 0) zeros++;
            assertTrue(zeros > 100 && zeros < 1790, "the ReLU must cut a good part of the outputs, cut " + zeros);
        }
    }

    @Test
    void batchNormReluGradients() {
        Tensor rm = Tensor.zeros(3), rv = Tensor.ones(3);
        GradCheck.assertCorrect(t -> F.batchNormRelu(t[0], null, null, t[1], t[2], true, 0.1, 1e-5),
                GradCheck.randomInput(21, 0.1, 4, 3, 2, 3), GradCheck.randomInput(22, 0.5, 3), GradCheck.randomInput(23, 0.1, 3));
        GradCheck.assertCorrect(t -> F.batchNormRelu(t[0], rm, rv, t[1], t[2], false, 0.1, 1e-5),
                GradCheck.randomInput(24, 0.1, 2, 3, 4), GradCheck.randomInput(25, 0.5, 3), GradCheck.randomInput(26, 0.1, 3));
    }

    @Test
    void callReluMatchesCallThenReluAndStepsAsideForHooks() throws Exception {
        Tensor x = GradCheck.randomInput(31, 0, 4, 3, 5, 5);
        var a = new BatchNorm2d(3);
        var b = new BatchNorm2d(3);
        assertArrayEquals(a.call(x).relu().toFloatArray(), b.callRelu(x).toFloatArray());
        assertEquals(a.numBatchesTracked(), b.numBatchesTracked());
        assertArrayEquals(a.runningVar().toFloatArray(), b.runningVar().toFloatArray());

        double[] seen = new double[1];
        try (var _ = b.addForwardHook((layer, out) -> seen[0] = out.min().item())) {
            Tensor y = b.callRelu(x);
            assertTrue(seen[0] < 0, "the hook must see the norm's own output, before the ReLU");
            assertTrue(y.min().item() >= 0);
        }
    }

    @Test
    void sequentialFusesBatchNormAndReluAndKeepsTheirHooks() throws Exception {
        Tensor x = GradCheck.randomInput(35, 0, 4, 3, 5, 5);
        var fused = new Sequential(new BatchNorm2d(3), new ReLU());
        var bn = new BatchNorm2d(3);
        assertArrayEquals(bn.call(x).relu().toFloatArray(), fused.call(x).toFloatArray());
        int[] calls = new int[1];
        try (var _ = fused.get(1).addForwardHook((layer, out) -> calls[0]++)) {
            assertArrayEquals(bn.call(x).relu().toFloatArray(), fused.call(x).toFloatArray());
        }
        assertEquals(1, calls[0], "a ReLU with a hook runs on its own");
    }

    @Test
    void sequentialPoolsBeforeTheReluWithTheSameBitsAndHooks() throws Exception {
        // Odd sizes, overlapping windows and padding: the general pooling path as well as the 2x2 one.
        Tensor x = GradCheck.randomInput(36, 0, 3, 4, 9, 11);
        for (var pool : new MaxPool2d[] {new MaxPool2d(2), new MaxPool2d(3, 2, 1)}) {
            var seq = new Sequential(new ReLU(), pool);
            assertSameBits(run(t -> pool.call(t[0].relu()), x), run(t -> seq.call(t[0]), x));
        }
        var relu = new ReLU();
        var seq = new Sequential(relu, new MaxPool2d(2));
        int[] shape = new int[1];
        try (var _ = relu.addForwardHook((layer, out) -> shape[0] = out.size(2))) {
            assertSameBits(run(t -> F.maxPool2d(t[0].relu(), 2), x), run(t -> seq.call(t[0]), x));
        }
        assertEquals(9, shape[0], "a ReLU with a hook runs on the full-size input");
    }

    @Test
    void linearReluGivesTheBitsOfLinearThenRelu() {
        // Small (unpacked GEMM) and large (packed, both thread blocks) products, with and without a bias, 2-D
        // and 3-D inputs; about half the outputs fall below zero.
        int[][] shapes = {{5, 7, 3}, {64, 100, 50}, {200, 300, 70}};
        long seed = 50;
        for (int[] s : shapes) {
            Tensor x = GradCheck.randomInput(seed++, 0, s[0], s[1]), w = GradCheck.randomInput(seed++, 0, s[2], s[1]);
            Tensor b = GradCheck.randomInput(seed++, 0, s[2]);
            assertSameBits(run(t -> F.linear(t[0], t[1], t[2]).relu(), x, w, b), run(t -> F.linearRelu(t[0], t[1], t[2], null), x, w, b));
            assertSameBits(run(t -> F.linear(t[0], t[1], null).relu(), x, w), run(t -> F.linearRelu(t[0], t[1], null, null), x, w));
            var fused = run(t -> F.linearRelu(t[0], t[1], t[2], null), x, w, b);
            int zeros = 0;
            for (float v : fused.getFirst()) if (v == 0) zeros++;
            assertTrue(zeros > fused.getFirst().length / 5 && zeros < fused.getFirst().length * 4 / 5, "zeros: " + zeros);
        }
        Tensor x3 = GradCheck.randomInput(60, 0, 4, 16, 40), w3 = GradCheck.randomInput(61, 0, 30, 40), b3 = GradCheck.randomInput(62, 0, 30);
        assertSameBits(run(t -> F.linear(t[0], t[1], t[2]).relu(), x3, w3, b3), run(t -> F.linearRelu(t[0], t[1], t[2], null), x3, w3, b3));
    }

    @Test
    void linearReluGradients() {
        GradCheck.assertCorrect(t -> F.linearRelu(t[0], t[1], t[2], null),
                GradCheck.randomInput(63, 0.1, 6, 5), GradCheck.randomInput(64, 0.1, 4, 5), GradCheck.randomInput(65, 0.1, 4));
    }

    @Test
    void sequentialFusesLinearAndReluAndKeepsTheirHooks() throws Exception {
        Tensor.manualSeed(7);
        Tensor x = GradCheck.randomInput(66, 0, 64, 100);
        var linear = new Linear(100, 50);
        var seq = new Sequential(linear, new ReLU());
        assertSameBits(run(t -> F.linear(t[0], linear.weight(), linear.bias()).relu(), x), run(t -> seq.call(t[0]), x));
        double[] seen = new double[1];
        try (var _ = linear.addForwardHook((layer, out) -> seen[0] = out.min().item())) {
            Tensor y = seq.call(x);
            assertTrue(seen[0] < 0, "the hook must see the Linear's own output, before the ReLU");
            assertTrue(y.min().item() >= 0);
        }
        int[] calls = new int[1];
        try (var _ = seq.get(1).addForwardHook((layer, out) -> calls[0]++)) {
            assertSameBits(run(t -> F.linear(t[0], linear.weight(), linear.bias()).relu(), x), run(t -> seq.call(t[0]), x));
        }
        assertEquals(1, calls[0], "a ReLU with a hook runs on its own");
        try (var _ = Tensor.noGrad()) {
            assertArrayEquals(F.linear(x, linear.weight(), linear.bias()).relu().toFloatArray(), seq.call(x).toFloatArray(),
                    "inference, through the packed weight");
        }
    }

    @Test
    void addReluGivesTheBitsOfAddThenRelu() {
        Tensor a = GradCheck.randomInput(41, 0, 3, 4, 37), b = GradCheck.randomInput(42, 0, 3, 4, 37);
        assertSameBits(run(t -> t[0].add(t[1]).relu(), a, b), run(t -> F.addRelu(t[0], t[1]), a, b));
        // The same tensor on both sides, and broadcasting (the two-op path).
        assertSameBits(run(t -> t[0].add(t[0]).relu(), a), run(t -> F.addRelu(t[0], t[0]), a));
        Tensor row = GradCheck.randomInput(43, 0, 37);
        assertSameBits(run(t -> t[0].add(t[1]).relu(), a, row), run(t -> F.addRelu(t[0], t[1]), a, row));
    }

    @Test
    void addReluGradients() {
        GradCheck.assertCorrect(t -> F.addRelu(t[0], t[1]), GradCheck.randomInput(51, 0.1, 3, 5), GradCheck.randomInput(52, 0.3, 3, 5));
    }
}
