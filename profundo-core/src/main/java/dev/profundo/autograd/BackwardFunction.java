package dev.profundo.autograd;

import dev.profundo.tensor.Tensor;

/**
 * The backward rule of one op: given the gradient of the loss with respect to the op's output,
 * returns the gradient with respect to each input (in input order; {@code null} for an input that
 * needs none). Gradients must have the input's shape.
 */
@FunctionalInterface
public interface BackwardFunction {
    /** Computes the input gradients from the output gradient. */
    Tensor[] apply(Tensor gradOutput);
}
