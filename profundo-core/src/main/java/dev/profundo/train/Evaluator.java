package dev.profundo.train;

import dev.profundo.data.Batch;
import dev.profundo.nn.F;
import dev.profundo.nn.Layer;
import dev.profundo.tensor.BufferPool;
import dev.profundo.tensor.Tensor;

import java.util.Iterator;
import java.util.function.BiFunction;

/** Runs a classifier over a loader in eval mode and collects loss, top-1/top-5 accuracy and the confusion matrix. */
final class Evaluator {
    private Evaluator() {}

    /**
     * Evaluates {@code model} over {@code loader}; each batch's arrays are recycled through {@code pool}
     * when it is not null (the batch's figures are taken out as numbers before its scope closes).
     */
    static EvalResult evaluate(Layer model, Iterable<Batch> loader, int numClasses, BiFunction<Tensor, Tensor, Tensor> loss,
                               BufferPool pool) {
        boolean wasTraining = model.isTraining();
        model.eval();
        var totals = new Totals();
        try (var _ = Tensor.noGrad()) {
            for (Iterator<Batch> it = loader.iterator(); it.hasNext(); ) {
                Batch b = it.next();
                try (var _ = BufferPool.openUnlessOpen(pool)) {
                    totals.add(model.call(b.x()), b, numClasses, loss);
                }
            }
        } finally {
            model.train(wasTraining);
        }
        if (totals.samples == 0) throw new IllegalArgumentException("evaluate: the loader produced no samples");
        return new EvalResult(totals.samples, totals.lossSum / totals.samples, (double) totals.correct / totals.samples,
                (double) totals.top5 / totals.samples, totals.confusion);
    }

    /** The running sums of an evaluation. */
    private static final class Totals {
        long samples, correct, top5;
        double lossSum;
        long[][] confusion;

        void add(Tensor logits, Batch b, int numClasses, BiFunction<Tensor, Tensor, Tensor> loss) {
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
    }

    static BiFunction<Tensor, Tensor, Tensor> crossEntropy() {
        return F::crossEntropy;
    }
}
