package dev.profundo.nn;

import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: layers, cross-entropy and backward together learn a problem a linear model cannot. */
class TrainingSanityTest {
    @Test
    void twoLayerMlpLearnsXor() {
        Tensor.manualSeed(123);
        // Four XOR corners, each repeated with small jitter.
        int n = 64;
        float[] xs = new float[n * 2];
        long[] ys = new long[n];
        float[] jitter = Tensor.randn(n * 2).mul(0.1).toFloatArray();
        for (int i = 0; i < n; i++) {
            int a = i & 1, b = (i >> 1) & 1;
            xs[2 * i] = a * 2 - 1 + jitter[2 * i];
            xs[2 * i + 1] = b * 2 - 1 + jitter[2 * i + 1];
            ys[i] = a ^ b;
        }
        Tensor x = Tensor.of(xs, n, 2), y = Tensor.of(ys, n);
        Sequential model = new Sequential(new Linear(2, 16), new Tanh(), new Linear(16, 2));
        double first = 0, last = 0;
        for (int step = 0; step < 300; step++) {
            Tensor loss = F.crossEntropy(model.call(x), y);
            if (step == 0) first = loss.item();
            last = loss.item();
            loss.backward();
            // Plain SGD, written out: p -= lr · grad.
            try (var _ = Tensor.noGrad()) {
                for (Tensor p : model.parameters()) {
                    float[] d = p.floatStorage(), g = p.grad().toFloatArray();
                    for (int i = 0; i < g.length; i++) d[i] -= 0.5f * g[i];
                    p.setGrad(null);
                }
            }
        }
        model.eval();
        long[] pred = model.call(x).argmax(1).toLongArray();
        int correct = 0;
        for (int i = 0; i < n; i++) if (pred[i] == ys[i]) correct++;
        assertEquals(n, correct, "accuracy " + correct + "/" + n + ", loss " + first + " -> " + last);
        assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
    }
}
