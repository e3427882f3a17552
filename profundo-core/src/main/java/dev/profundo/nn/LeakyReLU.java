package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** Leaky ReLU: {@code x} where positive, {@code slope·x} elsewhere, elementwise. */
public class LeakyReLU extends Layer {
    private final double negativeSlope;

    /** Leaky ReLU with PyTorch's default slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** Leaky ReLU with the given slope for negative inputs. */
    public LeakyReLU(double negativeSlope) {
        if (!Double.isFinite(negativeSlope))
            throw new IllegalArgumentException("LeakyReLU: negativeSlope must be finite, got " + negativeSlope);
        this.negativeSlope = negativeSlope;
    }

    /** The slope for negative inputs. */
    public double negativeSlope() { return negativeSlope; }

    @Override
    public Tensor forward(Tensor input) {
        return F.leakyRelu(input, negativeSlope);
    }

    @Override
    public String describe() {
        return "LeakyReLU(" + negativeSlope + ")";
    }
}
