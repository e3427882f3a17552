package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/**
 * A fully connected layer, {@code y = x·Wᵀ + b}, with weight [out, in] and bias [out].
 *
 * <p>Shape: input [..., in] → output [..., out]. Weight and bias start as U(-1/√in, 1/√in), PyTorch's
 * default (Kaiming uniform with {@code a = √5}), drawn from the global seeded generator.
 *
 * <p>When a call does not train the weight (under {@code Tensor.noGrad()}, or with the weight frozen), the
 * layer keeps the weight packed for GEMM until it changes, which saves a transpose of the whole weight per
 * call; the copy is about the size of the weight ({@code -Dprofundo.packedWeights=false} turns this off).
 * Writing into the weight's storage directly requires {@link Tensor#markModified()}.
 */
public class Linear extends Layer {
    private final int inFeatures, outFeatures;
    private final Tensor weight, bias;
    /** The weight packed for GEMM while it is not being trained (inference); see {@link PackedWeight}. */
    private final PackedWeight packedWeight = new PackedWeight();

    /** A layer mapping {@code inFeatures} to {@code outFeatures}, with a bias. */
    public Linear(int inFeatures, int outFeatures) {
        this(inFeatures, outFeatures, true);
    }

    /** A layer mapping {@code inFeatures} to {@code outFeatures}, with or without a bias. */
    public Linear(int inFeatures, int outFeatures, boolean bias) {
        if (inFeatures < 0 || outFeatures < 0)
            throw new IllegalArgumentException("Linear: feature counts must be >= 0, got " + inFeatures + " -> " + outFeatures);
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Tensor.zeros(outFeatures, inFeatures));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outFeatures)) : null;
        resetParameters();
    }

    /** Redraws weight and bias from U(-1/√in, 1/√in). */
    public void resetParameters() {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU);
        if (bias != null) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform(bias, -bound, bound);
        }
    }

    /** The weight [out, in]. */
    public Tensor weight() { return weight; }

    /** The bias [out], or null when built without one. */
    public Tensor bias() { return bias; }

    /** Input feature count. */
    public int inFeatures() { return inFeatures; }

    /** Output feature count. */
    public int outFeatures() { return outFeatures; }

    @Override
    public Tensor forward(Tensor input) {
        return F.linear(input, weight, bias, packedWeight);
    }

    /**
     * {@code relu(forward(input))} as one op (see {@link LinearOp}): a {@link Sequential} runs a Linear followed by
     * a ReLU this way. With forward hooks registered it runs the two steps, so the hooks see the layer's own
     * output.
     */
    public Tensor callRelu(Tensor input) {
        return hasForwardHooks() ? call(input).relu() : F.linearRelu(input, weight, bias, packedWeight);
    }

    /** Whether the layer holds its weight packed for GEMM now (for tests). */
    boolean holdsPackedWeight() {
        return packedWeight.holdsCopy();
    }

    @Override
    public String describe() {
        return "Linear(" + inFeatures + " -> " + outFeatures + (bias == null ? ", bias=false" : "") + ")";
    }
}
