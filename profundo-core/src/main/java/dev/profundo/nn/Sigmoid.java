package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** The logistic sigmoid, {@code 1/(1+e^-x)}, elementwise. */
public class Sigmoid extends Layer {
    /** The activation, applied elementwise to any input shape. */
    public Sigmoid() {}

    @Override
    public Tensor forward(Tensor input) {
        return F.sigmoid(input);
    }
}
