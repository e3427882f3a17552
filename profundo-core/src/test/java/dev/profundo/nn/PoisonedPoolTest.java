package dev.profundo.nn;

import dev.profundo.tensor.BufferPool;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every op that draws its storage from a {@link BufferPool} must give exactly the values it gives with
 * fresh arrays, forward and backward, even when the pool hands it arrays full of NaN
 * ({@link BufferPool#poisoning()}): an op that asks for uninitialized storage and leaves an element
 * unwritten fails here. The shapes are large enough to be pooled and to take each kernel path.
 */
class PoisonedPoolTest {

    /** A layer made of a function over the input and parameters registered by the case. */
    private static final class Fn extends Layer {
        private final List<Tensor> extra = new ArrayList<>();
        private BiFunction<Fn, Tensor, Tensor> body;

        Tensor param(int... shape) {
            Tensor p = registerParameter("p" + extra.size(), Tensor.randn(shape));
            extra.add(p);
            return p;
        }

        Tensor p(int i) { return extra.get(i); }

        @Override
        public Tensor forward(Tensor input) { return body.apply(this, input); }
    }

    private static Supplier<Layer> fn(BiFunction<Fn, Tensor, Tensor> body, int[]... paramShapes) {
        return () -> {
            Fn f = new Fn();
            for (int[] s : paramShapes) f.param(s);
            f.body = body;
            return f;
        };
    }

    private record Case(Supplier<Layer> layer, int[] input) {}

    private static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("conv 3x3 32->32 (Winograd)", new Case(() -> new Conv2d(32, 32, 3, 1, 1), new int[] {8, 32, 16, 16}));
        c.put("conv 3x3 1->8 (direct)", new Case(() -> new Conv2d(1, 8, 3, 1, 1), new int[] {8, 1, 16, 16}));
        c.put("conv 5x5 3->6", new Case(() -> new Conv2d(3, 6, 5, 1, 2), new int[] {4, 3, 17, 17}));
        c.put("conv 1x1 8->16", new Case(() -> new Conv2d(8, 16, 1), new int[] {4, 8, 12, 12}));
        c.put("conv 3x3 stride 2", new Case(() -> new Conv2d(8, 16, 3, 2, 1), new int[] {4, 8, 23, 23}));
        c.put("conv dilated, grouped, no bias",
                new Case(() -> new Conv2d(8, 8, 3, 3, 1, 1, 2, 2, 2, 2, 2, false), new int[] {4, 8, 15, 15}));
        c.put("conv + relu + pool, 1 channel (fused)", new Case(
                () -> new Sequential(new Conv2d(1, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2)), new int[] {8, 1, 16, 16}));
        c.put("conv + relu + pool, 32 channels (fused Winograd)", new Case(
                () -> new Sequential(new Conv2d(32, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2)), new int[] {8, 32, 16, 16}));
        c.put("conv + relu + pool, odd size, 1 channel (fused)", new Case(
                () -> new Sequential(new Conv2d(1, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2)), new int[] {4, 1, 15, 13}));
        c.put("conv + relu + pool, odd size, 32 channels (fused Winograd)", new Case(
                () -> new Sequential(new Conv2d(32, 32, 3, 1, 1), new ReLU(), new MaxPool2d(2)), new int[] {4, 32, 15, 13}));
        c.put("batch norm 2d + relu (fused)", new Case(
                () -> new Sequential(new BatchNorm2d(16), new ReLU()), new int[] {8, 16, 9, 9}));
        c.put("batch norm 2d", new Case(() -> new BatchNorm2d(16), new int[] {8, 16, 9, 9}));
        c.put("batch norm 1d", new Case(() -> new BatchNorm1d(64), new int[] {128, 64}));
        c.put("layer norm", new Case(() -> new LayerNorm(96), new int[] {64, 96}));
        c.put("max pool 2", new Case(() -> new MaxPool2d(2), new int[] {4, 16, 14, 14}));
        c.put("max pool 3 stride 2", new Case(() -> new MaxPool2d(3, 2), new int[] {4, 16, 15, 15}));
        c.put("avg pool 2", new Case(() -> new AvgPool2d(2), new int[] {4, 16, 14, 14}));
        c.put("adaptive avg pool", new Case(() -> new AdaptiveAvgPool2d(3), new int[] {4, 64, 10, 10}));
        c.put("linear", new Case(() -> new Linear(96, 80), new int[] {128, 96}));
        c.put("linear, no bias", new Case(() -> new Linear(96, 80, false), new int[] {128, 96}));
        c.put("dropout", new Case(() -> new Dropout(0.3), new int[] {64, 128}));
        c.put("relu, gelu, silu, tanh, sigmoid", new Case(
                fn((f, x) -> x.relu().add(x.gelu()).add(x.silu()).mul(x.tanh()).sub(x.sigmoid())), new int[] {64, 128}));
        c.put("add relu (fused)", new Case(fn((f, x) -> F.addRelu(x, f.p(0)), new int[] {64, 128}), new int[] {64, 128}));
        c.put("broadcast add, mul, div", new Case(
                fn((f, x) -> x.add(f.p(0)).mul(f.p(1)).div(f.p(1).abs().add(1.0)), new int[] {128}, new int[] {64, 1}),
                new int[] {64, 128}));
        c.put("batched matmul", new Case(fn((f, x) -> x.matmul(f.p(0)), new int[] {4, 40, 48}), new int[] {4, 32, 40}));
        c.put("softmax, log-softmax", new Case(fn((f, x) -> x.softmax(1).add(x.logSoftmax(1))), new int[] {64, 100}));
        c.put("sum, mean, max, var over a dim", new Case(
                fn((f, x) -> x.sum(1).add(x.mean(0).sum()).add(x.max(1)).add(x.var(1))), new int[] {128, 64}));
        c.put("transpose + contiguous", new Case(fn((f, x) -> x.transpose(0, 1).contiguous().mul(2.0)), new int[] {64, 96}));
        c.put("cross-entropy", new Case(fn((f, x) -> F.crossEntropy(x, labels(128, 40))), new int[] {128, 40}));
        c.put("mse loss", new Case(fn((f, x) -> F.mseLoss(x, f.p(0)), new int[] {64, 100}), new int[] {64, 100}));
        c.put("binary cross-entropy with logits", new Case(
                fn((f, x) -> F.binaryCrossEntropyWithLogits(x, f.p(0).sigmoid()), new int[] {64, 100}), new int[] {64, 100}));
        c.put("embedding", new Case(fn((f, x) -> F.embedding(labels(128, 50), f.p(0)).add(x), new int[] {50, 64}),
                new int[] {128, 64}));
        c.put("index select", new Case(fn((f, x) -> x.indexSelect(0, labels(100, 64))), new int[] {64, 96}));
        return c;
    }

    private static Tensor labels(int n, int classes) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) v[i] = (i * 7L + 3) % classes;
        return Tensor.of(v, n);
    }

    /** Output, input gradient and parameter gradients of one forward and backward pass. */
    private static List<float[]> run(Case c, BufferPool pool) {
        Tensor.manualSeed(5);
        Layer layer = c.layer().get();
        Tensor x = Tensor.randn(c.input()).requiresGrad(true);
        List<float[]> out = new ArrayList<>();
        try (var _ = pool == null ? null : pool.open()) {
            Tensor y = layer.call(x);
            y.mul(Tensor.randn(y.shape())).sum().backward();
            out.add(y.toFloatArray());
        }
        out.add(x.grad().toFloatArray());
        for (Tensor p : layer.parameters()) out.add(p.grad().toFloatArray());
        return out;
    }

    @TestFactory
    Stream<DynamicTest> poolStorageGivesTheValuesOfFreshStorage() {
        return cases().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            List<float[]> fresh = run(e.getValue(), null);
            BufferPool pool = BufferPool.poisoning();
            for (int pass = 1; pass <= 2; pass++) {   // the second pass gets the first one's arrays back
                List<float[]> pooled = run(e.getValue(), pool);
                assertEquals(fresh.size(), pooled.size());
                for (int i = 0; i < fresh.size(); i++)
                    assertArrayEquals(fresh.get(i), pooled.get(i), e.getKey() + ": " + (i == 0 ? "output" : i == 1
                            ? "input gradient" : "gradient of parameter " + (i - 2)) + ", pass " + pass);
            }
        }));
    }
}
