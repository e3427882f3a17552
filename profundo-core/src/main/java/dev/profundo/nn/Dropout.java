package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/**
 * Inverted dropout: in training, zeroes each element with probability {@code p} and scales the
 * rest by {@code 1/(1-p)}; in eval mode, the identity. The mask comes from the global seeded
 * generator, so {@code Tensor.manualSeed} makes it reproducible.
 */
public class Dropout extends Layer {
    private final double p;

    /** Dropout with PyTorch's default probability 0.5. */
    public Dropout() {
        this(0.5);
    }

    /** Dropout with drop probability {@code p} in [0, 1). */
    public Dropout(double p) {
        DropoutOp.checkP(p);
        this.p = p;
    }

    /** The drop probability. */
    public double p() { return p; }

    @Override
    public Tensor forward(Tensor input) {
        return F.dropout(input, p, isTraining());
    }

    @Override
    public String describe() {
        return "Dropout(p=" + p + ")";
    }
}
