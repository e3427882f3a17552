package dev.profundo.nn;

import dev.profundo.tensor.Tensor;

/** Returns its input unchanged: a placeholder where an architecture optionally has a layer. */
public class Identity extends Layer {
    /** The identity layer. */
    public Identity() {}

    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}
