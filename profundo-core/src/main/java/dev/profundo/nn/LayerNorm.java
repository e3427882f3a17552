package dev.profundo.nn;

import dev.profundo.tensor.Shape;
import dev.profundo.tensor.Tensor;

/**
 * Layer normalisation over the trailing {@code normalizedShape} dims: each sample is shifted to
 * mean 0 and scaled to variance 1 (biased, plus {@code eps}), then scaled by {@code weight} and
 * shifted by {@code bias} (ones and zeros at start).
 *
 * <p>Shape: input [..., *normalizedShape] → same shape.
 */
public class LayerNorm extends Layer {
    private final int[] normalizedShape;
    private final double eps;
    private final Tensor weight, bias;

    /** LayerNorm with eps 1e-5 and a learned elementwise affine. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, 1e-5, true);
    }

    /** LayerNorm with the given eps, with or without the learned elementwise affine. */
    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape.length == 0)
            throw new IllegalArgumentException("LayerNorm: normalizedShape must name at least one dim");
        Shape.numel(normalizedShape);
        if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm: eps must be > 0, got " + eps);
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? registerParameter("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? registerParameter("bias", Tensor.zeros(normalizedShape)) : null;
    }

    /** The scale (shape normalizedShape), or null without affine. */
    public Tensor weight() { return weight; }

    /** The shift (shape normalizedShape), or null without affine. */
    public Tensor bias() { return bias; }

    @Override
    public Tensor forward(Tensor input) {
        return F.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    @Override
    public String describe() {
        return "LayerNorm(" + Shape.format(normalizedShape) + (weight == null ? ", affine=false" : "") + ")";
    }
}
