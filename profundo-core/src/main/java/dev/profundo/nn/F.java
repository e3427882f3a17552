package dev.profundo.nn;

import dev.profundo.tensor.DType;
import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * Functional forms of the layers and losses (PyTorch's {@code torch.nn.functional}): pure math on
 * tensors, with any state (weights, running statistics, training flag) passed in. Layers are thin
 * wrappers that own the state and call these.
 */
public final class F {
    private F() {}

    /** How a loss reduces its per-element values: their mean (the default), their sum, or not at all. */
    public enum Reduction {
        /** The mean over elements (for weighted losses, divided by the total weight). */
        MEAN,
        /** The sum over elements. */
        SUM,
        /** The per-element losses, in the target's shape. */
        NONE
    }

    /**
     * Options of {@link #crossEntropy(Tensor, Tensor, CrossEntropyOptions)}: per-class {@code weight}
     * (a float tensor [C] or null), {@code ignoreIndex} (targets equal to it contribute nothing and
     * are left out of the mean; default -100), {@code labelSmoothing} in [0, 1] and the reduction.
     * The class weights are constants: they receive no gradient.
     * Start from {@link #DEFAULTS} and change what you need: {@code DEFAULTS.withLabelSmoothing(0.1)}.
     */
    public record CrossEntropyOptions(Tensor weight, long ignoreIndex, double labelSmoothing, Reduction reduction) {
        /** PyTorch's defaults: no weight, ignoreIndex -100, no smoothing, mean. */
        public static final CrossEntropyOptions DEFAULTS = new CrossEntropyOptions(null, -100, 0.0, Reduction.MEAN);

        /** Validates the smoothing amount and the reduction. */
        public CrossEntropyOptions {
            if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
                throw new IllegalArgumentException("crossEntropy: labelSmoothing must be in [0, 1], got " + labelSmoothing);
            if (reduction == null) throw new IllegalArgumentException("crossEntropy: reduction must not be null");
        }

        /** These options with per-class weights (a float tensor [C]; null for none). */
        public CrossEntropyOptions withWeight(Tensor w) { return new CrossEntropyOptions(w, ignoreIndex, labelSmoothing, reduction); }

        /** These options with another ignored target value. */
        public CrossEntropyOptions withIgnoreIndex(long i) { return new CrossEntropyOptions(weight, i, labelSmoothing, reduction); }

        /** These options with label smoothing {@code eps}: the target becomes {@code (1-eps)·onehot + eps/C}. */
        public CrossEntropyOptions withLabelSmoothing(double eps) { return new CrossEntropyOptions(weight, ignoreIndex, eps, reduction); }

        /** These options with another reduction. */
        public CrossEntropyOptions withReduction(Reduction r) { return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, r); }
    }

    // ------------------------------------------------------------------ activations

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) { return x.relu(); }

    /** {@code x} where positive, {@code slope·x} elsewhere. */
    public static Tensor leakyRelu(Tensor x, double slope) { return x.leakyRelu(slope); }

    /** The exact GELU, {@code x·Φ(x)} with the normal CDF Φ. */
    public static Tensor gelu(Tensor x) { return x.gelu(); }

    /**
     * GELU, exact or (with {@code tanhApproximation}) PyTorch's {@code approximate='tanh'} form
     * {@code 0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))}.
     */
    public static Tensor gelu(Tensor x, boolean tanhApproximation) {
        if (!tanhApproximation) return x.gelu();
        Tensor inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1)).mul(0.5);
    }

    /** {@code x·sigmoid(x)} (also called swish). */
    public static Tensor silu(Tensor x) { return x.silu(); }

    /** {@code 1 / (1 + e^-x)}. */
    public static Tensor sigmoid(Tensor x) { return x.sigmoid(); }

    /** The hyperbolic tangent. */
    public static Tensor tanh(Tensor x) { return x.tanh(); }

    /** Softmax along {@code dim}: non-negative values that sum to 1. */
    public static Tensor softmax(Tensor x, int dim) { return x.softmax(dim); }

    /** Log of the softmax along {@code dim}, computed stably. */
    public static Tensor logSoftmax(Tensor x, int dim) { return x.logSoftmax(dim); }

    // ------------------------------------------------------------------ layers

    /**
     * {@code y = x·Wᵀ + b} for a weight [out, in], an optional bias [out] (null for none) and an
     * input [..., in]; the output is [..., out].
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return linear(x, weight, bias, null);
    }

    /** {@link #linear(Tensor, Tensor, Tensor)} with a layer's packed-weight cache (may be null). */
    static Tensor linear(Tensor x, Tensor weight, Tensor bias, PackedWeight cache) {
        return linear(x, weight, bias, cache, false);
    }

    /**
     * {@code relu(x·Wᵀ + b)} as one op where the fused Linear takes the input (2-D float32, or more dims
     * flattened), else the two ops; the same values and gradients either way.
     */
    static Tensor linearRelu(Tensor x, Tensor weight, Tensor bias, PackedWeight cache) {
        return linear(x, weight, bias, cache, true);
    }

    private static Tensor linear(Tensor x, Tensor weight, Tensor bias, PackedWeight cache, boolean relu) {
        if (weight.dim() != 2)
            throw new IllegalArgumentException("linear: weight must be 2-D [out, in], got shape " + Shape.format(weight.shape()));
        int in = weight.size(1), out = weight.size(0);
        if (x.dim() == 0 || x.size(-1) != in)
            throw new IllegalArgumentException("linear: input shape " + Shape.format(x.shape()) + " does not fit weight shape "
                    + Shape.format(weight.shape()) + " (the input's last dim must be in_features = " + in + ")");
        if (bias != null && (bias.dim() != 1 || bias.size(0) != out))
            throw new IllegalArgumentException("linear: bias shape " + Shape.format(bias.shape()) + " does not fit weight shape "
                    + Shape.format(weight.shape()) + " (expected [" + out + "])");
        if (LinearOp.supports(x, weight, bias)) return LinearOp.apply(x, weight, bias, cache, relu);
        if (x.dim() > 2 && x.dtype() == weight.dtype()) {
            int[] outShape = x.shape();
            outShape[outShape.length - 1] = out;
            Tensor x2 = x.reshape(-1, in);
            if (LinearOp.supports(x2, weight, bias)) return LinearOp.apply(x2, weight, bias, cache, relu).reshape(outShape);
        }
        Tensor y;
        if (x.dim() > 2) {
            // One GEMM over all leading dims instead of one per batch entry.
            int[] outShape = x.shape();
            outShape[outShape.length - 1] = out;
            y = x.reshape(-1, in).matmul(weight.t()).reshape(outShape);
        } else {
            y = x.matmul(weight.t());
        }
        y = bias == null ? y : y.add(bias);
        return relu ? y.relu() : y;
    }

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code p} (mask from the
     * global seeded generator) and scales the rest by {@code 1/(1-p)}; otherwise returns {@code x}.
     */
    public static Tensor dropout(Tensor x, double p, boolean training) {
        return DropoutOp.dropout(x, p, training);
    }

    /**
     * Layer normalisation over the trailing {@code normalizedShape} dims: {@code (x - mean) / √(var + eps)}
     * with the biased variance, then {@code ·weight + bias} (both of {@code normalizedShape}, or null).
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        return Normalization.layerNorm(x, normalizedShape, weight, bias, eps);
    }

    /**
     * Batch normalisation of an input [N, C, *] per channel C. In training it normalises with the
     * batch's biased variance and, when running statistics are given, updates them in place
     * ({@code running = (1-momentum)·running + momentum·batch}, variance unbiased); otherwise it uses
     * the running statistics. {@code weight} and {@code bias} ([C]) may be null.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, false);
    }

    /**
     * {@code relu(batchNorm(...))} in one pass each way: the same values and gradients as the two ops
     * (bit for bit), without the intermediate tensor and its gradient. The residual network uses it
     * after every convolution but the last of a block.
     */
    public static Tensor batchNormRelu(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                       boolean training, double momentum, double eps) {
        return Normalization.batchNorm(x, runningMean, runningVar, weight, bias, training, momentum, eps, true);
    }

    /**
     * {@code relu(a + b)} in one pass each way, as a residual block ends: the same values and
     * gradients as {@code a.add(b).relu()} without the intermediate sum and its gradient. Tensors of
     * different shapes (broadcasting) or non-float types take the two ops.
     */
    public static Tensor addRelu(Tensor a, Tensor b) {
        return AddRelu.apply(a, b);
    }

    /** Looks up rows of {@code weight} [num, dim] for int64 {@code indices} of any shape; output is shape + [dim]. */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        return EmbeddingOp.embedding(indices, weight, -1);
    }

    /**
     * Like {@link #embedding(Tensor, Tensor)}, but the row {@code paddingIdx} (negative counts from
     * the end) receives no gradient.
     */
    public static Tensor embedding(Tensor indices, Tensor weight, int paddingIdx) {
        if (weight.dim() != 2)
            throw new IllegalArgumentException("embedding: weight must be 2-D [num, dim], got shape " + Shape.format(weight.shape()));
        int n = weight.size(0);
        if (paddingIdx < -n || paddingIdx >= n)
            throw new IllegalArgumentException("embedding: paddingIdx " + paddingIdx + " is out of range for " + n + " embeddings");
        return EmbeddingOp.embedding(indices, weight, paddingIdx < 0 ? paddingIdx + n : paddingIdx);
    }

    // ------------------------------------------------------------------ convolution and pooling

    /** 2-D convolution of [N, C, H, W] by a weight [O, C, kh, kw] with equal stride and padding on both axes. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(x, weight, bias, stride, stride, padding, padding, 1, 1, 1);
    }

    /** 2-D convolution with per-axis stride, padding and dilation ({@code {h, w}}) and channel groups. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        checkPair("conv2d", "stride", stride);
        checkPair("conv2d", "padding", padding);
        checkPair("conv2d", "dilation", dilation);
        return Convolution.conv2d(x, weight, bias, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups);
    }

    /** Max pooling with a square window of size {@code k} and stride {@code k}. */
    public static Tensor maxPool2d(Tensor x, int k) { return maxPool2d(x, k, k, 0); }

    /** Max pooling with a square window and the given stride. */
    public static Tensor maxPool2d(Tensor x, int k, int stride) { return maxPool2d(x, k, stride, 0); }

    /** Max pooling with a square window, stride and padding (padded cells never win). */
    public static Tensor maxPool2d(Tensor x, int k, int stride, int padding) {
        return Pool2d.maxPool2d(x, k, k, stride, stride, padding, padding);
    }

    /** Average pooling with a square window of size {@code k} and stride {@code k}. */
    public static Tensor avgPool2d(Tensor x, int k) { return avgPool2d(x, k, k, 0); }

    /** Average pooling with a square window and the given stride. */
    public static Tensor avgPool2d(Tensor x, int k, int stride) { return avgPool2d(x, k, stride, 0); }

    /** Average pooling with a square window, stride and zero padding (padding counted in the average, as PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, int k, int stride, int padding) {
        return Pool2d.avgPool2d(x, k, k, stride, stride, padding, padding, true);
    }

    /** Average pooling to a fixed output size {@code outH × outW}, whatever the input size. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        return Pool2d.adaptiveAvgPool2d(x, outH, outW);
    }

    private static void checkPair(String op, String what, int[] v) {
        if (v == null || v.length != 2)
            throw new IllegalArgumentException(op + ": " + what + " must have 2 values {h, w}, got "
                    + (v == null ? "null" : java.util.Arrays.toString(v)));
    }

    // ------------------------------------------------------------------ losses

    /**
     * Cross-entropy of {@code logits} [N, C] (or [N, C, d1, …], or [C]) against int64 class indices
     * [N] (or [N, d1, …]), or against float class probabilities of the logits' shape; mean over samples.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, CrossEntropyOptions.DEFAULTS);
    }

    /** Cross-entropy with the given reduction. */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
        return crossEntropy(logits, target, CrossEntropyOptions.DEFAULTS.withReduction(reduction));
    }

    /** Cross-entropy with label smoothing {@code eps} (PyTorch's {@code label_smoothing}). */
    public static Tensor crossEntropy(Tensor logits, Tensor target, double labelSmoothing) {
        return crossEntropy(logits, target, CrossEntropyOptions.DEFAULTS.withLabelSmoothing(labelSmoothing));
    }

    /**
     * Cross-entropy with class weights, an ignored target value, label smoothing and a reduction,
     * with PyTorch's formulas: the mean divides by the summed weight of the non-ignored targets.
     * When every target is ignored, the mean is NaN, as in PyTorch.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, CrossEntropyOptions options) {
        return Losses.crossEntropy(logits, target, options);
    }

    /** Negative log-likelihood of log-probabilities [N, C] (or [N, C, d1, …]) at int64 targets [N]; mean. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target) {
        return nllLoss(logProbs, target, null, -100, Reduction.MEAN);
    }

    /** Negative log-likelihood with class weights (or null), an ignored target value and a reduction. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Tensor weight, long ignoreIndex, Reduction reduction) {
        return Losses.nllLoss(logProbs, target, weight, ignoreIndex, reduction);
    }

    /** Mean squared error of two tensors of the same shape. */
    public static Tensor mseLoss(Tensor input, Tensor target) { return mseLoss(input, target, Reduction.MEAN); }

    /** Squared error with the given reduction. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.pointwise(Losses.Kind.MSE, input, target, 0, null, reduction);
    }

    /** Mean absolute error of two tensors of the same shape. */
    public static Tensor l1Loss(Tensor input, Tensor target) { return l1Loss(input, target, Reduction.MEAN); }

    /** Absolute error with the given reduction. */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return Losses.pointwise(Losses.Kind.L1, input, target, 0, null, reduction);
    }

    /** Smooth L1 (Huber-like) loss with {@code beta = 1}: quadratic below 1, linear above. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) { return smoothL1Loss(input, target, 1.0, Reduction.MEAN); }

    /**
     * Smooth L1 loss: {@code 0.5d²/beta} where {@code |d| < beta}, else {@code |d| - 0.5beta}
     * ({@code beta = 0} gives the L1 loss).
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        if (!(beta >= 0)) throw new IllegalArgumentException("smoothL1Loss: beta must be >= 0, got " + beta);
        return Losses.pointwise(Losses.Kind.SMOOTH_L1, input, target, beta, null, reduction);
    }

    /** Binary cross-entropy of raw scores (logits) against targets in [0, 1] of the same shape; stable for any logit. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy with logits, with an optional {@code posWeight} (broadcast against the
     * logits, typically [C]; it scales the positive term and receives no gradient) and a reduction.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor posWeight, Reduction reduction) {
        return Losses.pointwise(Losses.Kind.BCE_WITH_LOGITS, logits, target, 0, posWeight, reduction);
    }

    /** Throws unless {@code t} is float32, naming the op and argument. */
    static void requireFloat(String op, String what, Tensor t) {
        if (t.dtype() != DType.FLOAT32)
            throw new IllegalArgumentException(op + ": " + what + " must be float32, got " + t.dtype() + " " + Shape.format(t.shape()));
    }
}
