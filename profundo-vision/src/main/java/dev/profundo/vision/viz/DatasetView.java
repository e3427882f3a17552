package dev.profundo.vision.viz;

import dev.profundo.nn.Layer;
import dev.profundo.nn.Sequential;
import dev.profundo.tensor.Tensor;
import dev.profundo.vision.data.ImageSet;
import dev.profundo.vision.transforms.Normalize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A model's behaviour over a labelled image set: predictions and confidences, confusion matrix,
 * per-class accuracy, and the penultimate-layer features (the input of the final classifier layer)
 * for a 2-D projection.
 *
 * @param labels     true class per image
 * @param predicted  predicted class per image
 * @param confidence softmax probability of the predicted class
 * @param features   penultimate features, n x featureDim row-major (empty when the model is not a Sequential)
 * @param featureDim length of one feature vector (0 when not captured)
 * @param confusion  counts, rows true class, columns predicted
 */
public record DatasetView(int[] labels, int[] predicted, float[] confidence, float[] features, int featureDim, long[][] confusion) {

    /**
     * Runs the model (in eval mode, without gradients) over {@code data} normalised with
     * {@code mean}/{@code std}, in batches of {@code batch} images.
     */
    public static DatasetView evaluate(Layer model, ImageSet data, float[] mean, float[] std, int batch) {
        int n = data.size(), classes = data.numClasses();
        var norm = new Normalize(mean, std);
        int[] labels = new int[n], predicted = new int[n];
        float[] confidence = new float[n];
        List<float[]> featureChunks = new ArrayList<>();
        int[] dim = {0};
        Layer penultimate = model instanceof Sequential s && s.size() >= 2 ? s.get(s.size() - 2) : null;
        float[][] captured = new float[1][];
        AutoCloseable hook = penultimate == null ? null : penultimate.addForwardHook((l, t) -> {
            dim[0] = t.numel() / t.size(0);
            captured[0] = t.contiguous().toFloatArray();
        });
        model.eval();
        try (var _ = Tensor.noGrad()) {
            for (int start = 0; start < n; start += batch) {
                int b = Math.min(batch, n - start);
                int[] idx = IntStream.range(start, start + b).toArray();
                var batchData = data.getBatch(idx);
                float[] x = batchData.x().toFloatArray();
                norm.apply(x, b, data.channels(), data.height() * data.width());
                Tensor logits = model.call(Tensor.wrap(x, b, data.channels(), data.height(), data.width()));
                if (logits.dim() != 2 || logits.size(1) != classes)
                    throw new IllegalArgumentException("DatasetView: the model outputs shape " + java.util.Arrays.toString(logits.shape())
                            + " but " + data.name() + " has " + classes + " classes");
                float[] p = logits.softmax(1).toFloatArray();
                for (int i = 0; i < b; i++) {
                    int best = 0;
                    for (int c = 1; c < classes; c++) if (p[i * classes + c] > p[i * classes + best]) best = c;
                    labels[start + i] = data.label(start + i);
                    predicted[start + i] = best;
                    confidence[start + i] = p[i * classes + best];
                }
                if (captured[0] != null) featureChunks.add(captured[0]);
            }
        } finally {
            if (hook != null) Activations.close(hook);
        }
        float[] features = new float[featureChunks.isEmpty() ? 0 : n * dim[0]];
        int at = 0;
        for (float[] chunk : featureChunks) {
            System.arraycopy(chunk, 0, features, at, chunk.length);
            at += chunk.length;
        }
        long[][] confusion = new long[classes][classes];
        for (int i = 0; i < n; i++) confusion[labels[i]][predicted[i]]++;
        return new DatasetView(labels, predicted, confidence, features, featureChunks.isEmpty() ? 0 : dim[0], confusion);
    }

    /** Overall accuracy. */
    public double accuracy() {
        long right = 0;
        for (int i = 0; i < labels.length; i++) if (labels[i] == predicted[i]) right++;
        return labels.length == 0 ? Double.NaN : right / (double) labels.length;
    }

    /** Accuracy per true class (NaN for a class with no images). */
    public double[] perClassAccuracy() {
        double[] out = new double[confusion.length];
        for (int c = 0; c < out.length; c++) {
            long sum = 0;
            for (long v : confusion[c]) sum += v;
            out[c] = sum == 0 ? Double.NaN : confusion[c][c] / (double) sum;
        }
        return out;
    }

    /** Indices of the wrongly classified images, most confident first, at most {@code k}. */
    public int[] mostConfidentlyWrong(int k) {
        return IntStream.range(0, labels.length).filter(i -> labels[i] != predicted[i]).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -confidence[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
    }
}
