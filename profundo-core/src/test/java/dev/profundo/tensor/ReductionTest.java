package dev.profundo.tensor;

import org.junit.jupiter.api.Test;

import static dev.profundo.tensor.Grads.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Forward values of reductions, keepDim shapes, argmax/argmin and comparisons used as masks. */
class ReductionTest {
    private static final Tensor X = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void sumAllAndPerDim() {
        assertEquals(21, X.sum().item());
        assertValues(new float[] {5, 7, 9}, new int[] {3}, X.sum(0), 0);
        assertValues(new float[] {6, 15}, new int[] {2}, X.sum(-1), 0);
    }

    @Test
    void keepDimLeavesSizeOne() {
        assertValues(new float[] {6, 15}, new int[] {2, 1}, X.sum(1, true), 0);
        assertValues(new float[] {2.5f, 3.5f, 4.5f}, new int[] {1, 3}, X.mean(0, true), 0);
        assertArrayEquals(new int[] {2, 1}, X.max(1, true).shape());
        assertArrayEquals(new int[] {1, 3}, X.argmin(0, true).shape());
    }

    @Test
    void meanAllAndPerDim() {
        assertEquals(3.5, X.mean().item(), 1e-6);
        assertValues(new float[] {2, 5}, new int[] {2}, X.mean(1), 1e-6);
    }

    @Test
    void maxAndMinValues() {
        assertEquals(6, X.max().item());
        assertEquals(1, X.min().item());
        assertValues(new float[] {3, 6}, new int[] {2}, X.max(1), 0);
        assertValues(new float[] {1, 2, 3}, new int[] {3}, X.min(0), 0);
    }

    @Test
    void unbiasedAndBiasedVariance() {
        // Values 1..6: mean 3.5, squared deviations sum to 17.5.
        assertEquals(17.5 / 5, X.var().item(), 1e-6);
        assertEquals(Math.sqrt(17.5 / 5), X.std().item(), 1e-6);
        assertValues(new float[] {1, 1}, new int[] {2}, X.var(1), 1e-6);
        assertValues(new float[] {2f / 3, 2f / 3}, new int[] {2, 1}, X.var(1, true, false), 1e-6);
        assertValues(new float[] {4.5f, 4.5f, 4.5f}, new int[] {3}, X.var(0), 1e-6);
    }

    @Test
    void logSumExpIsStableForLargeValues() {
        Tensor big = Tensor.of(new float[] {1000, 1000}, 2);
        assertEquals(1000 + Math.log(2), big.logSumExp().item(), 1e-3);
        assertValues(new float[] {(float) (3 + Math.log(1 + Math.exp(-1) + Math.exp(-2)))}, new int[] {1},
                X.slice(0, 0, 1).logSumExp(1), 1e-5);
    }

    @Test
    void argmaxAndArgminAreInt64() {
        Tensor a = X.argmax(1);
        assertEquals(DType.INT64, a.dtype());
        assertArrayEquals(new long[] {2, 2}, a.toLongArray());
        assertArrayEquals(new long[] {0, 0, 0}, X.argmin(0).toLongArray());
        assertEquals(5, X.argmax().item());
        assertEquals(DType.INT64, X.argmin().dtype());
    }

    @Test
    void argmaxTiesPickTheFirst() {
        Tensor t = Tensor.of(new float[] {3, 7, 7, 1, 1, 0}, 2, 3);
        assertArrayEquals(new long[] {1, 0}, t.argmax(1).toLongArray());
        assertEquals(1, Tensor.of(new float[] {0, 5, 5, 5}, 4).argmax().item());
    }

    @Test
    void argminTiesPickTheFirst() {
        assertEquals(0, Tensor.of(new float[] {0, 5, 0, 0}, 4).argmin().item());
        assertArrayEquals(new long[] {0, 2}, Tensor.of(new float[] {1, 1, 4, 9, 9, 2}, 2, 3).argmin(1).toLongArray());
    }

    @Test
    void zeroDimTensorsAcceptDim0LikePyTorch() {
        Tensor s = Tensor.scalar(2.5);
        assertEquals(2.5, s.sum(0).item());
        assertEquals(2.5, s.mean(-1).item());
        assertEquals(2.5, s.max(0).item());
        assertEquals(0, s.argmax(0).item());
        assertEquals(1, s.softmax(0).item(), 1e-7);
        assertEquals(2.5, s.transpose(0, -1).item());
        assertEquals(0, s.transpose(0, 0).dim());
    }

    @Test
    void accuracyFromArgmaxEqualsInt64Labels() {
        Tensor logits = Tensor.of(new float[] {0.1f, 2f, 0.3f, 5f, 1f, 0f, 0f, 0f, 9f, 1f, 2f, 3f}, 4, 3);
        Tensor y = Tensor.of(new long[] {1, 0, 1, 2}, 4);
        Tensor correct = logits.argmax(1).eq(y);
        assertArrayEquals(new float[] {1, 1, 0, 1}, correct.toFloatArray());
        assertEquals(0.75, correct.mean().item(), 1e-7);
    }

    @Test
    void comparisonsGiveFloatMasks() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor b = Tensor.of(new float[] {2, 2, 2}, 3);
        assertEquals(DType.FLOAT32, a.gt(b).dtype());
        assertArrayEquals(new float[] {0, 0, 1}, a.gt(b).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 0}, a.lt(b).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 1}, a.ge(b).toFloatArray());
        assertArrayEquals(new float[] {1, 1, 0}, a.le(b).toFloatArray());
        assertArrayEquals(new float[] {1, 0, 1}, a.ne(b).toFloatArray());
        assertArrayEquals(new float[] {0, 1, 0}, a.eq(2).toFloatArray());
        assertEquals(2, a.gt(1.5).sum().item());
    }

    @Test
    void whereSelectsPerElement() {
        Tensor cond = Tensor.of(new float[] {1, 0, 1}, 3);
        Tensor w = Tensor.where(cond, Tensor.of(new float[] {1, 2, 3}, 3), Tensor.full(-1, 1));
        assertArrayEquals(new float[] {1, -1, 3}, w.toFloatArray());
    }
}
