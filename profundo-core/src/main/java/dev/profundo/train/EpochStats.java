package dev.profundo.train;

/**
 * The figures of one finished epoch; test figures are NaN when no test loader was given.
 *
 * @param epoch           1-based epoch number
 * @param epochs          total epochs of the run
 * @param trainLoss       mean training loss over the epoch's samples
 * @param trainAccuracy   training accuracy measured on the fly (dropout on), NaN if the loss is not a classifier's
 * @param testLoss        mean loss on the test loader
 * @param testAccuracy    accuracy on the test loader
 * @param learningRate    learning rate at the end of the epoch
 * @param samples         training samples seen in the epoch
 * @param seconds         wall time of the training part of the epoch
 * @param samplesPerSecond training throughput
 * @param dataWaitSeconds the part of {@code seconds} the loop spent waiting for the next batch from
 *                        the loader (near 0 when prefetch keeps up with the training step)
 */
public record EpochStats(int epoch, int epochs, double trainLoss, double trainAccuracy, double testLoss,
                         double testAccuracy, double learningRate, long samples, double seconds,
                         double samplesPerSecond, double dataWaitSeconds) {

    /** Looks a metric up by its name in metrics.jsonl ({@code test_accuracy}, {@code test_loss}, {@code train_loss}, {@code train_accuracy}). */
    public double metric(String name) {
        return switch (name) {
            case "test_accuracy" -> testAccuracy;
            case "test_loss" -> testLoss;
            case "train_loss" -> trainLoss;
            case "train_accuracy" -> trainAccuracy;
            default -> throw new IllegalArgumentException("unknown metric '" + name
                    + "' (use test_accuracy, test_loss, train_loss or train_accuracy)");
        };
    }

    /** True for metrics where larger is better. */
    public static boolean higherIsBetter(String metric) {
        return metric.endsWith("accuracy");
    }
}
