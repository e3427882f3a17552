package dev.profundo.train;

/**
 * Classification figures of a model on a dataset.
 *
 * @param samples         number of samples evaluated
 * @param loss            mean cross-entropy loss
 * @param accuracy        top-1 accuracy
 * @param top5Accuracy    top-5 accuracy (1.0 when there are at most 5 classes)
 * @param confusion       confusion[true][predicted] counts
 */
public record EvalResult(long samples, double loss, double accuracy, double top5Accuracy, long[][] confusion) {

    /** Accuracy per true class (NaN for a class with no samples). */
    public double[] perClassAccuracy() {
        double[] out = new double[confusion.length];
        for (int c = 0; c < confusion.length; c++) {
            long total = 0;
            for (long v : confusion[c]) total += v;
            out[c] = total == 0 ? Double.NaN : (double) confusion[c][c] / total;
        }
        return out;
    }
}
