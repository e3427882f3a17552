package dev.profundo.train;

import dev.profundo.data.Batch;
import dev.profundo.data.DataLoader;
import dev.profundo.data.TensorDataset;
import dev.profundo.kernels.Parallel;
import dev.profundo.nn.BatchNorm2d;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Dropout;
import dev.profundo.nn.F;
import dev.profundo.nn.Flatten;
import dev.profundo.nn.Layer;
import dev.profundo.nn.Linear;
import dev.profundo.nn.MaxPool2d;
import dev.profundo.nn.ReLU;
import dev.profundo.nn.Sequential;
import dev.profundo.optim.AdamW;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Same seed, same bits: 50 training steps of a small CNN give identical parameters, run after run and at any thread count. */
class DeterminismTest {
    private static final int STEPS = 50;

    private static List<float[]> train(long seed) {
        Tensor.manualSeed(seed);
        Tensor x = Tensor.randn(256, 1, 12, 12);
        long[] labels = new long[256];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
        Layer model = new Sequential(
                new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dropout(0.25), new Linear(16 * 3 * 3, 10));
        var opt = new AdamW(model.parameters(), 1e-3);
        var loader = new DataLoader(new TensorDataset(x, Tensor.of(labels, 256)), 32, true);
        int step = 0;
        while (step < STEPS) {
            for (Batch b : loader) {
                if (step++ == STEPS) break;
                Tensor loss = F.crossEntropy(model.forward(b.x()), b.y());
                opt.zeroGrad();
                loss.backward();
                opt.step();
            }
        }
        List<float[]> out = new ArrayList<>();
        for (Tensor t : model.stateDict().values()) out.add(t.toFloatArray());
        return out;
    }

    private static void assertSame(List<float[]> a, List<float[]> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), 0f, "tensor " + i);
    }

    @Test
    void sameSeedGivesBitIdenticalParametersAfter50Steps() {
        assertSame(train(11), train(11));
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<float[]> one = train(5);
            Parallel.setThreads(Math.max(2, threads));
            assertSame(one, train(5));
        } finally {
            Parallel.setThreads(threads);
        }
    }
}
