package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BatchNorm1d and BatchNorm2d: statistics, running buffers, train/eval, state-dict keys, gradients. */
class BatchNormTest {
    @Test
    void stateDictKeysMatchPyTorch() {
        var keys = List.copyOf(new BatchNorm2d(3).stateDict().keySet());
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"), keys);
        Tensor nbt = new BatchNorm1d(3).stateDict().get("num_batches_tracked");
        assertEquals(0, nbt.dim());
        assertEquals(dev.profundo.tensor.DType.INT64, nbt.dtype());
    }

    @Test
    void oneTrainingStepByHand() {
        BatchNorm1d bn = new BatchNorm1d(2);
        // Channel 0 sees 1, 3: mean 2, biased var 1, unbiased 2. Channel 1 sees 2, 6: mean 4, var 4, unbiased 8.
        float[] y = bn.call(Tensor.of(new float[] {1, 2, 3, 6}, 2, 2)).toFloatArray();
        assertArrayEquals(new float[] {(float) (-1 / Math.sqrt(1 + 1e-5)), (float) (-2 / Math.sqrt(4 + 1e-5)),
                (float) (1 / Math.sqrt(1 + 1e-5)), (float) (2 / Math.sqrt(4 + 1e-5))}, y, 1e-6f);
        assertArrayEquals(new float[] {0.2f, 0.4f}, bn.runningMean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.2f, 0.9f + 0.8f}, bn.runningVar().toFloatArray(), 1e-6f);
        assertEquals(1, bn.numBatchesTracked());
    }

    @Test
    void evalUsesRunningStatisticsAndLeavesThemAlone() {
        BatchNorm2d bn = new BatchNorm2d(1);
        bn.call(Tensor.of(new float[] {0, 2, 4, 6}, 2, 1, 1, 2)); // mean 3, unbiased var 20/3
        bn.eval();
        float rm = (float) bn.runningMean().item(), rv = (float) bn.runningVar().item();
        assertEquals(0.3f, rm, 1e-6f);
        assertEquals(0.9f + 2f / 3, rv, 1e-6f);
        float[] y = bn.call(Tensor.of(new float[] {1}, 1, 1, 1, 1)).toFloatArray();
        assertEquals((1 - rm) / Math.sqrt(rv + 1e-5), y[0], 1e-6);
        assertEquals(rm, (float) bn.runningMean().item());
        assertEquals(1, bn.numBatchesTracked());
    }

    @Test
    void trainingWithOneValuePerChannelIsAnError() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(4).call(Tensor.zeros(1, 4)));
        assertTrue(e.getMessage().contains("more than 1 value per channel") && e.getMessage().contains("[1, 4]"), e.getMessage());
        BatchNorm1d bn = new BatchNorm1d(4);
        bn.eval();
        assertArrayEquals(new int[] {1, 4}, bn.call(Tensor.zeros(1, 4)).shape());
    }

    @Test
    void wrongRankOrChannelCountIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).call(Tensor.zeros(2, 3, 4)));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).call(Tensor.zeros(2, 3, 4, 4)));
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).call(Tensor.zeros(2, 4, 5, 5)));
        assertTrue(e.getMessage().contains("3 channels") && e.getMessage().contains("[2, 4, 5, 5]"), e.getMessage());
    }

    @Test
    void normalisesEachChannelOverBatchAndSpace() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor y = bn.call(GradCheck.randomInput(7, 0.2, 4, 3, 2, 5));
        for (int c = 0; c < 3; c++) {
            float[] v = y.slice(1, c, c + 1).toFloatArray();
            double s = 0, sq = 0;
            for (float f : v) {
                s += f;
                sq += f * f;
            }
            assertEquals(0, s / v.length, 1e-5);
            assertEquals(1, sq / v.length, 1e-3);
        }
    }

    @Test
    void layerGradientsInTrainingAndEval() {
        BatchNorm2d bn2 = new BatchNorm2d(2);
        Tensor x4 = GradCheck.randomInput(8, 0.1, 3, 2, 2, 2);
        GradCheck.assertCorrect(xs -> bn2.call(xs[0]), x4);
        BatchNorm1d bn1 = new BatchNorm1d(3);
        Tensor x3 = GradCheck.randomInput(9, 0.1, 2, 3, 4);
        GradCheck.assertCorrect(xs -> bn1.call(xs[0]), x3);
        bn1.eval();
        GradCheck.assertCorrect(xs -> bn1.call(xs[0]), x3);
        GradCheck.assertCorrect(xs -> F.batchNorm(xs[0], bn1.runningMean(), bn1.runningVar(), xs[1], xs[2], false, 0.1, 1e-5),
                x3, GradCheck.randomInput(10, 0.1, 3), GradCheck.randomInput(11, 0.1, 3));
    }

    @Test
    void affineParametersReceiveGradients() {
        BatchNorm1d bn = new BatchNorm1d(2);
        bn.call(Tensor.of(new float[] {1, 2, 3, 6}, 2, 2)).sum().backward();
        // Σ x̂ = 0 per channel, so dL/dweight = 0 and dL/dbias = N.
        assertArrayEquals(new float[] {0, 0}, bn.weight().grad().toFloatArray(), 1e-5f);
        assertArrayEquals(new float[] {2, 2}, bn.bias().grad().toFloatArray());
        assertEquals("BatchNorm1d(2)", bn.describe());
    }
}
