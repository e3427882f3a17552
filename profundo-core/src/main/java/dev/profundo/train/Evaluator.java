package dev.profundo.train;

import dev.profundo.data.Batch;
import dev.profundo.nn.F;
import dev.profundo.nn.Layer;
import dev.profundo.tensor.Tensor;

import java.util.function.BiFunction;

/** Runs a classifier over a loader in eval mode and collects loss, top-1/top-5 accuracy and the confusion matrix. */
final class Evaluator {
    private Evaluator() {}

    static EvalResult evaluate(Layer model, Iterable<Batch> loader, int numClasses, BiFunction<Tensor, Tensor, Tensor> loss) {
        boolean wasTraining = model.isTraining();
        model.eval();
        long samples = 0, correct = 0, top5 = 0;
        double lossSum = 0;
        long[][] confusion = null;
        try (var _ = Tensor.noGrad()) {
            for (Batch b : loader) {
                Tensor logits = model.call(b.x());
                int n = logits.size(0);
                int classes = numClasses > 0 ? numClasses : logits.size(1);
                if (logits.dim() != 2 || logits.size(1) != classes)
                    throw new IllegalArgumentException("evaluate: the model returned shape "
                            + java.util.Arrays.toString(logits.shape()) + " but a classifier over " + classes
                            + " classes must return [batch, " + classes + "]");
                if (confusion == null) confusion = new long[classes][classes];
                lossSum += loss.apply(logits, b.y()).item() * n;
                float[] v = logits.toFloatArray();
                long[] y = b.y().toLongArray();
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) if (v[i * classes + c] > v[i * classes + best]) best = c;
                    int truth = (int) y[i];
                    if (truth < 0 || truth >= classes)
                        throw new IllegalArgumentException("evaluate: label " + truth + " is outside [0, " + classes + ")");
                    confusion[truth][best]++;
                    if (best == truth) correct++;
                    int above = 0;
                    for (int c = 0; c < classes; c++) if (v[i * classes + c] > v[i * classes + truth]) above++;
                    if (above < 5) top5++;
                }
                samples += n;
            }
        } finally {
            model.train(wasTraining);
        }
        if (samples == 0) throw new IllegalArgumentException("evaluate: the loader produced no samples");
        return new EvalResult(samples, lossSum / samples, (double) correct / samples, (double) top5 / samples, confusion);
    }

    static BiFunction<Tensor, Tensor, Tensor> crossEntropy() {
        return F::crossEntropy;
    }
}
