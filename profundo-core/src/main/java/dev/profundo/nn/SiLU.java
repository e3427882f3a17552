package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** The sigmoid linear unit (swish), {@code x·sigmoid(x)}, elementwise. */
public class SiLU extends Layer {
    /** The activation, applied elementwise to any input shape. */
    public SiLU() {}

    @Override
    public Tensor forward(Tensor input) {
        return F.silu(input);
    }
}
