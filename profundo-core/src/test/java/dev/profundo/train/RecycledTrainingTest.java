package dev.profundo.train;

import dev.profundo.data.DataLoader;
import dev.profundo.data.TensorDataset;
import dev.profundo.nn.BatchNorm2d;
import dev.profundo.nn.Conv2d;
import dev.profundo.nn.Dropout;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training with the step's arrays recycled must give exactly the results of training without. */
class RecycledTrainingTest {

    /** A run: the per-epoch figures and the final parameters. */
    private record Run(List<EpochStats> history, List<float[]> params, long reused) {}

    private static Run train(boolean recycle) {
        Tensor.manualSeed(11);
        int n = 96;
        Tensor x = Tensor.randn(n, 1, 12, 12);
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) labels[i] = i % 4;
        // Make the classes separable: brighten one quadrant per class.
        float[] shift = new float[n * 144];
        for (int i = 0; i < n; i++)
            for (int r = 0; r < 6; r++)
                for (int c = 0; c < 6; c++)
                    shift[i * 144 + (r + 6 * (int) (labels[i] / 2)) * 12 + c + 6 * (int) (labels[i] % 2)] = 1.5f;
        x = x.add(Tensor.of(shift, n, 1, 12, 12));
        Tensor y = Tensor.of(labels, n);
        // Batch-norm, conv + pool (fused by Sequential), dropout and linear layers: the pooled ops of a CNN step.
        Layer model = new Sequential(
                new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Conv2d(8, 16, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dropout(0.3), new Linear(16 * 3 * 3, 4));
        var opt = new AdamW(model.parameters(), 1e-2, 0.01);
        var train = new DataLoader(new TensorDataset(x.slice(0, 0, 64), y.slice(0, 0, 64)), 16, true);
        var test = new DataLoader(new TensorDataset(x.slice(0, 64, n), y.slice(0, 64, n)), 32, false);
        Trainer t = Trainer.builder(model, opt).epochs(3).progress(Progress.silent()).recycleBuffers(recycle).build();
        List<EpochStats> history = t.fit(train, test).history();
        List<float[]> params = new ArrayList<>();
        for (Tensor p : model.stateDict().values()) params.add(p.toFloatArray());   // parameters and running stats
        return new Run(history, params, t.bufferPool() == null ? 0 : t.bufferPool().reusedArrays());
    }

    @Test
    void recycledTrainingIsBitIdenticalToFreshAllocation() {
        Run fresh = train(false), recycled = train(true);
        assertTrue(recycled.reused() > 0, "the recycled run reused arrays across steps");
        assertEquals(fresh.params().size(), recycled.params().size());
        for (int i = 0; i < fresh.params().size(); i++)
            assertArrayEquals(fresh.params().get(i), recycled.params().get(i), "parameter or buffer " + i);
        for (int e = 0; e < fresh.history().size(); e++) {
            EpochStats a = fresh.history().get(e), b = recycled.history().get(e);
            assertEquals(a.trainLoss(), b.trainLoss(), 0.0, "train loss, epoch " + (e + 1));
            assertEquals(a.trainAccuracy(), b.trainAccuracy(), 0.0);
            assertEquals(a.testLoss(), b.testLoss(), 0.0, "test loss, epoch " + (e + 1));
            assertEquals(a.testAccuracy(), b.testAccuracy(), 0.0);
        }
        assertTrue(fresh.history().getLast().trainLoss() < fresh.history().getFirst().trainLoss(), "it learned");
    }

    @Test
    void evaluationCalledInsideACallersScopeJoinsItInsteadOfFailing() {
        Tensor.manualSeed(4);
        var model = new Sequential(new Linear(8192, 512), new ReLU(), new Linear(512, 4));
        var data = new TensorDataset(Tensor.randn(64, 8192), Tensor.of(new long[64], 64));
        EvalResult outside = Trainer.evaluate(model, new DataLoader(data, 16, false), 4);
        EvalResult inside;
        var pool = new dev.profundo.tensor.BufferPool();
        try (var _ = pool.open()) {
            inside = Trainer.evaluate(model, new DataLoader(data, 16, false), 4);
        }
        assertEquals(outside.loss(), inside.loss(), 0.0);
        assertEquals(outside.accuracy(), inside.accuracy(), 0.0);
        assertTrue(pool.allocatedArrays() > 0, "the evaluation's arrays came from the caller's pool");
    }

    /** A layer that (wrongly, under recycling) carries its last output into the next step. */
    private static final class Carry extends Layer {
        private Tensor last;

        @Override
        public Tensor forward(Tensor input) {
            Tensor out = last == null ? input : input.add(last.detach().mul(0.0));
            last = out;
            return out;
        }
    }

    @Test
    void aModelThatKeepsATensorAcrossStepsGetsAClearErrorAndTheWayOut() {
        Tensor.manualSeed(3);
        var data = new TensorDataset(Tensor.randn(48, 8192), Tensor.of(new long[48], 48));
        var model = new Sequential(new Carry(), new Linear(8192, 2));
        var opt = new AdamW(model.parameters(), 1e-3, 0.0);
        var recycling = Trainer.builder(model, opt).progress(Progress.silent()).build();
        var e = assertThrows(IllegalStateException.class, () -> recycling.fit(new DataLoader(data, 16, false), null));
        assertTrue(e.getMessage().contains("released") && e.getMessage().contains("recycleBuffers(false)"), e.getMessage());

        var model2 = new Sequential(new Carry(), new Linear(8192, 2));
        var plain = Trainer.builder(model2, new AdamW(model2.parameters(), 1e-3, 0.0)).progress(Progress.silent())
                .recycleBuffers(false).build();
        assertEquals(48, plain.fit(new DataLoader(data, 16, false), null).last().samples());
    }
}
