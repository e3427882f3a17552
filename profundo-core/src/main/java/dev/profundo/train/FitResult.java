package dev.profundo.train;

import java.util.List;

/**
 * What {@link Trainer#fit} achieved.
 *
 * @param history          one entry per epoch run (including epochs restored from a checkpoint are not repeated)
 * @param bestEpoch        epoch with the best monitored metric (its weights are in model.safetensors)
 * @param bestMetric       the best value of the monitored metric
 * @param trainSeconds     wall time spent in training steps (all epochs of this call)
 * @param imagesPerSecond  training throughput over this call
 * @param stoppedEarly     true when early stopping ended the run
 */
public record FitResult(List<EpochStats> history, int bestEpoch, double bestMetric, double trainSeconds,
                        double imagesPerSecond, boolean stoppedEarly) {

    /** The last epoch's figures. */
    public EpochStats last() {
        if (history.isEmpty()) throw new IllegalStateException("no epoch was run");
        return history.get(history.size() - 1);
    }

    /** Test accuracy after the last epoch. */
    public double testAccuracy() { return last().testAccuracy(); }

    /** Test loss after the last epoch. */
    public double testLoss() { return last().testLoss(); }
}
