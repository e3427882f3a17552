package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** The Gaussian error linear unit {@code x·Φ(x)}, exact (erf) or with PyTorch's tanh approximation. */
public class GELU extends Layer {
    private final boolean tanhApproximation;

    /** The exact GELU (PyTorch's {@code approximate='none'}). */
    public GELU() {
        this("none");
    }

    /** GELU with {@code approximate} = {@code "none"} (exact) or {@code "tanh"}, as PyTorch. */
    public GELU(String approximate) {
        if (!"none".equals(approximate) && !"tanh".equals(approximate))
            throw new IllegalArgumentException("GELU: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
        this.tanhApproximation = approximate.equals("tanh");
    }

    @Override
    public Tensor forward(Tensor input) {
        return F.gelu(input, tanhApproximation);
    }

    @Override
    public String describe() {
        return tanhApproximation ? "GELU(approximate=tanh)" : "GELU";
    }
}
