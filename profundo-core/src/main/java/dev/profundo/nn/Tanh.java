package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** The hyperbolic tangent, elementwise. */
public class Tanh extends Layer {
    /** The activation, applied elementwise to any input shape. */
    public Tanh() {}

    @Override
    public Tensor forward(Tensor input) {
        return F.tanh(input);
    }
}
