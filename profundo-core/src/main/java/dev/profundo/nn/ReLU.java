package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** The rectified linear unit, {@code max(x, 0)}, elementwise. */
public class ReLU extends Layer {
    /** The activation, applied elementwise to any input shape. */
    public ReLU() {}

    @Override
    public Tensor forward(Tensor input) {
        return F.relu(input);
    }
}
