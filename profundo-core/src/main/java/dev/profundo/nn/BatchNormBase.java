package dev.profundo.nn;

import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * What {@link BatchNorm1d} and {@link BatchNorm2d} share: per-channel affine parameters, running
 * statistics buffers and the train/eval switch. Subclasses only check the input's rank.
 */
abstract class BatchNormBase extends Layer {
    private final int numFeatures;
    private final double eps, momentum;
    private final Tensor weight, bias, runningMean, runningVar, batchesTracked;

    BatchNormBase(int numFeatures, double eps, double momentum, boolean affine) {
        if (numFeatures <= 0) throw new IllegalArgumentException(name() + ": numFeatures must be positive, got " + numFeatures);
        if (!(eps > 0)) throw new IllegalArgumentException(name() + ": eps must be > 0, got " + eps);
        if (!(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException(name() + ": momentum must be in [0, 1], got " + momentum);
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? registerParameter("weight", Tensor.ones(numFeatures)) : null;
        this.bias = affine ? registerParameter("bias", Tensor.zeros(numFeatures)) : null;
        this.runningMean = registerBuffer("running_mean", Tensor.zeros(numFeatures));
        this.runningVar = registerBuffer("running_var", Tensor.ones(numFeatures));
        // A 0-dim int64 counter, as PyTorch; loadStateDict copies into it, so this reference stays valid.
        this.batchesTracked = registerBuffer("num_batches_tracked", Tensor.of(new long[] {0}));
    }

    private String name() { return getClass().getSimpleName(); }

    /** Throws unless the input has a rank this layer accepts. */
    abstract void checkRank(Tensor input);

    /** The scale [C], or null without affine. */
    public Tensor weight() { return weight; }

    /** The shift [C], or null without affine. */
    public Tensor bias() { return bias; }

    /** The running mean [C], updated in training, used in eval. */
    public Tensor runningMean() { return runningMean; }

    /** The running (unbiased) variance [C], updated in training, used in eval. */
    public Tensor runningVar() { return runningVar; }

    /** How many training batches have updated the running statistics. */
    public long numBatchesTracked() {
        return (long) batchesTracked.item();
    }

    @Override
    public Tensor forward(Tensor input) {
        return normalize(input, false);
    }

    /**
     * {@code call(input).relu()} in one fused pass each way (same values and gradients, one tensor
     * fewer): for models that put a ReLU after the norm. With forward hooks registered it runs the
     * two steps, so the hooks still see the norm's own output.
     */
    public Tensor callRelu(Tensor input) {
        return hasForwardHooks() ? call(input).relu() : normalize(input, true);
    }

    private Tensor normalize(Tensor input, boolean relu) {
        checkRank(input);
        if (input.size(1) != numFeatures)
            throw new IllegalArgumentException(name() + ": expected " + numFeatures + " channels in dim 1, got input shape "
                    + Shape.format(input.shape()));
        Tensor y = relu ? F.batchNormRelu(input, runningMean, runningVar, weight, bias, isTraining(), momentum, eps)
                : F.batchNorm(input, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
        if (isTraining()) {
            batchesTracked.longStorage()[batchesTracked.storageOffset()]++;
        }
        return y;
    }

    @Override
    public String describe() {
        return name() + "(" + numFeatures + (weight == null ? ", affine=false" : "") + ")";
    }
}
