package dev.profundo.nn;

import dev.profundo.autograd.GradCheck;
import dev.profundo.nn.F.CrossEntropyOptions;
import dev.profundo.nn.F.Reduction;
import dev.profundo.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss values against hand-computed numbers, PyTorch's reduction rules, errors and gradient checks. */
class LossesTest {
    private static final CrossEntropyOptions CE = CrossEntropyOptions.DEFAULTS;
    /** log(e^1 + e^2 + e^3). */
    private static final double LSE123 = 3 + Math.log(1 + Math.exp(-1) + Math.exp(-2));

    private static Tensor logits123() {
        return Tensor.of(new float[] {1, 2, 3}, 1, 3);
    }

    private static Tensor labels(long... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void crossEntropyOfOneRow() {
        assertEquals(0.40760596, F.crossEntropy(logits123(), labels(2)).item(), 1e-6);
    }

    @Test
    void crossEntropyWithLabelSmoothingUsesPyTorchsFormula() {
        // (1-0.1)·0.40760596 + 0.1/3·Σc(lse - z_c) = 0.36684536 + 0.14076060
        assertEquals(0.50760596, F.crossEntropy(logits123(), labels(2), 0.1).item(), 1e-6);
    }

    @Test
    void crossEntropyExcludesIgnoredTargetsFromTheMean() {
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 5, 0, 0}, 2, 3);
        assertEquals(0.40760596, F.crossEntropy(logits, labels(2, -100)).item(), 1e-6);
        assertEquals(0.40760596, F.crossEntropy(logits, labels(2, 1), CE.withIgnoreIndex(1)).item(), 1e-6);
        Tensor none = F.crossEntropy(logits, labels(2, -100), Reduction.NONE);
        assertArrayEquals(new float[] {0.40760596f, 0f}, none.toFloatArray(), 1e-6f);
    }

    @Test
    void weightedMeanDividesByTheSumOfTargetWeights() {
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 1, 2, 3}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3);
        double expected = (3 * (LSE123 - 3) + 1 * (LSE123 - 1)) / 4;
        assertEquals(expected, F.crossEntropy(logits, labels(2, 0), CE.withWeight(w)).item(), 1e-5);
        assertEquals(expected * 4, F.crossEntropy(logits, labels(2, 0), CE.withWeight(w).withReduction(Reduction.SUM)).item(), 1e-5);
    }

    @Test
    void weightedLabelSmoothingMatchesPyTorch() {
        Tensor logits = Tensor.of(new float[] {1, 2, 3, 1, 2, 3}, 2, 3);
        Tensor w = Tensor.of(new float[] {1, 2, 3}, 3);
        double eps = 0.2;
        double nll = (3 * (LSE123 - 3) + 1 * (LSE123 - 1)) / 4;
        double smoothRow = 1 * (LSE123 - 1) + 2 * (LSE123 - 2) + 3 * (LSE123 - 3);
        double expected = (1 - eps) * nll + eps / 3 * (2 * smoothRow / 4);
        assertEquals(expected, F.crossEntropy(logits, labels(2, 0), CE.withWeight(w).withLabelSmoothing(eps)).item(), 1e-5);
    }

    @Test
    void crossEntropyAcceptsProbabilityTargets() {
        Tensor p = Tensor.of(new float[] {0, 0, 1}, 1, 3);
        assertEquals(0.40760596, F.crossEntropy(logits123(), p).item(), 1e-6);
        Tensor soft = Tensor.of(new float[] {0.25f, 0.25f, 0.5f}, 1, 3);
        double expected = 0.25 * (LSE123 - 1) + 0.25 * (LSE123 - 2) + 0.5 * (LSE123 - 3);
        assertEquals(expected, F.crossEntropy(logits123(), soft).item(), 1e-6);
    }

    @Test
    void crossEntropyOverSpatialDims() {
        // [N=1, C=3, L=2]: position 0 has logits (1, 2, 3), position 1 has (3, 2, 1).
        Tensor logits = Tensor.of(new float[] {1, 3, 2, 2, 3, 1}, 1, 3, 2);
        Tensor target = Tensor.of(new long[] {2, 0}, 1, 2);
        assertEquals(0.40760596, F.crossEntropy(logits, target).item(), 1e-6);
        assertArrayEquals(new int[] {1, 2}, F.crossEntropy(logits, target, Reduction.NONE).shape());
    }

    @Test
    void crossEntropyAcceptsAnUnbatchedRow() {
        Tensor z = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor target = Tensor.of(new long[] {2});
        assertEquals(0.40760596, F.crossEntropy(z, target).item(), 1e-6);
        assertEquals(0, F.crossEntropy(z, target, Reduction.NONE).dim());
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusTarget() {
        Tensor z = logits123().requiresGrad(true);
        F.crossEntropy(z, labels(2)).backward();
        float[] g = z.grad().toFloatArray();
        double s = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertArrayEquals(new float[] {(float) (Math.exp(1) / s), (float) (Math.exp(2) / s), (float) (Math.exp(3) / s - 1)}, g, 1e-6f);
    }

    @Test
    void crossEntropyGradientChecks() {
        Tensor z = GradCheck.randomInput(1, 0.0, 4, 5);
        Tensor t = labels(0, 4, -100, 2);
        Tensor w = Tensor.of(new float[] {1, 0.5f, 2, 1.5f, 0.7f}, 5);
        GradCheck.assertCorrect(xs -> F.crossEntropy(xs[0], t), z);
        GradCheck.assertCorrect(xs -> F.crossEntropy(xs[0], t, CE.withWeight(w).withLabelSmoothing(0.15)), z);
        GradCheck.assertCorrect(xs -> F.crossEntropy(xs[0], t, CE.withReduction(Reduction.NONE).withLabelSmoothing(0.1)), z);
        GradCheck.assertCorrect(xs -> F.crossEntropy(xs[0], t, Reduction.SUM), z);
        GradCheck.assertCorrect(xs -> F.crossEntropy(xs[0], Tensor.of(new long[] {1, 0, 2, 2}, 2, 2)),
                GradCheck.randomInput(2, 0.0, 2, 3, 2));
        // Probability targets: gradients w.r.t. both logits and target.
        GradCheck.assertCorrect(xs -> F.crossEntropy(xs[0], xs[1], CE.withWeight(w).withLabelSmoothing(0.1)),
                z, GradCheck.randomInput(3, 0.0, 4, 5));
    }

    @Test
    void crossEntropyErrorsNameTheProblem() {
        Tensor logits = Tensor.zeros(32, 10);
        var dtype = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(logits, Tensor.zeros(32)));
        assertTrue(dtype.getMessage().contains("int64 class indices") && dtype.getMessage().contains("FLOAT32 [32]")
                && dtype.getMessage().contains("for probabilities"), dtype.getMessage());
        var range = assertThrows(IllegalArgumentException.class,
                () -> F.crossEntropy(Tensor.zeros(2, 10), labels(3, 10)));
        assertTrue(range.getMessage().contains("class 10") && range.getMessage().contains("10 classes"), range.getMessage());
        var shape = assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(logits, labels(1, 2)));
        assertTrue(shape.getMessage().contains("[32]") && shape.getMessage().contains("[2]"), shape.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CE.withLabelSmoothing(1.5));
        assertThrows(IllegalArgumentException.class, () -> F.crossEntropy(logits123(), labels(2), CE.withWeight(Tensor.ones(4))));
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tensor z = Tensor.of(new float[] {1000, 0, -1000}, 1, 3);
        assertEquals(1000, F.crossEntropy(z, labels(1)).item(), 1e-3);
        assertEquals(0, F.crossEntropy(z, labels(0)).item(), 1e-6);
    }

    @Test
    void nllLossPicksTheTargetLogProbability() {
        Tensor lp = Tensor.of(new float[] {-0.5f, -1, -2, -3, -0.1f, -4}, 2, 3);
        assertEquals((1 + 0.1) / 2, F.nllLoss(lp, labels(1, 1)).item(), 1e-6);
        Tensor w = Tensor.of(new float[] {1, 3, 1}, 3);
        assertEquals((0.5 + 3 * 0.1) / 4, F.nllLoss(lp, labels(0, 1), w, -100, Reduction.MEAN).item(), 1e-6);
        assertEquals(0.5, F.nllLoss(lp, labels(0, 1), null, 1, Reduction.MEAN).item(), 1e-6);
        GradCheck.assertCorrect(xs -> F.nllLoss(xs[0], labels(2, 0), w, -100, Reduction.MEAN), lp);
        GradCheck.assertCorrect(xs -> F.nllLoss(xs[0], labels(2, 0), null, -100, Reduction.NONE), lp);
        // crossEntropy is logSoftmax followed by nllLoss.
        Tensor z = GradCheck.randomInput(4, 0, 3, 4);
        assertEquals(F.crossEntropy(z, labels(3, 0, 1)).item(), F.nllLoss(F.logSoftmax(z, 1), labels(3, 0, 1)).item(), 1e-6);
    }

    @Test
    void regressionLossValues() {
        Tensor a = Tensor.of(new float[] {1, 2, 4}, 3), b = Tensor.of(new float[] {1.5f, 2, 1}, 3);
        assertEquals((0.25 + 0 + 9) / 3, F.mseLoss(a, b).item(), 1e-6);
        assertEquals((0.5 + 0 + 3) / 3, F.l1Loss(a, b).item(), 1e-6);
        // |d| = 0.5 < 1: 0.5·0.25; |d| = 3: 3 - 0.5.
        assertEquals((0.125 + 0 + 2.5) / 3, F.smoothL1Loss(a, b).item(), 1e-6);
        assertEquals((0.5 * 0.25 / 2 + 0 + 3 - 1) / 3, F.smoothL1Loss(a, b, 2, Reduction.MEAN).item(), 1e-6);
        assertEquals(9.25, F.mseLoss(a, b, Reduction.SUM).item(), 1e-6);
        assertArrayEquals(new float[] {0.5f, 0, 3}, F.l1Loss(a, b, Reduction.NONE).toFloatArray());
    }

    @Test
    void regressionLossGradients() {
        Tensor a = GradCheck.randomInput(5, 0.05, 3, 4), b = GradCheck.randomInput(6, 0.05, 3, 4);
        GradCheck.assertCorrect(xs -> F.mseLoss(xs[0], xs[1]), a, b);
        GradCheck.assertCorrect(xs -> F.l1Loss(xs[0], xs[1]), a, b);
        GradCheck.assertCorrect(xs -> F.smoothL1Loss(xs[0], xs[1]), a, b);
        GradCheck.assertCorrect(xs -> F.smoothL1Loss(xs[0], xs[1], 0.5, Reduction.NONE), a, b);
    }

    @Test
    void lossesRejectMismatchedShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> F.mseLoss(Tensor.zeros(32, 1), Tensor.zeros(32)));
        assertTrue(e.getMessage().contains("[32, 1]") && e.getMessage().contains("[32]"), e.getMessage());
    }

    @Test
    void binaryCrossEntropyWithLogitsValuesAndStability() {
        Tensor x = Tensor.of(new float[] {0, 2, -1000}, 3), t = Tensor.of(new float[] {1, 0, 0}, 3);
        // log 2, log(1 + e^2), 0
        double expected = (Math.log(2) + Math.log1p(Math.exp(2)) + 0) / 3;
        assertEquals(expected, F.binaryCrossEntropyWithLogits(x, t).item(), 1e-6);
        Tensor pw = Tensor.of(new float[] {3}, 1);
        // posWeight scales only the positive term: 3·log 2 for the first element.
        assertEquals((3 * Math.log(2) + Math.log1p(Math.exp(2))) / 3,
                F.binaryCrossEntropyWithLogits(x, t, pw, Reduction.MEAN).item(), 1e-6);
    }

    @Test
    void binaryCrossEntropyWithLogitsGradients() {
        Tensor x = GradCheck.randomInput(7, 0.05, 2, 3);
        Tensor t = Tensor.of(new float[] {0, 0.3f, 1, 0.8f, 0.5f, 1}, 2, 3);
        Tensor pw = Tensor.of(new float[] {1, 2, 0.5f}, 3);
        GradCheck.assertCorrect(xs -> F.binaryCrossEntropyWithLogits(xs[0], xs[1]), x, t);
        GradCheck.assertCorrect(xs -> F.binaryCrossEntropyWithLogits(xs[0], xs[1], pw, Reduction.SUM), x, t);
    }
}
